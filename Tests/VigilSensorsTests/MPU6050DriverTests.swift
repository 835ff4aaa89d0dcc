// The MPU-6050 driver against the register-level emulator: the checks it makes, the FIFO drain's
// transactions, and its self-test (the register sequence from the Register Map and what every part's
// driver does alike: DriverTests).

import Foundation
import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("MPU-6050 driver")
struct MPU6050DriverTests {
  @Test("reset values (asleep, WHO_AM_I); 100 Hz at ±4 g configures SMPLRT_DIV 9, DLPF 44 Hz (3), AFS_SEL 1 (the default sequence: DriverTests.registerSequence)")
  func configurations() throws {
    let emu: MPU6050Emulator = try emulator(.mpu6050)
    #expect(emu.registers[0x6B] == 0x40 && emu.registers[0x75] == 0x68, "reset values: asleep, WHO_AM_I")
    var d2 = MPU6050Driver(bus: EmulatedBus(emu), configuration: MPU6050Configuration(rate: .hz100, range: .g4))
    try d2.configure()
    #expect(emu.registers[0x19] == 9 && emu.registers[0x1A] == 3 && emu.registers[0x1C] == 0x08)
    #expect(d2.outputRateMilliHertz == 100_000 && d2.watermarkFrames == 0 && d2.fifoFrames == 170)
  }

  @Test("a drain reads FIFO_COUNT then whole samples in bursts of the bus's longest read")
  func drainTransactions() throws {
    for (maxRead, perBurst) in [(32, 5), (8192, 64)] {
      let emu: MPU6050Emulator = try emulator(.mpu6050)
      var driver = MPU6050Driver(bus: EmulatedBus(emu, maxReadLength: maxRead))
      try start(&driver, on: emu, running: 20_500_000)                // 20 samples at 1 kHz
      #expect(emu.fifoCount == 120)
      let (d, _) = drainTraced(&driver, on: emu)
      #expect(d.frames == 20 && d.remaining == 0 && !d.overrun && d.error == nil)
      let reads = emu.trace.compactMap { if case .read(let r, let n) = $0 { (r, n) } else { nil } }
      #expect(reads.first! == (0x72, 2), "FIFO_COUNTH/L in one read")
      #expect(reads.dropFirst().allSatisfy { $0.0 == 0x74 && $0.1 % 6 == 0 && $0.1 <= perBurst * 6 })
      #expect(reads.count == 1 + (20 + perBurst - 1) / perBurst, "\(reads)")
      #expect(emu.fifoCount <= 24, "the FIFO emptied (the samples taken during the drain's ~3 ms at 400 kHz stay)")
    }
  }

  @Test("factory trim table = the Register Map formula 4096 × 0.34 × (0.92/0.34)^((A_TEST − 1)/30), rounded")
  func factoryTrim() {
    #expect(MPU6050FactoryTrim.counts(code: 0) == 0)
    for code in 1...31 {
      let ft = 4096 * 0.34 * pow(0.92 / 0.34, Double(code - 1) / 30)
      #expect(MPU6050FactoryTrim.counts(code: UInt8(code)) == Int32(ft.rounded()), "A_TEST \(code)")
    }
    // XA_TEST = 0b10110 (22): bits 4:2 = 0b101 in SELF_TEST_X 7:5, bits 1:0 = 0b10 in SELF_TEST_A 5:4.
    let c = MPU6050FactoryTrim.codes(x: 0b1010_0000, y: 0b0010_0000, z: 0b1110_0000, a: 0b0010_0111)
    #expect(c.x == 22 && c.y == 4 + 1 && c.z == 28 + 3)
  }

  @Test("self-test at rest: the change equals the emulated force (factory trim at ±8 g) and passes ±14 %")
  func selfTest() throws {
    let emu: MPU6050Emulator = try emulator(.mpu6050, rest: true)
    let r = try DriverPart.mpu6050.selfTest(on: emu, probe: true)()
    let c = MPU6050Emulator.trimCodes
    let ft = (MPU6050FactoryTrim.counts(code: c.x), MPU6050FactoryTrim.counts(code: c.y), MPU6050FactoryTrim.counts(code: c.z))
    #expect(r.delta == Axes(x: ft.0, y: ft.1, z: ft.2), "\(r)")
    #expect(r.minimum.x == Int32((Double(ft.0) * 0.86).rounded(.up)) && r.maximum.x == Int32((Double(ft.0) * 1.14).rounded(.down)))
    #expect(r.passed)
    #expect(emu.registers[0x1C] == 0x18 && emu.registers[0x19] == 0 && emu.registers[0x1A] == 1 && emu.registers[0x6B] == 0x41,
            "configuration restored, asleep, after the self-test")
    // A dead self-test force fails: DriverTests.selfTestBroken.
  }

  @Test("the emulator's FIFO overflows after 170 samples: 1024 bytes, FIFO_OFLOW_INT, the INT line rises; the drain reports it")
  func overflow() throws {
    let emu: MPU6050Emulator = try emulator(.mpu6050)
    var line = EmulatedLine(emu)
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    try driver.probe(); try driver.configure(); try driver.start()
    let t0 = emu.now
    let wait = try line.waitForEdge(timeoutNanoseconds: 400_000_000)
    guard case .edge(let t) = wait else { Issue.record("no overflow edge"); return }
    #expect(t - t0 > 170_000_000 && t - t0 <= 171_000_000, "the 171st sample overflows: \(t - t0) ns after the start")
    #expect(emu.fifoCount == 1024 && emu.overwritten == 1)
    let (d, _) = drainTraced(&driver, on: emu)
    #expect(d.overrun && d.frames == 0)
    try driver.recoverOverrun()
    #expect(emu.fifoCount == 0 && emu.registers[0x6A] == 0x40)
    #expect(!emu.interruptLevel, "INT_STATUS read: the latched line is low again")
  }
}
