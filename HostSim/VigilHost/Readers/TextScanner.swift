// A fast scanner for delimited numeric text (CSV, TSV): parses decimal numbers straight from bytes,
// without Foundation's slow paths, and reports the line of anything malformed.

import Foundation

/// Scans numeric fields of a delimited text file held in memory.
struct TextScanner {
  let bytes: [UInt8]
  let file: String
  var index = 0
  var line = 1

  init(bytes: [UInt8], file: String, index: Int = 0) { self.bytes = bytes; self.file = file; self.index = index }

  /// Reads the whole file (its size is checked first: at most `RecordingLimits.maxTextBytes`).
  init(contentsOf url: URL) throws {
    self.init(bytes: try readTextFile(url.path), file: url.path)
  }

  var atEnd: Bool { index >= bytes.count }

  /// Skips spaces and tabs (not newlines, not other delimiters).
  mutating func skipBlanks() {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
  }

  /// Skips empty lines.
  mutating func skipEmptyLines() {
    while true {
      let save = index
      skipBlanks()
      if index < bytes.count, bytes[index] == 0x0A { index += 1; line += 1; continue }
      if index >= bytes.count { return }
      index = save
      return
    }
  }

  /// Parses one number: [-+]digits[.digits][e[-+]digits].
  mutating func number() throws -> Double {
    skipBlanks()
    let start = index
    var negative = false
    if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B { negative = bytes[index] == 0x2D; index += 1 }
    var mantissa: UInt64 = 0
    var digits = 0, exponent = 0
    var sawDigit = false
    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
      sawDigit = true
      if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30); digits += 1 } else { exponent += 1 }
      index += 1
    }
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        sawDigit = true
        if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30); digits += 1; exponent -= 1 }
        index += 1
      }
    }
    if !sawDigit { throw malformed(start) }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      var eNeg = false
      if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B { eNeg = bytes[index] == 0x2D; index += 1 }
      var e = 0, eDigits = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { e = min(e * 10 + Int(bytes[index] - 0x30), 10000); index += 1; eDigits += 1 }
      if eDigits == 0 { throw malformed(start) }
      exponent += eNeg ? -e : e
    }
    var value = Double(mantissa)
    if exponent != 0 {
      // Exact for |exponent| <= 22 with mantissa < 2^53 (the common case); else Foundation's correct parse.
      if exponent > 0 && exponent <= 22 && mantissa < (1 << 53) { value *= pow10[exponent] }
      else if exponent < 0 && exponent >= -22 && mantissa < (1 << 53) { value /= pow10[-exponent] }
      else if let v = Double(String(decoding: bytes[start..<index], as: UTF8.self)) { value = abs(v) }
      else { throw malformed(start) }
    }
    guard value.isFinite else {
      throw RecordingError(file: file, line: line, "number out of range: '\(quoted(bytes[start..<index]))'")
    }
    return negative ? -value : value
  }

  /// Parses one sample value: a number whose value, scaled by `scale`, is finite as a Float (|x| < 3.4e38).
  mutating func sample(scale: Double = 1) throws -> Double {
    let start = index
    let v = try number()
    guard Float(v * scale).isFinite else {
      throw RecordingError(file: file, line: line, "sample out of range: '\(quoted(bytes[start..<index]).trimmingCharacters(in: .whitespaces))'")
    }
    return v
  }

  /// Expects the delimiter `d` (blanks around it allowed).
  mutating func expect(_ d: UInt8) throws {
    skipBlanks()
    guard index < bytes.count, bytes[index] == d else {
      throw RecordingError(file: file, line: line, "expected '\(Character(UnicodeScalar(d)))' \(found)")
    }
    index += 1
  }

  /// Ends a line: skips blanks and the newline (or end of file); anything else is an error.
  mutating func endLine() throws {
    skipBlanks()
    if index >= bytes.count { return }
    guard bytes[index] == 0x0A else { throw RecordingError(file: file, line: line, "unexpected \(found) at end of row") }
    index += 1
    line += 1
  }

  /// Skips the rest of the line.
  mutating func skipLine() {
    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    if index < bytes.count { index += 1; line += 1 }
  }

  /// True if the next non-blank byte on this line is `d`.
  mutating func peek(_ d: UInt8) -> Bool { skipBlanks(); return index < bytes.count && bytes[index] == d }

  /// What is at the current position, for an error about this line (never text of the next line).
  var found: String {
    if index >= bytes.count { return "but the file ends" }
    if bytes[index] == 0x0A { return "but the line ends" }
    var end = index
    while end < bytes.count, end < index + 24, bytes[end] != 0x0A { end += 1 }
    return "but found '\(quoted(bytes[index..<end], limit: 24))'"
  }

  /// A "not a number" error quoting the field that starts at `start` (up to its delimiter or the line end).
  func malformed(_ start: Int) -> RecordingError {
    var end = start
    while end < bytes.count, end < start + 24, ![0x0A, 0x2C, 0x3B, 0x09].contains(bytes[end]) { end += 1 }
    if end == start { return RecordingError(file: file, line: line, "expected a number \(TextScanner(bytes: bytes, file: file, index: start).found)") }
    return RecordingError(file: file, line: line, "not a number: '\(quoted(bytes[start..<end], limit: 24))'")
  }
}

private let pow10: [Double] = (0...22).map { pow(10.0, Double($0)) }
