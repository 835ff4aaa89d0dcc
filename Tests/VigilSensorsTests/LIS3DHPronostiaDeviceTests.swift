// Acceptance for the LIS3DH: PRONOSTIA Bearing1_1's last 200 snapshots through the emulated LIS3DH at
// 1344 Hz, ±16 g, high resolution, its driver and the acquisition in snapshot mode give per-window scores
// and events identical to `vigil-sim replay --sensor lis3dh@1344:16`. With late drains that overrun the
// FIFO: the same windows minus those of the snapshots that lost samples.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost
import VigilSensors

@Suite("PRONOSTIA through the emulated LIS3DH: bit-exact with replay", .serialized)
struct LIS3DHPronostiaDeviceTests {
  static let replaySegments = 2603..<2803

  @Test("1344 Hz ±16 g: scores and events identical to replay; stalls give the same windows minus the lost snapshots",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func bitExact() throws {
    let source = SensorSource(try PronostiaRun(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1")),
                              sensor: try SensorModel.parse("lis3dh@1344:16"))
    let config = try standardPlan(for: source).config()
    var options = TrainingOptions(); options.epochs = 40
    let model = try trainModel(source: source, segments: 0..<560, config: config, options: options,
                               policy: snapshotPolicy(windowsPerSegment: 1)).model
    let replayed = try replay(source, model: model, segments: Self.replaySegments)
    let device = try runLIS3DHDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                                     configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16))
    let bands = model.frontEnd.bands.count
    #expect(replayed.windows.count >= 200)
    #expect(device.windows.map(\.score.value) == replayed.windows.map(\.score), "per-window scores differ")
    #expect(json(device.events, bands: bands) == json(replayed.events, bands: bands), "events differ")
    #expect(replayed.events.contains { $0.kind == .raise }, "the run's end must raise an alert (a test that can fail)")
    let c = device.counters
    #expect(c.snapshots == 200 && c.segments == 200 && c.overruns == 0 && c.busErrors == 0 && c.lostSamples == 0, "\(c)")
    #expect(c.missedEdges == 0 && c.edges > 0)

    let t0 = try source.segment(Self.replaySegments.lowerBound).time
    let late = [10, 50, 120]                                  // snapshots where the host stalls 60 ms
    let stalled = try runLIS3DHDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                                      configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16)) { emu in
      emu.faults.stalls = late.map { (at: ns(t0 + Double($0) * 10 + 0.030), duration: 60_000_000) }
    }
    let lost = Set(late.map { Self.replaySegments.lowerBound + $0 })
    #expect(stalled.windows.map(\.score.value) == replayed.windows.filter { !lost.contains($0.segment) }.map(\.score))
    #expect(stalled.counters.overruns == 3 && stalled.counters.snapshots == 197, "\(stalled.counters)")
    #expect(stalled.counters.lostSamples > 0 && stalled.emulator.overwritten > 0)
  }
}
