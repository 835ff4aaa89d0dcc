// The acquisition (driver → Monitor, step by step) against the emulated LIS3DH at 1344 Hz: every failure path
// ends in a counted, recovered event or a typed error, never a crash or a hang.

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("Acquisition: LIS3DH failure paths (emulated)")
struct LIS3DHAcquisitionTests {
  nonisolated(unsafe) static let source = try! lis3dhSource(seconds: 10)
  static let model = try! syntheticModel(source)
  static let config = LIS3DHConfiguration(rate: .hz1344, range: .g16, watermark: 16)

  func run(_ prepare: (LIS3DHEmulator) -> Void = { _ in }) throws -> DeviceRunResult {
    try runDevice(source: Self.source, model: Self.model, sampling: .continuous, configuration: Self.config, prepare: prepare)
  }

  /// The clean run: every frame of the recording, in order, with no gap.
  nonisolated(unsafe) static let clean = try! runDevice(source: source, model: model, sampling: .continuous, configuration: config)

  @Test("clean: every frame delivered, windows as the replay scores them, edges only")
  func clean() throws {
    let r = Self.clean
    try expectCleanRun(r, source: Self.source, model: Self.model, slack: 32, minimumWindows: 80)
    #expect(r.counters.edges > 700 && r.counters.timedDrains == 0, "\(r.counters)")
  }

  @Test("I2C_RDWR reads (whole FIFO per transaction): the same scores")
  func combinedReads() throws {
    let r = try runDevice(source: Self.source, model: Self.model, sampling: .continuous, configuration: Self.config, maxReadLength: 8192)
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
    let bursts = r.emulator.trace.filter { if case .read(0xA8, let n) = $0 { n > 32 } else { false } }
    #expect(!bursts.isEmpty)
  }

  @Test("missed edges (line stuck for 1 s): timed drains keep the stream whole, counted as missed edges")
  func missedEdges() throws {
    FailurePath.missedEdges(try run(Faults.stuckLine), clean: Self.clean)
  }

  @Test("NACK mid-stream: counted, the drain retried, no samples lost, scores unchanged")
  func nackMidStream() throws {
    FailurePath.recovered(try run(Faults.nackMidStream), clean: Self.clean, busErrors: 1...100)
  }

  @Test("overrun (host 100 ms late): OVRN_FIFO counted, FIFO recovered (bypass → stream), new segment, lost samples estimated")
  func overrun() throws {
    let r = try run(Faults.stall)
    FailurePath.overrun(r, clean: Self.clean, windowsBefore: 30)
    // The recovery is the datasheet's: FIFO_CTRL_REG bypass, then stream with the watermark.
    #expect(r.emulator.writes.filter { $0 == .write(register: 0x2E, value: 0x00) }.count == 2, "start + one recovery")
  }

  @Test("unplug + replug: re-probe, reconfigure, resume; the samples lost over the outage reported")
  func unplugReplug() throws {
    FailurePath.unplugReplug(try run(Faults.unplugReplug), clean: Self.clean, lostAbove: 600, tolerance: 60, windowsAbove: 60)
  }

  @Test("unplugged for good: keeps retrying with backoff, bounded, no crash")
  func unplugForever() throws {
    FailurePath.unplugForever(try run(Faults.unplugForever), framesBelow: 4100)
  }

  @Test("a bit error in FIFO_SRC_REG (EMPTY with samples) is caught as an impossible value, counted, and the stream goes on")
  func bitError() throws {
    FailurePath.recovered(try run { $0.faults.bitFlips = [(register: 0x2F, mask: 0x20)] }, clean: Self.clean, busErrors: 1...1)
  }

  @Test("a wrong part at start is a typed error naming the ID found")
  func wrongIDAtStart() throws {
    do { _ = try run { $0.faults.wrongID = 0xE5 }; Issue.record("no error") } catch {
      #expect("\(error)".contains("ID 0xE5, expected 0x33 (LIS3DH) — is this a ADXL345?"))
    }
  }
}
