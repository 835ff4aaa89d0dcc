// Small, valid synthetic recordings of every supported format: the fuzzer's seed inputs (and test
// fixtures). Written from their format descriptions, not by the readers, so a reader bug cannot hide in them.

import Foundation

enum FuzzSeeds {
  /// A deterministic test signal: a few sines, in g.
  static func signal(_ i: Int, axis: Int) -> Double {
    let t = Double(i) / 1000
    return 0.5 * sin(2 * .pi * 37 * t + Double(axis)) + 0.1 * sin(2 * .pi * 211 * t) + 0.01 * Double(axis)
  }

  /// A PRONOSTIA snapshot: 2560 rows "h,m,s,µs,horiz_g,vert_g" starting at the given clock.
  static func pronostiaSnapshot(hour: Int, minute: Int, second: Int) -> [UInt8] {
    var s = ""
    for i in 0..<2560 {
      let us = i * 39
      s += "\(hour),\(minute),\(second + us / 1_000_000),\(us % 1_000_000),\(String(format: "%.3f", signal(i, axis: 0))),\(String(format: "%.3f", signal(i, axis: 1)))\n"
    }
    return Array(s.utf8)
  }

  /// An IMS snapshot: `rows` tab-separated rows of 4 channels.
  static func imsSnapshot(rows: Int) -> [UInt8] {
    Array((0..<rows).map { i in (0..<4).map { String(format: "%.3f", signal(i, axis: $0)) }.joined(separator: "\t") + "\n" }.joined().utf8)
  }

  /// A CbM file: "t;x_V;y_V;z_V" rows, the first with three extra values.
  static func cbm(rows: Int) -> [UInt8] {
    var s = ""
    for i in 0..<rows {
      s += String(format: "%.5f", Double(i) / 20_000) + (0..<3).map { String(format: ";%.4f", 0.9 + 0.08 * signal(i, axis: $0)) }.joined()
      s += i == 0 ? ";1;2;3\n" : "\n"
    }
    return Array(s.utf8)
  }

  static func le16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
  static func le32(_ v: Int) -> [UInt8] { le16(v) + le16(v >> 16) }

  /// A WAV file: PCM 16-bit (`float: false`) or float 32-bit, `channels` channels, `frames` frames.
  static func wav(channels: Int, frames: Int, rate: Int = 8000, float: Bool) -> [UInt8] {
    var data: [UInt8] = []
    for f in 0..<frames {
      for c in 0..<channels {
        let g = signal(f, axis: c)
        if float { data += le32(Int(Float(g).bitPattern)) } else { data += le16(Int((g / 16 * 32767).rounded())) }
      }
    }
    let bytes = float ? 4 : 2
    let fmt = le16(float ? 3 : 1) + le16(channels) + le32(rate) + le32(rate * channels * bytes) + le16(channels * bytes) + le16(bytes * 8)
    return Array("RIFF".utf8) + le32(4 + 8 + fmt.count + 8 + data.count) + Array("WAVE".utf8) +
      Array("fmt ".utf8) + le32(fmt.count) + fmt + Array("data".utf8) + le32(data.count) + data
  }

  /// Raw interleaved Int16 frames and a segment index splitting them into `segments` equal snapshots 10 s apart.
  static func raw(axes: Int, frames: Int, segments: Int) -> (data: [UInt8], index: [UInt8]) {
    var data: [UInt8] = []
    for f in 0..<frames { for a in 0..<axes { data += le16(Int((signal(f, axis: a) / 16 * 32767).rounded())) } }
    let per = frames / segments
    let index = "time_s,frames\n" + (0..<segments).map { "\(Double($0) * 10),\(per)\n" }.joined()
    return (data, Array(index.utf8))
  }

  // MATLAB v5 -----------------------------------------------------------------------------------------

  static func padded(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (8 - b.count % 8) % 8) }
  static func element(_ type: Int, _ body: [UInt8]) -> [UInt8] { le32(type) + le32(body.count) + padded(body) }

  /// A miMATRIX element: a double (class 6, miDOUBLE) or uint16 (class 11, miUINT16) column.
  static func matMatrix(name: String, values: [Double], uint16: Bool = false) -> [UInt8] {
    let flags = element(6, le32(uint16 ? 11 : 6) + le32(0))
    let dims = element(5, le32(values.count) + le32(1))
    let nm = element(1, Array(name.utf8))
    let data = uint16 ? element(4, values.flatMap { le16(Int($0)) })
                      : element(9, values.flatMap { v -> [UInt8] in let b = v.bitPattern; return le32(Int(b & 0xFFFF_FFFF)) + le32(Int(b >> 32)) })
    return element(14, flags + dims + nm + data)
  }

  static func matHeader() -> [UInt8] {
    let text = Array("MATLAB 5.0 MAT-file, Platform: vigil fuzz seed".utf8)
    return text + [UInt8](repeating: 0x20, count: 116 - text.count) + [UInt8](repeating: 0, count: 8) + [0x00, 0x01, 0x49, 0x4D]
  }

  /// A CWRU-like MAT-file: `X097_DE_time`, `X097_FE_time` (doubles) and `X097RPM` (uint16).
  static func cwruMat(rows: Int) -> [UInt8] {
    matHeader() + matMatrix(name: "X097_DE_time", values: (0..<rows).map { signal($0, axis: 0) })
      + matMatrix(name: "X097_FE_time", values: (0..<rows).map { signal($0, axis: 1) })
      + matMatrix(name: "X097RPM", values: [1796], uint16: true)
  }

  /// An IMS-like MAT-file whose `data` variable is a zlib-compressed element (miCOMPRESSED).
  static func compressedMat(rows: Int) -> [UInt8] {
    // Quantized values so that the compressor finds runs.
    let m = matMatrix(name: "data", values: (0..<rows).map { (signal($0 / 4, axis: 0) * 8).rounded() / 8 })
    let z = zlibCompress(m)
    return matHeader() + le32(15) + le32(z.count) + z
  }

  // A minimal zlib compressor: one fixed-Huffman block of literals and distance-1 runs (RFC 1951 3.2.6).

  struct BitWriter {
    var bytes: [UInt8] = []
    var bit = 0
    mutating func put(_ value: Int, _ count: Int) {            // LSB first
      for k in 0..<count {
        if bit == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8((value >> k) & 1) << UInt8(bit)
        bit = (bit + 1) & 7
      }
    }
    mutating func code(_ value: Int, _ count: Int) {           // Huffman codes: MSB first
      for k in stride(from: count - 1, through: 0, by: -1) { put((value >> k) & 1, 1) }
    }
  }

  static func zlibCompress(_ input: [UInt8]) -> [UInt8] {
    let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    var w = BitWriter()
    w.put(1, 1); w.put(1, 2)                                   // final block, fixed Huffman
    func symbol(_ s: Int) {
      switch s {
      case 0..<144: w.code(0x30 + s, 8)
      case 144..<256: w.code(0x190 + s - 144, 9)
      case 256..<280: w.code(s - 256, 7)
      default: w.code(0xC0 + s - 280, 8)
      }
    }
    var i = 0
    while i < input.count {
      var run = 0
      if i > 0 { while i + run < input.count, run < 258, input[i + run] == input[i - 1] { run += 1 } }
      if run >= 3 {
        let li = lengthBase.lastIndex { $0 <= run }!
        symbol(257 + li); w.put(run - lengthBase[li], lengthExtra[li])
        w.code(0, 5)                                             // distance code 0: distance 1
        i += run
      } else {
        symbol(Int(input[i])); i += 1
      }
    }
    symbol(256)
    var a: UInt32 = 1, b: UInt32 = 0
    for x in input { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
    let adler = b << 16 | a
    return [0x78, 0x01] + w.bytes + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) }
  }
}
