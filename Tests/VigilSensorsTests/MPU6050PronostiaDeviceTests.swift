// Acceptance: PRONOSTIA Bearing1_1's last 200 snapshots through the emulated MPU-6050, its driver and the
// acquisition in snapshot mode (timed drains: the part has no watermark) give per-window scores and events
// identical to `vigil-sim replay --sensor mpu6050@1000:16`; with late drains that overflow the 1024-byte
// FIFO, the same windows minus those of the snapshots that lost samples.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost
import VigilSensors

@Suite("PRONOSTIA through the emulated MPU-6050: bit-exact with replay", .serialized)
struct MPU6050PronostiaDeviceTests {
  static let replaySegments = 2603..<2803

  nonisolated(unsafe) static var trained: (SensorSource, Model)?

  /// The model trained on the first 20% of the run for mpu6050@1000:16 (once for both tests).
  func setup() throws -> (SensorSource, Model) {
    if let t = Self.trained { return t }
    let t = try pronostiaModel("mpu6050@1000:16")
    Self.trained = t
    return t
  }

  @Test("1000 Hz ±16 g: scores and events identical to replay", .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func bitExact() throws {
    let (source, model) = try setup()
    let replayed = try replay(source, model: model, segments: Self.replaySegments)
    let device = try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                               configuration: MPU6050Configuration(rate: .hz1000, range: .g16))
    PronostiaDeviceTests.checkIdentical(device, replayed, model: model, "mpu6050@1000:16", watermark: false)
  }

  @Test("late drains that overflow the FIFO: the same windows minus the snapshots that lost samples",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func overruns() throws {
    let (source, model) = try setup()
    let replayed = try replay(source, model: model, segments: Self.replaySegments)
    let t0 = try source.segment(Self.replaySegments.lowerBound).time
    // Snapshots where the host stalls 200 ms before their first drain (85 ms after the wake): the stall
    // begins with the first wait after the wake's four transactions (~0.32 ms at 400 kHz), so its time is
    // 0.2 ms into the snapshot (at 0 it would hit the edge flush that precedes the wake).
    let late = [10, 50, 120]
    let device = try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                               configuration: MPU6050Configuration(rate: .hz1000, range: .g16)) { emu in
      emu.faults.stalls = late.map { (at: ns(t0 + Double($0) * 10 + 0.0002), duration: 200_000_000) }
    }
    let lost = Set(late.map { Self.replaySegments.lowerBound + $0 })
    let expected = replayed.windows.filter { !lost.contains($0.segment) }.map(\.score)
    #expect(device.windows.map(\.score.value) == expected)
    #expect(device.counters.faults.overruns == 3 && device.counters.snapshots == 197, "\(device.counters)")
    #expect(device.counters.faults.lostSamples > 0 && device.emulator.overwritten > 0)
  }
}
