// A file or device path held in fixed storage (no String on the device).

/// A path of at most 127 bytes, NUL-terminated so it can be handed to C as it is.
public struct FixedPath: Equatable, Sendable {
  public static let capacity = 127
  @usableFromInline var storage = InlineArray<128, UInt8>(repeating: 0)
  /// Length in bytes (without the NUL).
  public private(set) var count = 0

  public init() {}

  /// A path from a static string (truncated at `capacity`; used for compiled-in defaults).
  public init(_ s: StaticString) {
    let p = s.utf8Start
    for i in 0..<min(s.utf8CodeUnitCount, Self.capacity) { storage[i] = p[i] }
    count = min(s.utf8CodeUnitCount, Self.capacity)
  }

  /// A path from bytes, or nil when longer than `capacity` or holding a NUL.
  public init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count <= Self.capacity else { return nil }
    for i in 0..<bytes.count {
      guard bytes[i] != 0 else { return nil }
      storage[i] = bytes[i]
    }
    count = bytes.count
  }

  public var isEmpty: Bool { count == 0 }

  /// Byte `i` (0 ..< count).
  public subscript(i: Int) -> UInt8 { storage[i] }

  /// Calls `body` with the NUL-terminated bytes (a C string).
  public func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
    var copy = storage
    return withUnsafeMutablePointer(to: &copy) { p in
      p.withMemoryRebound(to: CChar.self, capacity: 128) { body(UnsafePointer($0)) }
    }
  }

  /// True when the path equals `s`.
  public func equals(_ s: StaticString) -> Bool {
    guard s.utf8CodeUnitCount == count else { return false }
    let p = s.utf8Start
    for i in 0..<count where storage[i] != p[i] { return false }
    return true
  }

  public static func == (a: FixedPath, b: FixedPath) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a.storage[i] != b.storage[i] { return false }
    return true
  }
}
