// A small zlib / DEFLATE decoder (RFC 1950 / 1951) in pure Swift, so reading compressed MATLAB files needs
// no system library. Stored, fixed-Huffman and dynamic-Huffman blocks; checks the Adler-32.

import Foundation

public struct InflateError: Error, CustomStringConvertible {
  public var description: String
}

/// Decompresses a zlib stream (2-byte header, DEFLATE data, Adler-32). The output may not exceed `limit`
/// bytes, nor, once its first 8 bytes are out, what `declaredSize` reads from them (e.g. a MAT element's
/// tag): a stream that inflates past either is rejected as soon as it does (no zip bomb is inflated).
public func zlibDecompress(_ input: ArraySlice<UInt8>, limit: Int = 1 << 30,
                           declaredSize: ((ArraySlice<UInt8>) -> Int?)? = nil) throws -> [UInt8] {
  guard input.count >= 6 else { throw InflateError(description: "zlib stream too short") }
  let cmf = input[input.startIndex], flg = input[input.startIndex + 1]
  guard cmf & 0x0F == 8, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw InflateError(description: "not a zlib stream (bad header)") }
  guard flg & 0x20 == 0 else { throw InflateError(description: "zlib preset dictionary not supported") }
  var d = Inflater(input, start: input.startIndex + 2)
  d.limit = limit; d.declaredSize = declaredSize
  let out = try d.run()
  let i = d.bytePosition          // the Adler-32 follows the last block, byte-aligned
  guard i + 4 <= input.endIndex else { throw InflateError(description: "zlib stream truncated (no Adler-32)") }
  let want = UInt32(input[i]) << 24 | UInt32(input[i + 1]) << 16 | UInt32(input[i + 2]) << 8 | UInt32(input[i + 3])
  guard adler32(out) == want else { throw InflateError(description: "zlib Adler-32 mismatch: corrupted data") }
  return out
}

func adler32(_ b: [UInt8]) -> UInt32 {
  var a: UInt32 = 1, s: UInt32 = 0
  var i = 0
  while i < b.count {
    let end = min(b.count, i + 5552)
    while i < end { a += UInt32(b[i]); s += a; i += 1 }
    a %= 65521; s %= 65521
  }
  return s << 16 | a
}

struct Inflater {
  let data: ArraySlice<UInt8>
  var pos: Int           // bit position from `start`
  let start: Int
  var out: [UInt8] = []
  var limit = Int.max
  var declaredSize: ((ArraySlice<UInt8>) -> Int?)? = nil

  init(_ data: ArraySlice<UInt8>, start: Int) { self.data = data; self.start = start; pos = 0 }

  /// Checks the output size after a block, a literal run or a match: past the limit (or, once 8 bytes are
  /// out, past the declared size) is an error.
  mutating func checkSize() throws {
    if let declared = declaredSize, out.count >= 8 {
      declaredSize = nil
      if let n = declared(out[0..<8]) {
        guard n <= limit else { throw InflateError(description: "inflated element declares \(n) bytes, more than the \(limit)-byte limit") }
        limit = n
      }
    }
    guard out.count <= limit else { throw InflateError(description: "inflates past its declared size of \(limit) bytes") }
  }

  /// Index of the byte after the current (partially consumed) byte.
  var bytePosition: Int { start + (pos + 7) / 8 }

  mutating func bit() throws -> Int {
    let i = start + pos >> 3
    guard i < data.endIndex else { throw InflateError(description: "deflate data truncated") }
    let b = Int(data[i] >> UInt8(pos & 7)) & 1
    pos += 1
    return b
  }
  mutating func bits(_ n: Int) throws -> Int {
    var v = 0
    for k in 0..<n { v |= try bit() << k }
    return v
  }

  struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []
    init(lengths: [Int]) throws {
      for l in lengths { counts[l] += 1 }
      counts[0] = 0
      var offs = [Int](repeating: 0, count: 16)
      for l in 1..<16 { offs[l] = offs[l - 1] + counts[l - 1] }
      symbols = [Int](repeating: 0, count: lengths.count)
      for (s, l) in lengths.enumerated() where l != 0 { symbols[offs[l]] = s; offs[l] += 1 }
    }
  }

  mutating func decode(_ h: Huffman) throws -> Int {
    var code = 0, first = 0, index = 0
    for len in 1..<16 {
      code |= try bit()
      let count = h.counts[len]
      if code - count < first { return h.symbols[index + (code - first)] }
      index += count; first += count
      first <<= 1; code <<= 1
    }
    throw InflateError(description: "invalid Huffman code in deflate data")
  }

  static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
  static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                         4097, 6145, 8193, 12289, 16385, 24577]
  static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
  static let fixedLit = try! Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
  static let fixedDist = try! Huffman(lengths: [Int](repeating: 5, count: 30))

  mutating func run() throws -> [UInt8] {
    var last = 0
    repeat {
      last = try bit()
      switch try bits(2) {
      case 0: try stored()
      case 1: try block(Self.fixedLit, Self.fixedDist)
      case 2: let (l, d) = try dynamicTables(); try block(l, d)
      default: throw InflateError(description: "invalid deflate block type")
      }
    } while last == 0
    return out
  }

  mutating func stored() throws {
    pos = (pos + 7) & ~7
    let i = start + pos / 8
    guard i + 4 <= data.endIndex else { throw InflateError(description: "deflate stored block truncated") }
    let len = Int(data[i]) | Int(data[i + 1]) << 8, nlen = Int(data[i + 2]) | Int(data[i + 3]) << 8
    guard len == (~nlen & 0xFFFF) else { throw InflateError(description: "deflate stored block length check failed") }
    guard i + 4 + len <= data.endIndex else { throw InflateError(description: "deflate stored block truncated") }
    out.append(contentsOf: data[(i + 4)..<(i + 4 + len)])
    pos += (4 + len) * 8
    try checkSize()
  }

  mutating func dynamicTables() throws -> (Huffman, Huffman) {
    let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
    guard nlen <= 286, ndist <= 30 else { throw InflateError(description: "bad deflate dynamic table sizes") }
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var cl = [Int](repeating: 0, count: 19)
    for k in 0..<ncode { cl[order[k]] = try bits(3) }
    let clh = try Huffman(lengths: cl)
    var lengths: [Int] = []
    while lengths.count < nlen + ndist {
      let sym = try decode(clh)
      switch sym {
      case 0..<16: lengths.append(sym)
      case 16:
        guard let prev = lengths.last else { throw InflateError(description: "deflate repeat with no previous length") }
        lengths += [Int](repeating: prev, count: 3 + (try bits(2)))
      case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
      default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
      }
    }
    guard lengths.count == nlen + ndist else { throw InflateError(description: "deflate code lengths overrun") }
    return (try Huffman(lengths: Array(lengths[0..<nlen])), try Huffman(lengths: Array(lengths[nlen...])))
  }

  mutating func block(_ lit: Huffman, _ dist: Huffman) throws {
    while true {
      let sym = try decode(lit)
      if sym < 256 { out.append(UInt8(sym)); if out.count & 0xFF == 0 || out.count == 8 { try checkSize() }; continue }
      if sym == 256 { try checkSize(); return }
      let li = sym - 257
      guard li < 29 else { throw InflateError(description: "invalid deflate length symbol") }
      let len = Self.lengthBase[li] + (try bits(Self.lengthExtra[li]))
      let ds = try decode(dist)
      guard ds < 30 else { throw InflateError(description: "invalid deflate distance symbol") }
      let d = Self.distBase[ds] + (try bits(Self.distExtra[ds]))
      guard d <= out.count else { throw InflateError(description: "deflate distance beyond the output") }
      let from = out.count - d
      for k in 0..<len { out.append(out[from + k]) }
      try checkSize()
    }
  }
}
