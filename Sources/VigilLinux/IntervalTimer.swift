// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

/// A CLOCK_MONOTONIC timerfd (non-blocking). Owns its fd: do not copy after creating; `close()` once.
public struct IntervalTimer {
  /// The timer's file descriptor (readable when it has expired); −1 after `close()`.
  public private(set) var fileDescriptor: Int32

  /// Creates a disarmed timer.
  public init() throws(SystemCallError) {
    let fd = vigil_timerfd_create()
    if fd < 0 { throw SystemCallError(call: "timerfd_create", errno: 0 &- fd) }
    fileDescriptor = fd
  }

  /// Arms the timer: first expiry after `initialNanoseconds` (0 disarms), then every
  /// `intervalNanoseconds` (0: once).
  public func arm(initialNanoseconds: UInt64, intervalNanoseconds: UInt64) throws(SystemCallError) {
    let r = vigil_timerfd_arm(fileDescriptor, initialNanoseconds, intervalNanoseconds)
    if r < 0 { throw SystemCallError(call: "timerfd_settime", errno: 0 &- r) }
  }

  /// Expiries since the last call (0 when none; more than 1 when the loop fell behind).
  public func takeExpirations() throws(SystemCallError) -> UInt64 {
    let r = vigil_timerfd_take(fileDescriptor)
    if r < 0 { throw SystemCallError(call: "read(timerfd)", errno: Int32(truncatingIfNeeded: 0 &- r)) }
    return UInt64(bitPattern: r)
  }

  /// Closes the fd (idempotent).
  public mutating func close() {
    if fileDescriptor >= 0 { _ = vigil_close(fileDescriptor) }
    fileDescriptor = -1
  }
}
