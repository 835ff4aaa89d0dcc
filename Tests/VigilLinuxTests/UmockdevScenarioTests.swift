// The Linux layer through the REAL libi2c and libgpiod 1.6: HostSim/vigil-umockdev runs each scenario under
// umockdev-wrapper, which emulates /dev/i2c-1 and /dev/gpiochip0 in its process (the ioctl handlers answer
// with a fake ADXL345's registers and raise the watermark edges). Each run is bounded by `timeout`; a hang
// or a crash fails the test. Skips with a message when umockdev (Debian: umockdev, libumockdev-dev) is absent.

import Foundation
import Testing
import TestSupport

enum Umockdev {
  static let wrapper: String? = ["/usr/bin/umockdev-wrapper", "/usr/local/bin/umockdev-wrapper"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  /// The harness next to the test bundle (same build folder), or in .build/debug.
  static let harness: String? = {
    var candidates: [String] = []
    if let exe = Bundle.main.executableURL {
      var dir = exe.deletingLastPathComponent()
      if dir.path.hasSuffix(".xctest") || dir.path.contains(".xctest/") { dir = dir.deletingLastPathComponent() }
      candidates.append(dir.appendingPathComponent("vigil-umockdev").path)
      candidates.append(dir.deletingLastPathComponent().appendingPathComponent("vigil-umockdev").path)
    }
    candidates.append(Paths.root.appendingPathComponent(".build/debug/vigil-umockdev").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  static var available: Bool { wrapper != nil && harness != nil }
  static let skipMessage = "umockdev not found (needs umockdev-wrapper and libumockdev-dev, which builds vigil-umockdev): skipped"

  /// Runs one scenario under umockdev-wrapper with a 60 s bound; returns its exit status and output.
  static func run(_ scenario: String) throws -> (Int32, String) {
    let (status, out, err) = try TestSupport.run(["timeout", "-k", "5", "60", wrapper!, harness!, scenario])
    return (status, out + err)
  }
}

@Suite("VigilLinux under umockdev: real libi2c and libgpiod", .enabled(if: Umockdev.available, Comment(rawValue: Umockdev.skipMessage)))
struct UmockdevScenarioTests {
  /// Runs `scenario`, requires exit 0, its PASS line, no FAIL line, and every `expected` fragment.
  func scenario(_ name: String, _ expected: [String]) throws {
    let (status, out) = try Umockdev.run(name)
    print(out)
    #expect(status == 0, "vigil-umockdev \(name) exited \(status) (124: timed out)\n\(out)")
    #expect(out.contains("PASS \(name)") && !out.contains("FAIL"), "\(out)")
    for e in expected { #expect(out.contains(e), "missing: \(e)") }
  }

  @Test("probe: DEVID 0xE5 through libi2c; an empty address NACKs; byte, block, block-broken and I2C_RDWR reads")
  func probe() throws {
    try scenario("probe", ["DEVID read through libi2c: 0xE5", "read at 0x1D (nobody there, ENXIO) → noAcknowledge",
                           "I2C_BLOCK_DATA (29) and I2C_BLOCK_BROKEN (32)", "as one I2C_RDWR",
                           "bus clock from sysfs of_node/clock-frequency: 400000 Hz (bus 7: none)"])
  }

  @Test("configure: the register writes land in the device and read back")
  func configure() throws { try scenario("configure", ["7 register writes arrived as SMBus write byte data", "register 0x38 = 0x90"]) }

  @Test("watermark edges through libgpiod (chip by label, consumer name, timestamps, ppoll) and FIFO drains")
  func watermark() throws {
    try scenario("watermark", ["50 rising edges read by libgpiod with the device's timestamps",
                               "800 frames drained, identical to the 800 the device produced"])
  }

  @Test("overrun: detected, counted, FIFO recovered, stream resumes")
  func overrun() throws { try scenario("overrun", ["overruns counted: 1", "stream resumed: 16 frames"]) }

  @Test("missed edge: the timed drain recovers and edges resume")
  func missedEdge() throws { try scenario("missed-edge", ["missed edges counted: 1", "edges resumed"]) }

  @Test("NACK mid-stream: libi2c's −121 is noAcknowledge, counted and retried without losing frames")
  func nack() throws { try scenario("nack", ["bus errors counted: 2 (the device NACKed 2)", "all 16 frames drained"]) }

  @Test("unplug + replug: re-probe, reconfigure, resume; the adapter removed and back")
  func unplug() throws {
    try scenario("unplug", ["then re-probed (1)", "stream resumed after replug", "adapter was removed (ENOENT) → noDevice",
                            "adapter back"])
  }

  @Test("errors: absent bus, chip, label and line; a busy line; permission denied")
  func errors() throws {
    try scenario("errors", ["open /dev/i2c-7 (no such adapter) → noDevice", "\"pinctrl-rp1\" (not on this board) → noDevice",
                            "line 99 of a 58-line chip → noDevice", "a second time → busy", "(EACCES) → permission"])
  }

  @Test("VigilSensors' ADXL345 driver + Acquisition over LinuxI2CBus + GPIOEdgeLine against HostSim's emulator, 3 s real time")
  func acquisition() throws {
    try scenario("acquisition", ["ADXL345Driver probed and configured the emulator through libi2c",
                                 "windows scored by the Monitor from frames read through libi2c", "no bus error;"])
  }

  @Test("the same with the part unplugged for 0.5 s: −121 → noAcknowledge, re-probed, new segment, lost samples reported")
  func acquisitionUnplug() throws {
    try scenario("acquisition-unplug", ["re-probed 1, new segment", "lost samples"])
  }

  @Test("signalfd, timerfd and ppoll: SIGHUP / SIGTERM as data, timer expiries on CLOCK_MONOTONIC")
  func signals() throws { try scenario("signals", ["SIGHUP then SIGTERM read from the signalfd", "timerfd: 3 expiries"]) }
}
