// The failure paths the ADXL345's and the LIS3DH's acquisitions share (FailurePaths.swift: the faults and
// the checks), run over both parts with what differs per part (its rates, so how many samples a fault
// costs; its status register; its ID) as arguments. Each part's own tests are in AcquisitionTests
// (ADXL345), LIS3DHAcquisitionTests and MPU6050AcquisitionTests.

import Testing
import VigilCore
import VigilHost
import VigilSensors

/// A part's acquisition fixture: the synthetic vibration as the part sees it, a model for it, the part's
/// configuration, and the clean continuous run every faulted run is compared with.
struct AcquisitionFixture<Part: EmulatedPart> {
  let source: SensorSource
  let model: Model
  let configuration: Part
  let clean: DeviceRunResult

  init(source: SensorSource, configuration: Part) throws {
    self.source = source
    model = try syntheticModel(source)
    self.configuration = configuration
    clean = try runDevice(source: source, model: model, sampling: .continuous, configuration: configuration)
  }

  /// A continuous run with `prepare` applied to the emulator first (faults), over a bus of reads of at most
  /// `maxReadLength` bytes.
  func run(maxReadLength: Int = 32, _ prepare: (Part.Emulator) -> Void = { _ in }) throws -> DeviceRunResult {
    try runDevice(source: source, model: model, sampling: .continuous, configuration: configuration,
                  maxReadLength: maxReadLength, prepare: prepare)
  }
}

/// Each part at its default rate and range (±16 g; watermark 16), and its clean run.
nonisolated(unsafe) let adxl345Acquisition = try! AcquisitionFixture(source: syntheticSource(seconds: 10),
                                                                     configuration: ADXL345Configuration(rate: .hz800, range: .g16, watermark: 16))
nonisolated(unsafe) let lis3dhAcquisition = try! AcquisitionFixture(source: lis3dhSource(seconds: 10),
                                                                    configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16, watermark: 16))
nonisolated(unsafe) let mpu6050Acquisition = try! AcquisitionFixture(source: mpuSource(seconds: 10),
                                                                     configuration: MPU6050Configuration(rate: .hz1000, range: .g16))

/// A part with a FIFO watermark interrupt, as the shared failure-path tests see it.
enum WatermarkPart: String, CaseIterable, CustomTestStringConvertible {
  case adxl345, lis3dh
  var testDescription: String { rawValue }

  var clean: DeviceRunResult { self == .adxl345 ? adxl345Acquisition.clean : lis3dhAcquisition.clean }

  /// A continuous run with `prepare` applied to the emulator first.
  func run(_ prepare: (SensorEmulator) -> Void) throws -> DeviceRunResult {
    self == .adxl345 ? try adxl345Acquisition.run { prepare($0) } : try lis3dhAcquisition.run { prepare($0) }
  }
}

@Suite("Acquisition: failure paths of the parts with a watermark (emulated)")
struct AcquisitionFailureTests {
  @Test("clean: every frame delivered, windows as the replay scores them, edges only",
        arguments: [(WatermarkPart.adxl345, 50, UInt32(300)), (.lis3dh, 80, 700)])
  func clean(_ p: WatermarkPart, minimumWindows: Int, edgesAbove: UInt32) throws {
    let r = p.clean
    let (source, model) = p == .adxl345 ? (adxl345Acquisition.source, adxl345Acquisition.model) : (lis3dhAcquisition.source, lis3dhAcquisition.model)
    try expectCleanRun(r, source: source, model: model, slack: 32, minimumWindows: minimumWindows)
    #expect(r.counters.wakeups.edges > edgesAbove && r.counters.wakeups.timedDrains == 0, "\(r.counters)")
  }

  @Test("missed edges (line stuck for 1 s): timed drains keep the stream whole, counted as missed edges",
        arguments: WatermarkPart.allCases)
  func missedEdges(_ p: WatermarkPart) throws {
    FailurePath.missedEdges(try p.run(Faults.stuckLine), clean: p.clean)
  }

  @Test("NACK mid-stream: counted, the drain retried, no samples lost, scores unchanged", arguments: WatermarkPart.allCases)
  func nackMidStream(_ p: WatermarkPart) throws {
    FailurePath.recovered(try p.run(Faults.nackMidStream), clean: p.clean, busErrors: 1...100)
  }

  /// The LIS3DH's recovery is the datasheet's: FIFO_CTRL_REG bypass, then stream with the watermark (start
  /// writes bypass once, the recovery once more).
  @Test("overrun (host 100 ms late): counted, FIFO recovered, new segment, lost samples estimated",
        arguments: [(WatermarkPart.adxl345, 20), (.lis3dh, 30)])
  func overrun(_ p: WatermarkPart, windowsBefore: Int) throws {
    let r = try p.run(Faults.stall)
    FailurePath.overrun(r, clean: p.clean, windowsBefore: windowsBefore)
    if p == .lis3dh {
      #expect(r.emulator.writes.filter { $0 == .write(register: 0x2E, value: 0x00) }.count == 2, "start + one recovery")
    }
  }

  @Test("unplug + replug: re-probe, reconfigure, resume; the samples lost over the outage reported",
        arguments: [(WatermarkPart.adxl345, 380, 40, 40), (.lis3dh, 600, 60, 60)])
  func unplugReplug(_ p: WatermarkPart, lostAbove: Int, tolerance: Int, windowsAbove: Int) throws {
    FailurePath.unplugReplug(try p.run(Faults.unplugReplug), clean: p.clean, lostAbove: lostAbove, tolerance: tolerance,
                             windowsAbove: windowsAbove)
  }

  @Test("unplugged for good: keeps retrying with backoff, bounded, no crash",
        arguments: [(WatermarkPart.adxl345, UInt64(2500)), (.lis3dh, 4100)])
  func unplugForever(_ p: WatermarkPart, framesBelow: UInt64) throws {
    FailurePath.unplugForever(try p.run(Faults.unplugForever), framesBelow: framesBelow)
  }

  /// ADXL345 FIFO_STATUS bit 6 (always 0); LIS3DH FIFO_SRC_REG EMPTY with samples.
  @Test("a bit error in the FIFO status register is caught as an impossible value, counted, and the stream goes on",
        arguments: [(WatermarkPart.adxl345, UInt8(0x39), UInt8(0x40)), (.lis3dh, 0x2F, 0x20)])
  func bitError(_ p: WatermarkPart, register: UInt8, mask: UInt8) throws {
    FailurePath.recovered(try p.run { $0.faults.bitFlips = [(register: register, mask: mask)] }, clean: p.clean, busErrors: 1...1)
  }

  @Test("a wrong part at start is a typed error naming the ID found", arguments: [
    (WatermarkPart.adxl345, UInt8(0x68), "ID 0x68, expected 0xE5 (ADXL345) — is this a MPU-6050?"),
    (.lis3dh, 0xE5, "ID 0xE5, expected 0x33 (LIS3DH) — is this a ADXL345?"),
  ])
  func wrongIDAtStart(_ p: WatermarkPart, id: UInt8, message: String) throws {
    do { _ = try p.run { $0.faults.wrongID = id }; Issue.record("no error") } catch {
      #expect(error is SensorError)
      #expect("\(error)".contains(message), "\(error)")
    }
  }
}
