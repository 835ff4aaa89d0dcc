// Bounds-checked little-endian writing into caller-owned bytes (model files, event frames).

/// Writes little-endian values into a caller-owned buffer; once a write does not fit, `overflowed` is set
/// and nothing more is written.
public struct ByteWriter {
  @usableFromInline let bytes: UnsafeMutableBufferPointer<UInt8>
  /// Bytes written so far.
  public private(set) var count = 0
  /// True once a write did not fit.
  public private(set) var overflowed = false

  public init(_ bytes: UnsafeMutableBufferPointer<UInt8>) { self.bytes = bytes }

  public mutating func u8(_ v: UInt8) {
    guard !overflowed, count < bytes.count else { overflowed = true; return }
    bytes[count] = v
    count &+= 1
  }
  public mutating func u16(_ v: UInt16) { u8(UInt8(truncatingIfNeeded: v)); u8(UInt8(truncatingIfNeeded: v &>> 8)) }
  public mutating func u32(_ v: UInt32) {
    for i in 0..<4 { u8(UInt8(truncatingIfNeeded: v &>> UInt32(8 &* i))) }
  }
  public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
  public mutating func u64(_ v: UInt64) {
    u32(UInt32(truncatingIfNeeded: v)); u32(UInt32(truncatingIfNeeded: v &>> 32))
  }
  /// Writes a static ASCII string.
  public mutating func ascii(_ s: StaticString) {
    let p = s.utf8Start
    for i in 0..<s.utf8CodeUnitCount { u8(p[i]) }
  }
  /// The bytes written so far.
  public var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[0..<count]) }
}
