// The device program's command line: `vigil <command> [options]`, parsed from argv without building
// strings. A mistake is a `UsageError` naming the argument (exit status 64, as vigil-sim's flag errors).

/// What `vigil` was asked to do.
public enum Command: UInt8, Sendable {
  case probe, selftest, record, run, help, version
}
