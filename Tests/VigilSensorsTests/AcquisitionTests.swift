// The acquisition (driver → Monitor, step by step) against the emulated ADXL345: every failure path ends in
// a counted, recovered event or a typed error, never a crash or a hang.

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("Acquisition: ADXL345 failure paths (emulated)")
struct AcquisitionTests {
  nonisolated(unsafe) static let source = try! syntheticSource(seconds: 10)
  static let model = try! syntheticModel(source)
  static let config = ADXL345Configuration(rate: .hz800, range: .g16, watermark: 16)

  func run(_ prepare: (ADXL345Emulator) -> Void = { _ in }) throws -> DeviceRunResult {
    try runDevice(source: Self.source, model: Self.model, sampling: .continuous, configuration: Self.config, prepare: prepare)
  }

  /// The clean run: every frame of the recording, in order, with no gap.
  nonisolated(unsafe) static let clean = try! runDevice(source: source, model: model, sampling: .continuous, configuration: config)

  @Test("clean: every frame delivered, windows as the replay scores them, edges only")
  func clean() throws {
    let r = Self.clean
    try expectCleanRun(r, source: Self.source, model: Self.model, slack: 32, minimumWindows: 50)
    #expect(r.counters.edges > 300 && r.counters.timedDrains == 0)
  }

  @Test("missed edges (line stuck for 1 s): timed drains keep the stream whole, counted as missed edges")
  func missedEdges() throws {
    FailurePath.missedEdges(try run(Faults.stuckLine), clean: Self.clean)
  }

  @Test("the level-triggered watermark: a FIFO above the watermark at arming does not stall (drained before arming)")
  func drainBeforeArming() throws {
    // The host is late right after start: the FIFO passes the watermark with no new edge to come.
    let r = try run { $0.faults.stalls = [(at: 0, duration: 30_000_000)] }
    #expect(r.counters.frames > 7000, "\(r.counters)")
    #expect(r.counters.overruns == 0)
  }

  @Test("NACK mid-stream: counted, the drain retried, no samples lost, scores unchanged")
  func nackMidStream() throws {
    FailurePath.recovered(try run(Faults.nackMidStream), clean: Self.clean, busErrors: 1...100)
  }

  @Test("overrun (host 100 ms late): counted, FIFO recovered, new segment, lost samples estimated")
  func overrun() throws {
    FailurePath.overrun(try run(Faults.stall), clean: Self.clean, windowsBefore: 20)
  }

  @Test("unplug + replug: re-probe, reconfigure, resume; the samples lost over the outage reported")
  func unplugReplug() throws {
    FailurePath.unplugReplug(try run(Faults.unplugReplug), clean: Self.clean, lostAbove: 380, tolerance: 40, windowsAbove: 40)
  }

  @Test("unplugged for good: keeps retrying with backoff, bounded, no crash")
  func unplugForever() throws {
    FailurePath.unplugForever(try run(Faults.unplugForever), framesBelow: 2500)
  }

  @Test("a bit error in FIFO_STATUS is caught as an impossible value, counted, and the stream goes on")
  func bitError() throws {
    FailurePath.recovered(try run { $0.faults.bitFlips = [(register: 0x39, mask: 0x40)] }, clean: Self.clean, busErrors: 1...1)
  }

  @Test("a wrong part at start is a typed error naming the ID found")
  func wrongIDAtStart() throws {
    #expect(throws: SensorError.self) { _ = try run { $0.faults.wrongID = 0x68 } }
    do { _ = try run { $0.faults.wrongID = 0x68 } } catch { #expect("\(error)".contains("ID 0x68, expected 0xE5 (ADXL345) — is this a MPU-6050?")) }
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
    #expect(r.counters.busErrors == 1 && r.counters.snapshots == clean.counters.snapshots, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == clean.windows.map(\.score.value))
    #expect(r.windows.map(\.event?.timestamp) == clean.windows.map(\.event?.timestamp))
  }
}
