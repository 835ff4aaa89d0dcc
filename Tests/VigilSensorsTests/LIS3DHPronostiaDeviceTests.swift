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
    // The same model training as the ADXL345's test (first 20%, 40 epochs), on the LIS3DH's counts.
    let (source, model) = try PronostiaDeviceTests().setup("lis3dh@1344:16")
    let replayed = try replay(source, model: model, segments: Self.replaySegments)
    let device = try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                               configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16))
    PronostiaDeviceTests.checkIdentical(device, replayed, model: model, "lis3dh@1344:16")

    try PronostiaDeviceTests.checkLateSnapshots(source: source, model: model) { prepare in
      try runDevice(source: source, model: model, segments: Self.replaySegments, sampling: .snapshot(every: 10),
                    configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16), prepare: prepare)
    }
  }
}
