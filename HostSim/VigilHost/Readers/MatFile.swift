// MATLAB 5.0 MAT-files (level 5): little-endian, uncompressed (miMATRIX) and zlib-compressed
// (miCOMPRESSED) elements; numeric matrices of any numeric class, returned as Double.

import Foundation

/// A numeric variable of a MAT-file.
public struct MatVariable: Sendable {
  public var name: String
  public var rows: Int, columns: Int
  /// Column-major values.
  public var values: [Double]
}

public enum MatFile {
  /// Reads every numeric variable of a MAT-file.
  public static func read(_ url: URL) throws -> [MatVariable] {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw RecordingError(file: url.path, "cannot read the file (missing or unreadable)")
    }
    let b = [UInt8](data)
    guard b.count >= 128 else { throw RecordingError(file: url.path, offset: 0, "too short for a MAT-file header (128 bytes)") }
    guard String(decoding: b[0..<6], as: UTF8.self) == "MATLAB" else {
      throw RecordingError(file: url.path, offset: 0, "not a MATLAB 5.0 MAT-file (header does not start with 'MATLAB')")
    }
    guard b[126] == 0x49, b[127] == 0x4D else {   // "IM": little-endian
      throw RecordingError(file: url.path, offset: 126, "big-endian MAT-files are not supported")
    }
    var vars: [MatVariable] = []
    try elements(b[128...], file: url.path, base: 128) { type, body, offset in
      if type == 15 {
        let raw: [UInt8]
        do { raw = try zlibDecompress(body) } catch { throw RecordingError(file: url.path, offset: offset, "compressed element: \(error)") }
        try elements(raw[...], file: url.path, base: offset) { t, inner, o in
          if t == 14, let v = try matrix(inner, file: url.path, offset: o) { vars.append(v) }
        }
      } else if type == 14, let v = try matrix(body, file: url.path, offset: offset) {
        vars.append(v)
      }
    }
    return vars
  }

  /// Walks data elements: calls `body(type, bytes, fileOffset)`.
  static func elements(_ b: ArraySlice<UInt8>, file: String, base: Int,
                       _ body: (UInt32, ArraySlice<UInt8>, Int) throws -> Void) throws {
    var i = b.startIndex
    while i + 8 <= b.endIndex {
      let w0 = u32(b, i)
      let offset = base + (i - b.startIndex)
      if w0 >> 16 != 0 {                       // small data element: 2-byte size, 2-byte type, 4 bytes data
        let size = Int(w0 >> 16), type = w0 & 0xFFFF
        guard size <= 4 else { throw RecordingError(file: file, offset: offset, "malformed small data element") }
        try body(type, b[(i + 4)..<(i + 4 + size)], offset)
        i += 8
        continue
      }
      let size = Int(u32(b, i + 4))
      guard i + 8 + size <= b.endIndex else {
        throw RecordingError(file: file, offset: offset, "data element of \(size) bytes runs past the end of the file (truncated?)")
      }
      try body(w0, b[(i + 8)..<(i + 8 + size)], offset)
      i += 8 + size
      if w0 != 15 { i = b.startIndex + ((i - b.startIndex + 7) & ~7) }   // 8-byte alignment (not after compressed)
    }
  }

  /// Parses a miMATRIX body; nil for non-numeric arrays (cells, structs, chars).
  static func matrix(_ b: ArraySlice<UInt8>, file: String, offset: Int) throws -> MatVariable? {
    var parts: [(UInt32, ArraySlice<UInt8>)] = []
    try elements(b, file: file, base: offset + 8) { t, body, _ in parts.append((t, body)) }
    guard parts.count >= 4 else { throw RecordingError(file: file, offset: offset, "matrix element with \(parts.count) sub-elements (need flags, dimensions, name, data)") }
    let flags = parts[0].1
    guard flags.count >= 4 else { throw RecordingError(file: file, offset: offset, "matrix without array flags") }
    let mclass = flags[flags.startIndex]
    guard (6...15).contains(mclass) else { return nil }   // numeric classes only
    let dims = parts[1].1
    guard dims.count >= 8 else { throw RecordingError(file: file, offset: offset, "matrix with fewer than 2 dimensions") }
    let rows = Int(Int32(bitPattern: u32(dims, dims.startIndex))), cols = Int(Int32(bitPattern: u32(dims, dims.startIndex + 4)))
    guard rows >= 0, cols >= 0 else { throw RecordingError(file: file, offset: offset, "negative matrix dimensions") }
    let name = String(decoding: parts[2].1, as: UTF8.self)
    let values = try numbers(parts[3].0, parts[3].1, file: file, offset: offset)
    guard values.count == rows * cols else {
      throw RecordingError(file: file, offset: offset, "variable \(name): \(values.count) values for \(rows) × \(cols)")
    }
    return MatVariable(name: name, rows: rows, columns: cols, values: values)
  }

  static func numbers(_ type: UInt32, _ b: ArraySlice<UInt8>, file: String, offset: Int) throws -> [Double] {
    let s = b.startIndex
    func each(_ size: Int, _ f: (Int) -> Double) -> [Double] { (0..<(b.count / size)).map { f(s + $0 * size) } }
    switch type {
    case 1: return each(1) { Double(Int8(bitPattern: b[$0])) }
    case 2: return each(1) { Double(b[$0]) }
    case 3: return each(2) { Double(Int16(bitPattern: UInt16(b[$0]) | UInt16(b[$0 + 1]) << 8)) }
    case 4: return each(2) { Double(UInt16(b[$0]) | UInt16(b[$0 + 1]) << 8) }
    case 5: return each(4) { Double(Int32(bitPattern: u32(b, $0))) }
    case 6: return each(4) { Double(u32(b, $0)) }
    case 7: return each(4) { Double(Float(bitPattern: u32(b, $0))) }
    case 9: return each(8) { Double(bitPattern: UInt64(u32(b, $0)) | UInt64(u32(b, $0 + 4)) << 32) }
    case 12: return each(8) { Double(Int64(bitPattern: UInt64(u32(b, $0)) | UInt64(u32(b, $0 + 4)) << 32)) }
    case 13: return each(8) { Double(UInt64(u32(b, $0)) | UInt64(u32(b, $0 + 4)) << 32) }
    default: throw RecordingError(file: file, offset: offset, "unsupported MAT data type \(type)")
    }
  }

  static func u32(_ b: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
  }
}
