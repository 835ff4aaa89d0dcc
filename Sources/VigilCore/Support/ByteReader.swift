// Bounds-checked little-endian reading over caller-owned bytes (model files, event frames).

/// Reads little-endian values from a byte buffer; every read checks the bounds.
public struct ByteReader {
  @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
  /// Offset of the next byte to read.
  public private(set) var offset: Int

  public init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) { self.bytes = bytes; self.offset = offset }

  /// Bytes left.
  public var remaining: Int { bytes.count &- offset }

  public mutating func u8() -> UInt8? {
    guard offset < bytes.count else { return nil }
    defer { offset &+= 1 }
    return bytes[offset]
  }
  public mutating func u16() -> UInt16? {
    guard remaining >= 2 else { return nil }
    defer { offset &+= 2 }
    return UInt16(bytes[offset]) | UInt16(bytes[offset &+ 1]) &<< 8
  }
  public mutating func u32() -> UInt32? {
    guard remaining >= 4 else { return nil }
    var v: UInt32 = 0
    for i in 0..<4 { v |= UInt32(bytes[offset &+ i]) &<< UInt32(8 &* i) }
    offset &+= 4
    return v
  }
  public mutating func i8() -> Int8? { u8().map { Int8(bitPattern: $0) } }
  public mutating func i32() -> Int32? { u32().map { Int32(bitPattern: $0) } }
  /// Skips `n` bytes (false if fewer remain).
  public mutating func skip(_ n: Int) -> Bool {
    guard n >= 0, remaining >= n else { return false }
    offset &+= n
    return true
  }
}
