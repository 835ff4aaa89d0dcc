// vigil-sim: helpers shared by the subcommands (errors, model loading, notes on stderr).
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

/// Prints to standard error (progress, notes), keeping standard output for results.
func note(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }
