// The acquisition (driver → Monitor, step by step) against the emulated ADXL345: what is particular to the
// part (the failure paths it shares with the LIS3DH: AcquisitionFailureTests), and snapshot mode.

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("Acquisition: ADXL345 (emulated)")
struct AcquisitionTests {
  @Test("the level-triggered watermark: a FIFO above the watermark at arming does not stall (drained before arming)")
  func drainBeforeArming() throws {
    // The host is late right after start: the FIFO passes the watermark with no new edge to come.
    let r = try adxl345Acquisition.run { $0.faults.stalls = [(at: 0, duration: 30_000_000)] }
    #expect(r.counters.frames > 7000, "\(r.counters)")
    #expect(r.counters.faults.overruns == 0)
  }
}

@Suite("Acquisition: snapshot mode (emulated ADXL345)")
struct SnapshotAcquisitionTests {
  /// 12 s of vibration cut into 0.4 s segments (snapshots taken every 1 s), as an ADXL345 at 800 Hz.
  nonisolated(unsafe) static let source = SensorSource(ContinuousRecording(name: "vibration", sampleRate: 3200, axes: vibration(seconds: 12).data,
                                                       file: "synthetic", segmentSeconds: 0.4),
                                   sensor: try! SensorModel.parse("adxl345@800:16"))
  /// A heartbeat every window, so every window's event shows its timestamp.
  static let model = try! syntheticModel(source, policy: AlertPolicy(
    warmUpWindows: 2, smoothingQ15: 8192, raiseRatioQ16: 65536, clearRatioQ16: 52429, criticalRatioQ16: 131072,
    debounceK: 3, debounceN: 4, heartbeatWindows: 1))

  func run(_ prepare: (ADXL345Emulator) -> Void = { _ in }) throws -> DeviceRunResult {
    try runDevice(source: Self.source, model: Self.model, sampling: .snapshot(every: 1),
                  configuration: ADXL345Configuration(), prepare: prepare)
  }

  @Test("every snapshot scored as the replay scores its segment; events carry the snapshots' scheduled times")
  func snapshots() throws {
    let r = try run()
    let replayed = try replay(Self.source, model: Self.model)
    #expect(r.counters.snapshots == UInt32(Self.source.segmentCount) && r.counters.segments == r.counters.snapshots)
    #expect(r.windows.map(\.score.value) == replayed.windows.map(\.score) && replayed.windows.count >= 30)
    // One window per snapshot; snapshot k is scheduled at k s: its events say k × 1000 ms.
    #expect(r.events.count >= r.windows.count - 2, "a heartbeat per window after the warm-up")
    #expect(r.events.map(\.timestamp) == r.events.map { UInt64($0.window) * 1000 })
  }

  @Test("a NACK when a snapshot wakes: retried 2 ms later, the snapshot keeps its scheduled time and its data")
  func nackAtWake() throws {
    let clean = try run()
    // Snapshot 3 starts at 3 s; its first transaction (the FIFO reset) is NACKed.
    let r = try run { $0.faults.nackDuring = [ns(3)..<ns(3.0005)] }
    #expect(r.counters.faults.busErrors == 1 && r.counters.snapshots == clean.counters.snapshots, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == clean.windows.map(\.score.value))
    #expect(r.windows.map(\.event?.timestamp) == clean.windows.map(\.event?.timestamp))
  }
}
