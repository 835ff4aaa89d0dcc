// systemd's notify protocol without libsystemd: ServiceNotifier sends datagrams to the socket $NOTIFY_SOCKET
// names — a path or "@name" in the abstract namespace — received here by a socket the test binds, as
// systemd's manager does; $WATCHDOG_USEC / $WATCHDOG_PID as sd_watchdog_enabled(3) reads them.

import Foundation
import Testing
import VigilLinux

/// A bound AF_UNIX datagram socket (the service manager's end).
final class NotifyReceiver: @unchecked Sendable {
  let fd: Int32
  /// `name`: a path, or "@name" for the abstract namespace.
  init(_ name: String) throws {
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(name.utf8)
    withUnsafeMutableBytes(of: &addr.sun_path) { p in
      for (i, b) in bytes.enumerated() { p[i] = b }
      if name.hasPrefix("@") { p[0] = 0 }
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (name.hasPrefix("@") ? 0 : 1))
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    guard fd >= 0, r == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }
  /// The datagrams received so far (waits up to `timeout` seconds for the first).
  func messages(timeout: Double = 1) -> [String] {
    var out: [String] = [], buffer = [UInt8](repeating: 0, count: 4096)
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&p, 1, Int32(timeout * 1000)) == 1 else { return out }
    while true {
      let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
      if n <= 0 { break }
      out.append(String(decoding: buffer[0..<n], as: UTF8.self))
    }
    return out
  }
  deinit { close(fd) }
}

@Suite("sd_notify without libsystemd", .serialized)
struct ServiceNotifierTests {
  @Test("messages reach a socket by path and in the abstract namespace", arguments: ["path", "abstract"])
  func send(kind: String) throws {
    let name = kind == "path" ? FileManager.default.temporaryDirectory.appendingPathComponent("vigil-notify-\(getpid())").path
                              : "@vigil-notify-test-\(getpid())"
    if kind == "path" { unlink(name) }
    defer { if kind == "path" { unlink(name) } }
    let receiver = try NotifyReceiver(name)
    setenv("NOTIFY_SOCKET", name, 1)
    defer { unsetenv("NOTIFY_SOCKET") }
    var n = try ServiceNotifier()
    #expect(n.isConnected)
    try n.send("READY=1\nSTATUS=monitoring")
    try n.send("WATCHDOG=1")
    try n.send("STOPPING=1")
    n.close()
    #expect(receiver.messages() == ["READY=1\nSTATUS=monitoring", "WATCHDOG=1", "STOPPING=1"])
  }

  @Test("without $NOTIFY_SOCKET sends are no-ops; a malformed one is refused")
  func absentOrMalformed() throws {
    unsetenv("NOTIFY_SOCKET")
    var n = try ServiceNotifier()
    #expect(!n.isConnected)
    try n.send("READY=1")
    n.close()
    for bad in ["relative/socket", "/" + String(repeating: "x", count: 120)] {
      setenv("NOTIFY_SOCKET", bad, 1)
      #expect(throws: SystemCallError(call: "socket(NOTIFY_SOCKET)", errno: EINVAL)) { _ = try ServiceNotifier() }
    }
    unsetenv("NOTIFY_SOCKET")
  }

  @Test("the watchdog period from $WATCHDOG_USEC, only for this process ($WATCHDOG_PID)")
  func watchdog() {
    defer { unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID") }
    unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID")
    #expect(ServiceNotifier.watchdogNanoseconds == 0)
    setenv("WATCHDOG_USEC", "30000000", 1)
    #expect(ServiceNotifier.watchdogNanoseconds == 30_000_000_000)
    setenv("WATCHDOG_PID", "\(getpid())", 1)
    #expect(ServiceNotifier.watchdogNanoseconds == 30_000_000_000)
    setenv("WATCHDOG_PID", "\(getpid() + 1)", 1)
    #expect(ServiceNotifier.watchdogNanoseconds == 0, "the watchdog of another process")
    unsetenv("WATCHDOG_PID")
    for bad in ["", "30s", "-5", "99999999999999999999999"] {
      setenv("WATCHDOG_USEC", bad, 1)
      #expect(ServiceNotifier.watchdogNanoseconds == 0, "\(bad)")
    }
  }
}
