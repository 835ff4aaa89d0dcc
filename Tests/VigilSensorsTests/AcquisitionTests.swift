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
    try runADXL345Device(source: Self.source, model: Self.model, sampling: .continuous, configuration: Self.config, prepare: prepare)
  }

  /// The clean run: every frame of the recording, in order, with no gap.
  nonisolated(unsafe) static let clean = try! runADXL345Device(source: source, model: model, sampling: .continuous, configuration: config)

  @Test("clean: every frame delivered, windows as the replay scores them, edges only")
  func clean() throws {
    let r = Self.clean
    let frames = try Self.source.framesPerSegment()
    #expect(r.counters.frames == UInt64(frames) || r.counters.frames + 32 >= UInt64(frames), "\(r.counters)")
    let replayed = try replay(Self.source, model: Self.model)
    let n = r.windows.count
    #expect(n >= replayed.windows.count - 1 && n > 50)
    #expect(r.windows.map(\.score.value) == Array(replayed.windows.prefix(n).map(\.score)))
    #expect(r.counters.overruns == 0 && r.counters.busErrors == 0 && r.counters.missedEdges == 0 && r.counters.segments == 1)
    #expect(r.counters.edges > 300 && r.counters.timedDrains == 0)
  }

  @Test("missed edges (line stuck for 1 s): timed drains keep the stream whole, counted as missed edges")
  func missedEdges() throws {
    let r = try run { $0.faults.stuckLine = [ns(2)..<ns(3)] }
    #expect(r.emulator.suppressedEdges > 0)
    #expect(r.counters.missedEdges > 10 && r.counters.timedDrains >= r.counters.missedEdges, "\(r.counters)")
    #expect(r.counters.overruns == 0 && r.counters.segments == 1)
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
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
    let r = try run { $0.faults.nackDuring = [ns(4)..<ns(4.0015)] }
    #expect(r.counters.busErrors >= 1 && r.counters.reprobes == 0 && r.counters.lostSamples == 0, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
  }

  @Test("overrun (host 100 ms late): counted, FIFO recovered, new segment, lost samples estimated")
  func overrun() throws {
    let r = try run { $0.faults.stalls = [(at: ns(5), duration: 100_000_000)] }
    #expect(r.counters.overruns == 1 && r.counters.segments == 2, "\(r.counters)")
    #expect(r.emulator.overwritten > 0)
    // What the host lost: the overwritten samples plus the FIFO contents the recovery discarded.
    let truth = Int(Self.clean.counters.frames) - Int(r.counters.frames)
    #expect(abs(Int(r.counters.lostSamples) - truth) <= 2, "estimated \(r.counters.lostSamples), really \(truth)")
    // Windows before the gap are the clean run's; after it the front end restarted (no window spans it).
    let before = r.windows.prefix { $0.window < 20 }.map(\.score.value)
    #expect(before == Array(Self.clean.windows.prefix(before.count).map(\.score.value)))
    #expect(r.windows.count < Self.clean.windows.count)
  }

  @Test("unplug + replug: re-probe, reconfigure, resume; the samples lost over the outage reported")
  func unplugReplug() throws {
    let r = try run { $0.faults.unplug = (at: ns(3), replugAt: ns(3.5)) }
    #expect(r.counters.reprobes == 1 && r.counters.busErrors >= 3 && r.counters.segments == 2, "\(r.counters)")
    let truth = Int(Self.clean.counters.frames) - Int(r.counters.frames)
    #expect(truth > 380 && abs(Int(r.counters.lostSamples) - truth) <= 40, "estimated \(r.counters.lostSamples), really \(truth)")
    #expect(r.windows.count > 40)
  }

  @Test("unplugged for good: keeps retrying with backoff, bounded, no crash")
  func unplugForever() throws {
    let r = try run { $0.faults.unplug = (at: ns(3), replugAt: nil) }
    #expect(r.counters.reprobes == 0 && r.counters.busErrors >= 5, "\(r.counters)")
    #expect(r.counters.frames < 2500)
  }

  @Test("a bit error in FIFO_STATUS is caught as an impossible value, counted, and the stream goes on")
  func bitError() throws {
    let r = try run { e in e.faults.bitFlips = [(register: 0x39, mask: 0x40)] }
    #expect(r.counters.busErrors == 1 && r.counters.overruns == 0, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
  }

  @Test("a wrong part at start is a typed error naming the ID found")
  func wrongIDAtStart() throws {
    #expect(throws: SensorError.self) { _ = try run { $0.faults.wrongID = 0x68 } }
    do { _ = try run { $0.faults.wrongID = 0x68 } } catch { #expect("\(error)".contains("ID 0x68, expected 0xE5 (ADXL345) — is this a MPU-6050?")) }
  }
}
