// One line of text for the terminal or a log, built in fixed storage (no String on the device) and
// written with one write(2).

import CVigilIO

/// A line of at most 1 KiB being built; what does not fit is dropped (and `truncated` set).
public struct TextLine {
  public static let capacity = 1024
  @usableFromInline var bytes = InlineArray<1024, UInt8>(repeating: 0)
  public private(set) var count = 0
  public private(set) var truncated = false

  public init() {}
  public init(_ s: StaticString) { put(s) }

  public mutating func put(byte: UInt8) {
    guard count < Self.capacity else { truncated = true; return }
    bytes[count] = byte
    count &+= 1
  }
  public mutating func put(_ s: StaticString) {
    let p = s.utf8Start
    for i in 0..<s.utf8CodeUnitCount { put(byte: p[i]) }
  }
  /// Bytes as they are, except control bytes and DEL, which are written as `\xNN` (a NUL or an escape
  /// sequence from a file never reaches the terminal raw).
  public mutating func put(escaping b: UnsafeBufferPointer<UInt8>) {
    for c in b {
      if c < 32 || c == 127 { put("\\x"); put(hexDigit: c &>> 4); put(hexDigit: c & 15) } else { put(byte: c) }
    }
  }
  /// A snake_case name as words: `_` written as a space.
  public mutating func put(words s: StaticString) {
    let p = s.utf8Start
    for i in 0..<s.utf8CodeUnitCount { put(byte: p[i] == 95 ? 32 : p[i]) }
  }
  public mutating func put(_ p: FixedPath) {
    var i = 0
    while i < p.count { put(byte: p[i]); i &+= 1 }
  }
  /// A NUL-terminated C string (e.g. strerror's).
  public mutating func put(cString: UnsafePointer<CChar>) {
    var i = 0
    while cString[i] != 0 && i < Self.capacity { put(byte: UInt8(bitPattern: cString[i])); i &+= 1 }
  }
  public mutating func put(decimal v: UInt64) {
    var digits = InlineArray<20, UInt8>(repeating: 0)
    var n = 0, x = v
    repeat { digits[n] = UInt8(truncatingIfNeeded: x % 10) &+ 48; x /= 10; n &+= 1 } while x > 0
    while n > 0 { n &-= 1; put(byte: digits[n]) }
  }
  public mutating func put(decimal v: UInt32) { put(decimal: UInt64(_truncatingBits: UInt(v))) }
  public mutating func put(decimal v: Int) {
    if v < 0 { put(byte: 45); put(decimal: UInt64(_truncatingBits: UInt(bitPattern: 0 &- v))) }
    else { put(decimal: UInt64(_truncatingBits: UInt(bitPattern: v))) }
  }
  public mutating func put(decimal v: Int32) { put(decimal: Int(v)) }
  mutating func put(hexDigit d: UInt8) { put(byte: d < 10 ? d &+ 48 : d &+ 87) }
  /// `0xNN`.
  public mutating func put(hex v: UInt8) { put("0x"); put(hexDigit: v &>> 4); put(hexDigit: v & 15) }
  /// A value in thousandths with the trailing zeros dropped: 800000 → "800", 6250 → "6.25".
  public mutating func put(milli v: UInt64) {
    put(decimal: v / 1000)
    var frac = v % 1000
    if frac == 0 { return }
    put(byte: 46)
    var div: UInt64 = 100
    while frac > 0 && div > 0 { put(byte: UInt8(truncatingIfNeeded: frac / div) &+ 48); frac %= div; div /= 10 }
  }
  /// A signed value with `fractionDigits` decimals from `value / scale` (e.g. counts → g).
  public mutating func put(ratio value: Int64, over scale: Int64, fractionDigits: Int) {
    var v = value
    if v < 0 { put(byte: 45); v = 0 &- v }
    var m: Int64 = 1
    for _ in 0..<fractionDigits { m &*= 10 }
    let scaled = (v &* m &+ scale / 2) / scale
    put(decimal: UInt64(bitPattern: scaled / m))
    if fractionDigits == 0 { return }
    put(byte: 46)
    var frac = scaled % m, div = m / 10
    while div > 0 { put(byte: UInt8(truncatingIfNeeded: frac / div) &+ 48); frac %= div; div /= 10 }
  }

  /// The bytes so far.
  public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var copy = bytes
    let n = count
    return withUnsafeMutablePointer(to: &copy) { p in
      p.withMemoryRebound(to: UInt8.self, capacity: Self.capacity) { body(UnsafeBufferPointer(start: $0, count: n)) }
    }
  }

  /// Writes the line and a newline to `fd`: 0, or −errno.
  @discardableResult
  public mutating func writeLine(to fd: Int32) -> Int32 {
    put(byte: 10)
    if truncated { bytes[Self.capacity &- 1] = 10 }
    return withBytes { b in vigil_io_write_all(fd, b.baseAddress!, UInt32(truncatingIfNeeded: b.count)) }
  }
}
