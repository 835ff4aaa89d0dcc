// Acceptance: PRONOSTIA Bearing1_1's last 200 snapshots through the emulated ADXL345, its driver and the
// acquisition in snapshot mode give per-window scores and events identical to a replay with the same
// `--sensor` — at 800 Hz (the Pi boards' I2C rate) and at 1600 Hz with the override (the firmware parity
// test's configuration). With late drains that overrun the FIFO: the same windows minus those of the
// snapshots that lost samples.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost
import VigilSensors

@Suite("PRONOSTIA through the emulated ADXL345: bit-exact with replay", .serialized)
struct PronostiaDeviceTests {
  static let replaySegments = 2603..<2803

  func setup(_ sensor: String) throws -> (SensorSource, Model) { try pronostiaModel(sensor) }

  @Test("800 Hz and 1600 Hz (override): scores and events identical to replay",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"),
        arguments: [("adxl345@800:16", ADXL345Rate.hz800, false), ("adxl345@1600:16", .hz1600, true)])
  func bitExact(sensor: String, rate: ADXL345Rate, override: Bool) throws {
    let (source, model) = try setup(sensor)
    let replayed = try replay(source, model: model, segments: Self.replaySegments)
    let device = try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                               configuration: ADXL345Configuration(rate: rate, range: .g16, allowRateAboveI2CLimit: override))
    Self.checkIdentical(device, replayed, model: model, sensor)
  }

  /// The device run's per-window scores and events equal the replay's; 200 clean snapshots (drained on
  /// watermark edges, or with `watermark` false on the timer only: the MPU-6050).
  static func checkIdentical(_ device: DeviceRunResult, _ replayed: ReplayResult, model: Model, _ sensor: String,
                             watermark: Bool = true) {
    let bands = model.frontEnd.bands.count
    #expect(replayed.windows.count >= 200)
    #expect(device.windows.map(\.score.value) == replayed.windows.map(\.score), "\(sensor): per-window scores differ")
    #expect(json(device.events, bands: bands) == json(replayed.events, bands: bands), "\(sensor): events differ")
    #expect(replayed.events.contains { $0.kind == .raise }, "the run's end must raise an alert (a test that can fail)")
    let c = device.counters
    #expect(c.snapshots == 200 && c.segments == 200 && c.faults.overruns == 0 && c.faults.busErrors == 0 && c.faults.lostSamples == 0, "\(c)")
    if watermark { #expect(c.wakeups.missedEdges == 0 && c.wakeups.edges > 0) } else { #expect(c.wakeups.edges == 0 && c.wakeups.timedDrains >= 200) }
  }

  @Test("late drains that overrun the FIFO: the same windows minus the snapshots that lost samples",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func overruns() throws {
    let (source, model) = try setup("adxl345@800:16")
    try Self.checkLateSnapshots(source: source, model: model) { prepare in
      try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                    configuration: ADXL345Configuration(rate: .hz800, range: .g16), prepare: prepare)
    }
  }

  /// The host stalls 60 ms in snapshots 10, 50 and 120: `run` with that fault plan must give the replay's
  /// windows minus those 3 snapshots', 3 overruns, 197 snapshots.
  static func checkLateSnapshots(source: SensorSource, model: Model,
                                 run: ((SensorEmulator) -> Void) throws -> DeviceRunResult) throws {
    let replayed = try replay(source, model: model, segments: replaySegments)
    let t0 = try source.segment(replaySegments.lowerBound).time
    let late = [10, 50, 120]
    let device = try run { emu in emu.faults.stalls = late.map { (at: ns(t0 + Double($0) * 10 + 0.030), duration: 60_000_000) } }
    let lost = Set(late.map { replaySegments.lowerBound + $0 })
    let expected = replayed.windows.filter { !lost.contains($0.segment) }.map(\.score)
    #expect(device.windows.map(\.score.value) == expected)
    #expect(device.counters.faults.overruns == 3 && device.counters.snapshots == 197, "\(device.counters)")
    #expect(device.counters.faults.lostSamples > 0 && device.emulator.overwritten > 0)
  }
}
