// The device program's command line: `vigil <command> [options]`, parsed from argv without building
// strings. A mistake is a `UsageError` naming the argument (exit status 64, as vigil-sim's flag errors).

/// A command line `vigil` refuses: which argument (index into argv) and why.
public struct UsageError: Error, Sendable {
  public enum Reason: UInt8, Sendable {
    case noCommand, unknownCommand, unknownOption, missingValue, badPath, badSeconds, missingSeconds,
         missingOutput, notForCommand
    public var message: StaticString {
      switch self {
      case .noCommand: "a command is needed"
      case .unknownCommand: "unknown command (probe, selftest, record, run)"
      case .unknownOption: "unknown option"
      case .missingValue: "this option needs a value"
      case .badPath: "path longer than 127 bytes"
      case .badSeconds: "--seconds needs a number of seconds, 0.001...4000000 (up to 3 decimals)"
      case .missingSeconds: "record needs --seconds S"
      case .missingOutput: "record needs -o FILE"
      case .notForCommand: "this option does not apply to this command"
      }
    }
  }
  public var argument: Int
  public var reason: Reason
  public init(argument: Int, reason: Reason) { self.argument = argument; self.reason = reason }
}
