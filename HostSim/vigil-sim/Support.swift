// vigil-sim: helpers shared by the subcommands (errors, model loading, notes on stderr, checked output).

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// Bad input — a file that is missing, unreadable or malformed: `Error: <message>`, exit status 1 (flag
/// mistakes are `ValidationError`s: usage text, exit status 64).
struct InputError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}

/// Reads and checks a model file.
func loadModel(_ path: String) throws -> Model {
  guard let bytes = filePrefix(path, count: 1 << 22) else { throw InputError("\(path): cannot read the model file") }
  do { return try Model.parse(bytes: bytes) } catch { throw InputError("\(path): \(error.message)") }
}

/// Prints a line to standard error (progress, notes), keeping standard output for results.
func note(_ s: String) { progressNote(s + "\n") }

/// Writes `s` to standard error as it is (a failed write to stderr has nowhere to be reported).
func progressNote(_ s: String) {
  var bytes = Array(s.utf8)[...]
  while !bytes.isEmpty {
    let n = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    if n <= 0 { return }
    bytes = bytes.dropFirst(n)
  }
}

/// The first failure writing standard output (errno text), reported by `finishStandardOutput()`.
nonisolated(unsafe) var standardOutputFailure: String?

/// The module's `print`: standard output through checked write(2) calls, so that a full disk, /dev/full
/// or a closed pipe is an error at the end of the command instead of a silent exit 0 (Swift's `print`
/// goes through a stdio buffer whose failures are never reported).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  guard standardOutputFailure == nil else { return }
  var bytes = Array((items.map { "\($0)" }.joined(separator: separator) + terminator).utf8)[...]
  while !bytes.isEmpty {
    let n = bytes.withUnsafeBytes { write(1, $0.baseAddress!, $0.count) }
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { standardOutputFailure = String(cString: strerror(errno)); return }
    bytes = bytes.dropFirst(n)
  }
}

/// Refuses an output path that cannot be written, before any work: a usage error naming `flag`.
func checkOutput(_ flag: String, _ path: String) throws {
  if let problem = outputProblem(path) { throw ValidationError("\(flag): \(path): cannot write: \(problem)") }
}

/// Reports a failed write to standard output (a full disk, /dev/full) as an error.
func finishStandardOutput() throws {
  if let standardOutputFailure { throw InputError("standard output: cannot write: \(standardOutputFailure)") }
}

/// The message for an error that reaches the top: core and host error types say what they mean instead
/// of their case names.
func describe(_ error: Error) -> Error {
  switch error {
  case let e as ConfigError: return InputError("front-end configuration: \(e.message)")
  case let e as ModelError: return InputError("model: \(e.message)")
  case let e as CocoaError:
    let file = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.userInfo["NSFilePath"] as? String ?? "file"
    let reason = (e.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) } ?? e.localizedDescription
    return InputError("\(file): \(e.isWriteError ? "cannot write" : "cannot read"): \(reason)")
  default: return error
  }
}

extension CocoaError {
  var isWriteError: Bool { (CocoaError.Code.fileWriteUnknown.rawValue...CocoaError.Code.fileWriteVolumeReadOnly.rawValue).contains(code.rawValue) }
}
