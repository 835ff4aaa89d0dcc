// Output files written with every write checked (Foundation's Data.write / String.write report success on
// /dev/full): plain open/write/close, each result tested, errors as "<file>: cannot write: <reason>".

import Foundation

/// A file that cannot be written: `<file>: cannot write: <reason>`.
public struct OutputError: Error, CustomStringConvertible {
  public var file: String
  public var reason: String
  public init(file: String, _ reason: String) { self.file = file; self.reason = reason }
  public var description: String { "\(file): cannot write: \(reason)" }
}

/// The C library's text for the current `errno`.
func systemError() -> String { String(cString: strerror(errno)) }

/// Writes `bytes` to `path` (created or truncated, mode 0644), checking every write and the close; a
/// regular file that could not be written whole is removed. (`vigil-sim` ignores SIGXFSZ, so a file-size
/// limit is a write error here, EFBIG, not a kill.)
public func writeOutputFile(_ path: String, _ bytes: [UInt8]) throws(OutputError) {
  if let problem = outputProblem(path) { throw OutputError(file: path, problem) }
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  if fd < 0 { throw OutputError(file: path, systemError()) }
  // A failed write leaves no partial file behind (a truncated model or report read later as a whole one).
  func fail(_ why: String) -> OutputError { removePartialOutput(path); return OutputError(file: path, why) }
  var done = 0
  while done < bytes.count {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { let why = n == 0 ? "no progress" : systemError(); close(fd); throw fail(why) }
    done += n
  }
  if close(fd) != 0 { throw fail(systemError()) }
}

/// Removes what a failed write left at `path`, if it is a regular file (never /dev/full, a pipe or a device).
public func removePartialOutput(_ path: String) {
  var info = stat()
  if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
}

/// Writes UTF-8 `text` to `path` (see `writeOutputFile(_:_:)`).
public func writeOutputFile(_ path: String, text: String) throws(OutputError) {
  try writeOutputFile(path, Array(text.utf8))
}

/// Why `path` cannot be written, checked before any work is done (nil: it looks writable): its folder
/// must exist and be writable, and the path must not be a folder.
public func outputProblem(_ path: String) -> String? {
  if path.isEmpty { return "empty file name" }
  var isDir: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
    if isDir.boolValue { return "it is a folder" }
    return access(path, W_OK) == 0 ? nil : systemError()
  }
  let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
  guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) else { return "no such folder \(folder)" }
  guard isDir.boolValue else { return "\(folder) is not a folder" }
  return access(folder, W_OK) == 0 ? nil : "folder \(folder): \(systemError())"
}
