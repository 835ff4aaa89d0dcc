// The device program's command line: `vigil <command> [options]`, parsed from argv without building
// strings. A mistake is a `UsageError` naming the argument (exit status 64, as vigil-sim's flag errors).

/// A parsed command line.
public struct Invocation: Sendable {
  public var command = Command.help
  /// `--config FILE` (nil: /etc/vigil/vigil.conf if it exists, else the defaults).
  public var config: FixedPath? = nil
  /// `--model FILE` (run): overrides the config's `model`.
  public var model: FixedPath? = nil
  /// `--bus PATH` (probe, and every command: overrides the config's `i2c_bus`).
  public var bus: FixedPath? = nil
  /// `--seconds S`, in milliseconds (record: required; selftest: the ODR measurement; run: stop after).
  public var milliseconds: UInt32? = nil
  /// `-o FILE` / `--output FILE` (record).
  public var output: FixedPath? = nil
  public init() {}
}
