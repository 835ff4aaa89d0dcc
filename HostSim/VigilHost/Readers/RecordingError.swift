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
