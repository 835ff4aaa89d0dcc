// Errors every recording reader reports: what went wrong, in which file, at which line or byte offset.

import Foundation

/// A recording could not be read.
public struct RecordingError: Error, CustomStringConvertible, Equatable {
  public var file: String
  /// 1-based line for text formats, byte offset for binary ones (nil when not applicable).
  public var line: Int?
  public var offset: Int?
  public var reason: String

  public init(file: String, line: Int? = nil, offset: Int? = nil, _ reason: String) {
    self.file = file; self.line = line; self.offset = offset; self.reason = reason
  }

  public var description: String {
    var at = file
    if let line { at += ":\(line)" }
    if let offset { at += " (byte \(offset))" }
    return "\(at): \(reason)"
  }
}

/// The first `count` bytes of a regular file (fewer if it is shorter); nil for folders, missing or
/// unreadable files. Never traps (Foundation's `readData(ofLength:)` does on a folder).
public func filePrefix(_ path: String, count: Int) -> [UInt8]? {
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
        let h = FileHandle(forReadingAtPath: path) else { return nil }
  defer { try? h.close() }
  do { return [UInt8](try h.read(upToCount: count) ?? Data()) }   // nil from read: an empty file
  catch { return nil }
}

/// What readers accept: checked at the boundary, before anything is read or allocated.
public enum RecordingLimits {
  /// Sample rates a recording may declare (WAV header, `--rate` of raw files): 100 Hz … 1 MHz.
  public static let sampleRates: ClosedRange<Double> = 100...1_000_000
  /// Largest segment a reader hands out, in frames (2^20: 41 s at 25.6 kHz). Continuous files longer than
  /// this (raw, WAV) are read in pieces of this many frames, so memory stays bounded whatever the file
  /// size; a segment index row may not ask for more.
  public static let maxSegmentFrames = 1 << 20
  /// Latest segment time (s since the start of the run) an index may give: 10^9 s (31.7 years).
  public static let maxTime = 1e9
  /// Largest text recording (CSV, IMS snapshot, segment index) read into memory: 256 MiB.
  public static let maxTextBytes = 256 << 20
  /// Largest MAT-file variable (declared or inflated element size): 256 MiB.
  public static let maxMatElementBytes = 256 << 20
}

/// `bytes` as printable text for an error message: printable ASCII as is, anything else (NUL, control
/// bytes, non-ASCII) as `\xNN`, at most `limit` bytes (then `…`).
public func quoted<C: Collection>(_ bytes: C, limit: Int = 32) -> String where C.Element == UInt8 {
  var s = ""
  for (k, b) in bytes.enumerated() {
    if k == limit { s += "…"; break }
    switch b {
    case 0x09: s += "\\t"
    case 0x0D: s += "\\r"
    case 0x20...0x7E where b != 0x5C: s.unicodeScalars.append(UnicodeScalar(b))
    default: s += String(format: "\\x%02X", b)
    }
  }
  return s
}

/// `s` with control and non-ASCII characters escaped (for names read from files).
public func quoted(_ s: String, limit: Int = 64) -> String { quoted(Array(s.utf8), limit: limit) }

/// Size of a regular file in bytes; throws a `RecordingError` for folders, missing or unreadable files.
func regularFileSize(_ path: String) throws -> Int {
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw RecordingError(file: path, "no such file") }
  guard !isDir.boolValue else { throw RecordingError(file: path, "is a folder, not a file") }
  guard let attrs = try? FileManager.default.attributesOfItem(atPath: path), let size = (attrs[.size] as? NSNumber)?.intValue else {
    throw RecordingError(file: path, "cannot read the file (unreadable)")
  }
  return size
}

/// Reads exactly `count` bytes at `offset` of `path` (a positioned read: nothing else of the file is read).
func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8] {
  guard count > 0 else { return [] }
  guard let h = FileHandle(forReadingAtPath: path) else { throw RecordingError(file: path, "cannot open the file") }
  defer { try? h.close() }
  let data: Data
  do {
    try h.seek(toOffset: UInt64(offset))
    data = try h.read(upToCount: count) ?? Data()
  } catch { throw RecordingError(file: path, offset: offset, "read failed: \(error.localizedDescription)") }
  guard data.count == count else { throw RecordingError(file: path, offset: offset + data.count, "the file ends early (wanted \(count) bytes at byte \(offset))") }
  return [UInt8](data)
}

/// Reads a whole text file of at most `RecordingLimits.maxTextBytes` (the size is checked first).
func readTextFile(_ path: String) throws -> [UInt8] {
  let size = try regularFileSize(path)
  guard size <= RecordingLimits.maxTextBytes else {
    throw RecordingError(file: path, "\(size) bytes: text recordings are read whole and may be at most \(RecordingLimits.maxTextBytes >> 20) MiB (convert it to raw Int16)")
  }
  return try readBytes(path, offset: 0, count: size)
}
