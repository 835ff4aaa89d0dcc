// `vigil run` — the device program, the code the Pi runs — end to end through the REAL libi2c and libgpiod:
// umockdev emulates /dev/i2c-1 and /dev/gpiochip0 in HostSim/vigil-umockdev's process, where the ADXL345
// register emulator (HostSim/VigilHost/Emulators) samples the last 200 snapshots of PRONOSTIA Bearing1_1 as
// an ADXL345 at 800 Hz ±16 g would; the device reads them over I2C on watermark edges, one snapshot per
// measurement (acquire = snapshot). The same with the MPU-6050 emulator at 1 kHz (timed drains, no
// watermark; FIFO bursts over I2C_RDWR). Its events must equal the host replay's (`vigil-sim replay --sensor
// adxl345@800:16` of the same snapshots with the same model), field for field except the timestamp (the
// device stamps events with its monotonic clock, the replay with the recording's). The same with the LIS3DH
// emulator at 0x18, 1344 Hz ±16 g high resolution (`sensor = lis3dh`), against `--sensor lis3dh@1344:16`.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost

@Suite("vigil run under umockdev vs the host replay",
       .enabled(if: Umockdev.available, Comment(rawValue: Umockdev.skipMessage)),
       .enabled(if: RealData.available, Comment(rawValue: RealData.skipMessage)), .serialized)
struct DeviceRunTests {
  /// An event line without its timestamp and without the counters a heartbeat carries on the device.
  static func comparable(_ line: Substring) -> String {
    var s = String(line)
    if let r = s.range(of: #""t":[0-9]+,"#, options: .regularExpression) { s.removeSubrange(r) }
    if let r = s.range(of: #","frames":[0-9]+.*\}$"#, options: .regularExpression) { s.replaceSubrange(r, with: "}") }
    return s
  }

  // The MPU-6050 (timed drains, no watermark) is bit-exact through its emulator and driver in
  // MPU6050PronostiaDeviceTests; under umockdev its run needs more wall time than CI's budget on a loaded
  // 2-core machine (268 of 400 windows in the time limit, every one equal): `VIGIL_DEVICE_RUN_ALL=1` adds it.
  @Test("PRONOSTIA Bearing1_1, last 200 snapshots, ADXL345 @ 800 Hz and LIS3DH @ 1344 Hz (+ MPU-6050 @ 1 kHz with VIGIL_DEVICE_RUN_ALL=1): vigil run's events = the replay's",
        arguments: [("adxl345", 800), ("lis3dh", 1344)] + (ProcessInfo.processInfo.environment["VIGIL_DEVICE_RUN_ALL"] == "1" ? [("mpu6050", 1000)] : []))
  func runEqualsReplay(part: String, odr: Int) throws {
    let sensor = "\(part)@\(odr):16"
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-device-run-\(part)-\(getpid())")
    try? FileManager.default.removeItem(at: tmp)
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let bearing = try BearingTail(directory: tmp, part: part, odr: odr)
    let (folder, source, tail, trained, config, model) = (bearing.folder, bearing.source, bearing.tail, bearing.trained,
                                                          bearing.config, bearing.model)

    // The host replay of the same snapshots: the reference.
    let reference = try replay(source, model: trained.model, segments: tail)
    var buffer = [UInt8](repeating: 0, count: 1024)
    let expected = reference.events.map { e -> String in
      let k = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: config.bands.count, into: $0) } ?? 0
      return Self.comparable(Substring(String(decoding: buffer[0..<max(0, k - 1)], as: UTF8.self)))
    }
    #expect(!expected.isEmpty && reference.windows.count >= 200, "the reference must have windows and events")

    // The device: one snapshot of 0.1 s (80 frames at 800 Hz, 100 at 1 kHz) per measurement. The emulated part runs at half its rate
    // (time scale 0.5: the device cannot tell), and slower again if a run overran (a loaded machine: the
    // debug build and umockdev's ioctl round trips stall the device).
    var lastOutput = "", lastEvents: [String] = []
    let firstGap = { (log: String) -> Int in
      log.split(separator: "\n").first { $0.contains("FIFO overrun (#1) after window ") }
        .flatMap { l in l.range(of: "after window ").flatMap { Int(l[$0.upperBound...].prefix { $0.isNumber }) } } ?? -1
    }
    for (scale, every) in [(0.5, 0.25), (0.25, 0.45)] {
      let conf = tmp.appendingPathComponent("vigil.conf")
      try bearing.deviceConfig(every: every).write(to: conf, atomically: true, encoding: .utf8)
      let seconds = Int(Double(tail.count) * every * 1.25) + 5
      let (status, out, err) = try TestSupport.run(
        ["timeout", "-k", "5", "\(seconds + 120)", Umockdev.wrapper!, Umockdev.harness!, "device", folder.path,
         "--sensor", sensor, "--segments", "\(tail.lowerBound):\(tail.upperBound)", "--every", "\(every)",
         "--time-scale", "\(scale)", "--", "run", "--config", conf.path, "--seconds", "\(seconds)"])
      #expect(status == 0, "vigil run exited \(status)\n\(err)")
      let got = out.split(separator: "\n").map(Self.comparable)
      // Of runs that overrun, the one whose first gap came latest is compared below.
      if lastOutput.isEmpty || firstGap(err) > firstGap(lastOutput) { lastOutput = err; lastEvents = got }
      guard err.contains(" 0 overruns") else { print("overruns at time scale \(scale), trying slower: \(err)"); continue }
      #expect(err.contains("\(reference.windows.count) windows"), "\(err)")
      #expect(got == expected, "device events:\n\(got.joined(separator: "\n"))\nreplay events:\n\(expected.joined(separator: "\n"))")
      #expect(out.contains("\"kind\":\"raise\""), "the end of the run must raise an alert")
      return
    }
    // Every run overran (the machine is too loaded to emulate the part in real time): the windows before the
    // first gap are untouched, so the events before it must still be the replay's, exactly.
    let gap: Int? = firstGap(lastOutput) >= 0 ? firstGap(lastOutput) : nil
    let window = { (line: String) -> Int in
      Int(line.split(separator: ",").first { $0.hasPrefix("\"window\":") }?.dropFirst(9) ?? "") ?? Int.max }
    guard let gap else { Issue.record("overruns without their log line:\n\(lastOutput)"); return }
    let before = expected.filter { window($0) < gap }, deviceBefore = lastEvents.filter { window($0) < gap }
    print("every run overran (loaded machine); comparing the \(before.count) events before window \(gap)")
    #expect(before == deviceBefore, "events before the first overrun differ:\n\(deviceBefore)\nvs\n\(before)")
  }
}
