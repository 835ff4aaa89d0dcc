// The errno → BusError mapping (one place: Sources/VigilLinux/Errno.swift) against the system's own errno
// values, and the real failures of the real libraries on this machine (no /dev/i2c-*, no GPIO chip).

import Foundation
import Testing
import TestSupport
import VigilLinux
import VigilSensors

@Suite("VigilLinux: errno mapping and real failures")
struct ErrnoTests {
  @Test("errno values map as documented")
  func mapping() {
    let table: [(Int32, BusError)] = [
      (ENXIO, .noAcknowledge), (EREMOTEIO, .noAcknowledge), (ETIMEDOUT, .timeout), (EBUSY, .busy),
      (EACCES, .permission), (EPERM, .permission), (ENOENT, .noDevice), (ENODEV, .noDevice), (EIO, .io),
      (EINVAL, .io), (EAGAIN, .io), (EOPNOTSUPP, .io),
    ]
    for (e, expected) in table {
      #expect(BusError(errno: e) == expected, "errno \(e) (\(String(cString: strerror(e))))")
    }
  }
}

@Suite("VigilLinux on this machine (no I2C adapter, no GPIO chip)")
struct RealFailureTests {
  @Test("an absent adapter is noDevice, from the real open(2)")
  func absentBus() {
    #expect(throws: BusError.noDevice) { _ = try LinuxI2CBus(bus: 250, address: 0x53) }
    #expect(throws: BusError.noDevice) { _ = try LinuxI2CBus(path: "/dev/vigil-no-such-i2c", address: 0x53) }
  }

  @Test("an absent GPIO chip is noDevice, by path, name and label, from the real libgpiod")
  func absentChip() {
    for chip in ["/dev/vigil-no-such-gpiochip", "gpiochip250", "vigil-no-such-label"] {
      #expect(throws: BusError.noDevice, "\(chip)") { _ = try GPIOEdgeLine(chip: chip, offset: 17, consumer: "vigil-test") }
    }
  }

  @Test("a file that is not an I2C adapter: I2C_SLAVE fails (ENOTTY) and maps to io")
  func notAnAdapter() {
    #expect(throws: BusError.io) { _ = try LinuxI2CBus(path: "/dev/null", address: 0x53) }
  }

  @Test("timerfd + ppoll: a 5 ms timer makes the fd readable; CLOCK_MONOTONIC advances by at least that")
  func timer() throws {
    var t = try IntervalTimer()
    defer { t.close() }
    var poll = PollSet()
    let i = poll.add(t.fileDescriptor)!
    #expect(try poll.wait(timeoutNanoseconds: 0).isEmpty)
    let t0 = MonotonicClock.now()
    try t.arm(initialNanoseconds: 5_000_000, intervalNanoseconds: 0)
    let ready = try poll.wait(timeoutNanoseconds: 2_000_000_000)
    let dt = MonotonicClock.now() - t0
    #expect(ready.contains(i))
    #expect(try t.takeExpirations() == 1)
    #expect(try t.takeExpirations() == 0)
    #expect(dt >= 5_000_000, "woke after \(dt) ns")
  }
}

@Suite("VigilLinux in Embedded Swift")
struct EmbeddedLinuxTests {
  @Test("VigilSensors + VigilLinux compile with -no-allocations for armv6 (aarch64 and armv7: EmbeddedBuildTests) and import only allowed symbols and the shim")
  func noAllocations() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-embedded-armv6-\(getpid())")
    defer { try? FileManager.default.removeItem(at: out) }
    let (status, o, err) = try run(["bash", Paths.root.appendingPathComponent("Linker/check-embedded").path, "armv6"],
                                   env: ["VIGIL_EMBEDDED_OUT": out.path])
    print(o)
    #expect(status == 0, "\(o)\(err)")
    #expect(o.contains("ok   armv6") && o.contains("vigil_i2c_open_path") && o.contains("vigil_gpio_wait"), "\(o)")
  }
}
