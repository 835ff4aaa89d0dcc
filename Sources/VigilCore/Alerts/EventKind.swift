// What an event reports: a raise, an escalation, a clear or a heartbeat.

/// What an event reports.
public enum EventKind: UInt8, Sendable {
  case raise = 1, escalate = 2, clear = 3, heartbeat = 4
}
