// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

/// CLOCK_MONOTONIC.
public enum MonotonicClock {
  /// Nanoseconds since an arbitrary start (boot); the clock of GPIO edge timestamps.
  @inlinable public static func now() -> UInt64 { vigil_monotonic_ns() }
}
