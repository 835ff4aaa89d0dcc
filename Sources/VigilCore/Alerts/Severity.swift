// The alert state machine's states, reported with every event.

/// Alert severity.
public enum Severity: UInt8, Sendable {
  case normal = 0, warning = 1, critical = 2
}
