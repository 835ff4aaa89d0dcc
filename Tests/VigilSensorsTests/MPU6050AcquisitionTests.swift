// The acquisition (driver → Monitor) against the emulated MPU-6050: no watermark interrupt, so a timed
// drain every half FIFO (85 samples at 1 kHz) and an edge only on FIFO overflow. Every failure path ends
// in a counted, recovered event or a typed error, never a crash or a hang.

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("Acquisition: MPU-6050 (emulated)")
struct MPU6050AcquisitionTests {
  func run(maxReadLength: Int = 32, _ prepare: (MPU6050Emulator) -> Void = { _ in }) throws -> DeviceRunResult {
    try mpu6050Acquisition.run(maxReadLength: maxReadLength, prepare)
  }
  static var clean: DeviceRunResult { mpu6050Acquisition.clean }

  @Test("clean: every frame, windows scored as the replay scores them, timed drains only (no watermark)")
  func clean() throws {
    let r = Self.clean
    try expectCleanRun(r, source: mpu6050Acquisition.source, model: mpu6050Acquisition.model, slack: 170, minimumWindows: 50)
    #expect(r.counters.wakeups.edges == 0 && r.counters.wakeups.timedDrains > 100, "\(r.counters)")
    #expect(r.emulator.overwritten == 0)
  }

  @Test("long reads (I2C_RDWR, 8192 bytes): the same windows in fewer transactions")
  func longReads() throws {
    let r = try run(maxReadLength: 8192)
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
    let reads = { (e: SensorEmulator) in e.trace.filter { if case .read = $0 { true } else { false } }.count }
    #expect(reads(r.emulator) * 3 < reads(Self.clean.emulator), "\(reads(r.emulator)) vs \(reads(Self.clean.emulator))")
  }

  @Test("NACK mid-stream: counted, the drain retried, no samples lost, scores unchanged")
  func nackMidStream() throws {
    let r = try run { $0.faults.nackDuring = [ns(4)..<ns(4.0015)] }
    #expect(r.counters.faults.busErrors >= 1 && r.counters.faults.reprobes == 0 && r.counters.faults.lostSamples == 0, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
  }

  @Test("overrun (host 250 ms late): the overflow edge, counted, FIFO reset, new segment, lost samples estimated")
  func overrun() throws {
    let r = try run { $0.faults.stalls = [(at: ns(5), duration: 250_000_000)] }
    #expect(r.counters.faults.overruns == 1 && r.counters.segments == 2 && r.counters.wakeups.edges == 1, "\(r.counters)")
    #expect(r.emulator.overwritten > 0)
    // What the host lost: every sample the part took that neither reached the monitor nor is still in the
    // FIFO at the end (up to 85 are, so the clean run's count is not the reference here).
    let e = r.emulator as! MPU6050Emulator
    let truth = e.feed.delivered - Int(r.counters.frames) - e.fifoCount / 6
    #expect(abs(Int(r.counters.faults.lostSamples) - truth) <= 2, "estimated \(r.counters.faults.lostSamples), really \(truth)")
    let before = r.windows.prefix { $0.window < 20 }.map(\.score.value)
    #expect(before == Array(Self.clean.windows.prefix(before.count).map(\.score.value)))
    #expect(r.windows.count < Self.clean.windows.count && r.windows.count > Self.clean.windows.count - 10)
  }

  @Test("unplug + replug: re-probe, reconfigure, resume; the samples lost over the outage reported")
  func unplugReplug() throws {
    let r = try run { $0.faults.unplug = (at: ns(3), replugAt: ns(3.5)) }
    #expect(r.counters.faults.reprobes == 1 && r.counters.faults.busErrors >= 3 && r.counters.segments == 2, "\(r.counters)")
    let truth = Int(Self.clean.counters.frames) - Int(r.counters.frames)
    #expect(truth > 450 && abs(Int(r.counters.faults.lostSamples) - truth) <= 100, "estimated \(r.counters.faults.lostSamples), really \(truth)")
    #expect(r.windows.count > 40)
    #expect(r.emulator.registers[0x6B] == 0x41 && r.emulator.registers[0x23] == 0x08, "reconfigured after the power-on reset")
  }

  @Test("a bit error in FIFO_COUNTH (a count above 1024) is caught as impossible, counted, and the stream goes on")
  func bitError() throws {
    let r = try run { e in e.faults.bitFlips = [(register: 0x72, mask: 0x08)] }
    #expect(r.counters.faults.busErrors == 1 && r.counters.faults.overruns == 0, "\(r.counters)")
    #expect(r.windows.map(\.score.value) == Self.clean.windows.map(\.score.value))
  }

  @Test("a wrong part at start is a typed error naming the ID found")
  func wrongIDAtStart() throws {
    do { _ = try run { $0.faults.wrongID = 0x33 }; Issue.record("no error") } catch {
      #expect("\(error)".contains("ID 0x33, expected 0x68 (MPU-6050) — is this a LIS3DH?"), "\(error)")
    }
  }
}
