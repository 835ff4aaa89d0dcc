// Fuzzes the model loader: corrupted, truncated and random files must be rejected cleanly (no crash), and
// no file whose CRC or fingerprint is wrong may ever be accepted.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct FuzzModel: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "fuzz-model",
    abstract: "Fuzz the model loader with corrupted / truncated / random files.")
  @Argument(help: "A valid model file to mutate.")
  var model: String
  @Option(help: "Number of fuzzed files.")
  var count = 100_000
  @Option(help: "Random seed.")
  var seed: UInt64 = 7

  func validate() throws {
    guard (1...100_000_000).contains(count) else { throw ValidationError("--count \(count) is not 1...100000000") }
  }

  func run() throws {
    guard let data = FileManager.default.contents(atPath: model) else { throw InputError("\(model): cannot read the model file") }
    let t0 = Date()
    let result = fuzzModelLoader(valid: [UInt8](data), count: count, seed: seed)
    print(result.summary + String(format: " (%.1f s)", Date().timeIntervalSince(t0)))
    if !result.violations.isEmpty { throw ExitCode(1) }
  }
}
