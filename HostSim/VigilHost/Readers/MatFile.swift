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

/// What a MAT-file holds: its numeric variables, and the arrays that were not numeric (cells, structs,
/// chars, or a corrupted class) so that a caller never silently takes another variable instead.
public struct MatContents: Sendable {
  public var variables: [MatVariable] = []
  public var skipped: [(name: String, offset: Int, reason: String)] = []
  /// The file's size in bytes (where a search for a variable ends).
  public var size = 0
}

public enum MatFile {
  /// Reads every numeric variable of a MAT-file. The header is checked first, then the file is walked one
  /// top-level element at a time: each element's declared size is checked against the file's size and
  /// `RecordingLimits.maxMatElementBytes` before it is read, and a compressed element may not inflate past
  /// the size its inner tag declares.
  public static func read(_ url: URL) throws -> MatContents {
    let path = url.path
    let size = try regularFileSize(path)
    guard size >= 128 else { throw RecordingError(file: path, offset: 0, "too short for a MAT-file header (128 bytes)") }
    let header = try readBytes(path, offset: 0, count: 128)
    guard String(decoding: header[0..<6], as: UTF8.self) == "MATLAB" else {
      throw RecordingError(file: path, offset: 0, "not a MATLAB 5.0 MAT-file (header does not start with 'MATLAB')")
    }
    guard header[126] == 0x49, header[127] == 0x4D else {   // "IM": little-endian
      throw RecordingError(file: path, offset: 126, "not a little-endian MAT-file (big-endian files are not supported)")
    }
    var contents = MatContents()
    contents.size = size
    func take(_ type: UInt32, _ body: ArraySlice<UInt8>, _ offset: Int) throws {
      if type == 14 {
        switch try matrix(body, file: path, offset: offset) {
        case .numeric(let v): contents.variables.append(v)
        case .other(let name, let reason): contents.skipped.append((name, offset, reason))
        }
      }
    }
    var at = 128
    while at + 8 <= size {
      let tag = try readBytes(path, offset: at, count: 8)
      let w0 = u32(tag[...], 0)
      if w0 >> 16 != 0 { at += 8; continue }                         // a small element at the top level: skip
      let length = Int(u32(tag[...], 4))
      guard length <= size - at - 8 else {
        throw RecordingError(file: path, offset: at, "data element of \(length) bytes runs past the end of the file (\(size) bytes; truncated?)")
      }
      guard length <= RecordingLimits.maxMatElementBytes else {
        throw RecordingError(file: path, offset: at, "data element of \(length) bytes: larger than the \(RecordingLimits.maxMatElementBytes >> 20) MiB limit")
      }
      let body = try readBytes(path, offset: at + 8, count: length)
      if w0 == 15 {
        let raw: [UInt8]
        do { raw = try zlibDecompress(body[...], limit: RecordingLimits.maxMatElementBytes + 8, declaredSize: matElementSize) }
        catch { throw RecordingError(file: path, offset: at, "compressed element: \(error)") }
        try elements(raw[...], file: path, base: at) { t, inner, _ in try take(t, inner, at) }
      } else {
        try take(w0, body[...], at)
      }
      at += 8 + length
      if w0 != 15 { at = (at + 7) & ~7 }                          // 8-byte alignment (not after compressed)
    }
    return contents
  }

  /// The size an inflated element declares in its 8-byte tag (what a compressed element may inflate to).
  static func matElementSize(_ head: ArraySlice<UInt8>) -> Int? {
    guard head.count >= 8 else { return nil }
    let w0 = u32(head, head.startIndex)
    return w0 >> 16 != 0 ? 8 : 8 + Int(u32(head, head.startIndex + 4))
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

  enum Matrix { case numeric(MatVariable), other(name: String, reason: String) }

  /// Parses a miMATRIX body: a numeric variable, or the name of a non-numeric array (cell, struct, char...).
  static func matrix(_ b: ArraySlice<UInt8>, file: String, offset: Int) throws -> Matrix {
    var parts: [(UInt32, ArraySlice<UInt8>)] = []
    try elements(b, file: file, base: offset + 8) { t, body, _ in parts.append((t, body)) }
    guard parts.count >= 4 else { throw RecordingError(file: file, offset: offset, "matrix element with \(parts.count) sub-elements (need flags, dimensions, name, data)") }
    let flags = parts[0].1
    guard flags.count >= 4 else { throw RecordingError(file: file, offset: offset, "matrix without array flags") }
    let mclass = flags[flags.startIndex]
    let dims = parts[1].1
    guard dims.count >= 8 else { throw RecordingError(file: file, offset: offset, "matrix with fewer than 2 dimensions") }
    let rows = Int(Int32(bitPattern: u32(dims, dims.startIndex))), cols = Int(Int32(bitPattern: u32(dims, dims.startIndex + 4)))
    guard rows >= 0, cols >= 0 else { throw RecordingError(file: file, offset: offset, "negative matrix dimensions") }
    let name = String(decoding: parts[2].1, as: UTF8.self)
    guard (6...15).contains(mclass) else { return .other(name: name, reason: "array class \(mclass)") }   // numeric classes only
    guard rows.multipliedReportingOverflow(by: cols).overflow == false, rows * cols <= RecordingLimits.maxMatElementBytes else {
      throw RecordingError(file: file, offset: offset, "variable '\(quoted(name))': \(rows) × \(cols) is too large")
    }
    let values = try numbers(parts[3].0, parts[3].1, file: file, offset: offset)
    guard values.count == rows * cols else {
      throw RecordingError(file: file, offset: offset, "variable '\(quoted(name))': \(values.count) values for \(rows) × \(cols)")
    }
    if let bad = values.firstIndex(where: { !Float($0).isFinite }) {
      throw RecordingError(file: file, offset: offset, "variable '\(quoted(name))': value \(bad) is \(values[bad]) (a sample must be finite and within ±3.4e38)")
    }
    return .numeric(MatVariable(name: name, rows: rows, columns: cols, values: values))
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
    default: throw RecordingError(file: file, offset: offset, "unsupported MAT data type \(type) for a numeric variable")
    }
  }

  static func u32(_ b: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
  }
}
