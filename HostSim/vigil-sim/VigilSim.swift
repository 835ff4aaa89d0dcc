// vigil-sim: the host simulator. Real recordings through the same core the device runs.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

@main
struct VigilSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vigil-sim",
    abstract: "Vigil host simulator: train, replay and evaluate the on-device vibration monitor on recordings.",
    discussion: "Exit status: 0 ok, 1 bad input (a file missing, malformed or unwritable: 'Error: <file>: ...'), 64 bad flag (the flag is named).",
    subcommands: [Demo.self, Train.self, Replay.self, Evaluate.self, Report.self, Export.self, Features.self, Inspect.self, FuzzModel.self, Fuzz.self, Device.self])

  /// Parses, runs, then flushes standard output: a failed write anywhere (stdout included) is an error,
  /// never exit 0.
  static func main() {
    signal(SIGXFSZ, SIG_IGN)   // a file-size limit (ulimit -f) fails the write (EFBIG, reported) instead of killing us
    var command: ParsableCommand
    do { command = try parseAsRoot() } catch { exit(withError: error) }
    do {
      try command.run()
      try finishStandardOutput()
    } catch {
      try? finishStandardOutput()
      if let e = error as? ValidationError {
        // A usage error found while running (e.g. --segments beyond the recording): that command's usage.
        let name = type(of: command)._commandName
        progressNote("Error: \(e.message)\nUsage: \(usageString(for: type(of: command)))\n  See 'vigil-sim \(name) --help' for more information.\n")
        Foundation.exit(ExitCode.validationFailure.rawValue)
      }
      exit(withError: describe(error))
    }
  }
}
