// systemd's notify protocol (sd_notify(3)) without libsystemd: READY=1 when the service is up, WATCHDOG=1
// at least every half of the unit's WatchdogSec, STOPPING=1 on the way out, STATUS=... for `systemctl status`.
// Messages are datagrams to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or "@name": the abstract
// namespace). Outside systemd (no $NOTIFY_SOCKET) every send is a no-op.

import CVigilLinux

/// The service manager's notification socket. Owns its fd: do not copy after opening; `close()` once.
public struct ServiceNotifier {
  private var state: vigil_notifier

  /// Opens the socket named by $NOTIFY_SOCKET (nothing when it is unset).
  /// - Throws: when $NOTIFY_SOCKET is malformed (EINVAL) or the socket cannot be created.
  public init() throws(SystemCallError) {
    state = vigil_notifier()
    let r = vigil_notify_open(&state)
    if r < 0 { throw SystemCallError(call: "socket(NOTIFY_SOCKET)", errno: 0 &- r) }
  }

  /// True when a service manager listens ($NOTIFY_SOCKET was set).
  public var isConnected: Bool { state.fd >= 0 }

  /// The watchdog period the service manager expects ($WATCHDOG_USEC, for this process), in nanoseconds;
  /// 0 when there is no watchdog.
  public static var watchdogNanoseconds: UInt64 {
    let us = vigil_watchdog_usec()
    return us > UInt64.max / 1000 ? UInt64.max : us &* 1000
  }

  /// Sends `message` (`KEY=VALUE` lines separated by newlines) as one datagram.
  public func send(_ message: UnsafeBufferPointer<UInt8>) throws(SystemCallError) {
    guard let base = message.baseAddress else { return }
    let r = withUnsafePointer(to: state) { vigil_notify_send($0, base, UInt32(truncatingIfNeeded: message.count)) }
    if r < 0 { throw SystemCallError(call: "sendto(NOTIFY_SOCKET)", errno: 0 &- r) }
  }

  /// Sends a static message such as "READY=1".
  public func send(_ message: StaticString) throws(SystemCallError) {
    try send(UnsafeBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount))
  }

  /// Closes the socket (idempotent).
  public mutating func close() { vigil_notify_close(&state) }
}
