// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

/// Signals delivered through a signalfd (blocked for normal delivery). Owns its fd; `close()` once.
public struct SignalInbox {
  /// The signalfd (readable when a signal is pending); −1 after `close()`.
  public private(set) var fileDescriptor: Int32

  /// Blocks `signals` in this thread (call before starting any other thread) and opens a signalfd for them.
  public init(_ signals: SignalSet) throws(SystemCallError) {
    let fd = vigil_signalfd_create(signals.rawValue)
    if fd < 0 { throw SystemCallError(call: "signalfd", errno: 0 &- fd) }
    fileDescriptor = fd
  }

  /// The next pending signal's number, or nil when none is pending.
  public func take() throws(SystemCallError) -> Int32? {
    let r = vigil_signalfd_take(fileDescriptor)
    if r < 0 { throw SystemCallError(call: "read(signalfd)", errno: 0 &- r) }
    return r == 0 ? nil : r
  }

  /// Closes the fd (idempotent); the signals stay blocked.
  public mutating func close() {
    if fileDescriptor >= 0 { _ = vigil_close(fileDescriptor) }
    fileDescriptor = -1
  }
}
