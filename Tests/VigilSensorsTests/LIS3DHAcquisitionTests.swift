// The acquisition (driver → Monitor, step by step) against the emulated LIS3DH at 1344 Hz: what is particular
// to the part (the failure paths it shares with the ADXL345: AcquisitionFailureTests).

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("Acquisition: LIS3DH (emulated)")
struct LIS3DHAcquisitionTests {
  @Test("I2C_RDWR reads (whole FIFO per transaction): the same scores")
  func combinedReads() throws {
    let r = try lis3dhAcquisition.run(maxReadLength: 8192)
    #expect(r.windows.map(\.score.value) == lis3dhAcquisition.clean.windows.map(\.score.value))
    let bursts = r.emulator.trace.filter { if case .read(0xA8, let n) = $0 { n > 32 } else { false } }
    #expect(!bursts.isEmpty)
  }
}
