// The MPU-6050 driver against the register-level emulator: the register sequence from the Register Map,
// the checks it makes, the FIFO drain's transactions, and its self-test.

import Foundation
import Testing
import VigilCore
import VigilHost
import VigilSensors

/// The synthetic vibration as an MPU-6050 at 1 kHz, ±16 g sees it.
func mpuSource(seconds: Double = 10, rest: Bool = false) throws -> SensorSource {
  SensorSource(vibration(seconds: seconds, rest: rest), sensor: try SensorModel.parse("mpu6050@1000:16"))
}

@Suite("MPU-6050 driver")
struct MPU6050DriverTests {
  func emulator(rest: Bool = false) throws -> MPU6050Emulator {
    MPU6050Emulator(feed: SampleFeed(source: try mpuSource(seconds: 4, rest: rest), policy: .continuous))
  }

  @Test("probe / configure / start write the Register Map sequence (register, value)")
  func registerSequence() throws {
    let emu = try emulator()
    #expect(emu.registers[0x6B] == 0x40 && emu.registers[0x75] == 0x68, "reset values: asleep, WHO_AM_I")
    var driver = MPU6050Driver(bus: EmulatedBus(emu), configuration: MPU6050Configuration(rate: .hz1000, range: .g16))
    try driver.probe(); try driver.configure(); try driver.start()
    // Written down from the Register Map Rev. 4.2: WHO_AM_I 0x75 read; PWR_MGMT_1 0x6B = 0x41 (SLEEP, CLKSEL 1
    // = PLL with X gyro) while configuring; INT_ENABLE 0x38 = 0, FIFO_EN 0x23 = 0, USER_CTRL 0x6A = 0 (FIFO
    // off); SMPLRT_DIV 0x19 = 0 (1 kHz / (1 + 0)); CONFIG 0x1A = 0x01 (DLPF 184 Hz, gyro output 1 kHz);
    // ACCEL_CONFIG 0x1C = 0x18 (AFS_SEL 3: ±16 g, self-test off); INT_PIN_CFG 0x37 = 0x20 (LATCH_INT_EN,
    // active high, push-pull, cleared by reading INT_STATUS); FIFO_EN = 0x08 (ACCEL_FIFO_EN); INT_ENABLE =
    // 0x10 (FIFO_OFLOW_EN). Start: USER_CTRL = 0x04 (FIFO_RESET with FIFO_EN 0), USER_CTRL = 0x40 (FIFO_EN),
    // INT_STATUS 0x3A read (clears the latch), PWR_MGMT_1 = 0x01 (awake, PLL).
    let expected: [BusTraceEntry] = [
      .read(register: 0x75, count: 1),
      .write(register: 0x6B, value: 0x41), .write(register: 0x38, value: 0x00), .write(register: 0x23, value: 0x00),
      .write(register: 0x6A, value: 0x00), .write(register: 0x19, value: 0x00), .write(register: 0x1A, value: 0x01),
      .write(register: 0x1C, value: 0x18), .write(register: 0x37, value: 0x20), .write(register: 0x23, value: 0x08),
      .write(register: 0x38, value: 0x10),
      .write(register: 0x6A, value: 0x04), .write(register: 0x6A, value: 0x40), .read(register: 0x3A, count: 1),
      .write(register: 0x6B, value: 0x01),
    ]
    #expect(emu.trace == expected, "\(emu.trace)")
    #expect(emu.measuring && emu.outputRate == 1000)
    try driver.stop()
    #expect(!emu.measuring && emu.registers[0x6B] == 0x41, "stop: PWR_MGMT_1 SLEEP")
    // 100 Hz at ±4 g: SMPLRT_DIV 9, DLPF 44 Hz (3), AFS_SEL 1.
    let e2 = try emulator()
    var d2 = MPU6050Driver(bus: EmulatedBus(e2), configuration: MPU6050Configuration(rate: .hz100, range: .g4))
    try d2.configure()
    #expect(e2.registers[0x19] == 9 && e2.registers[0x1A] == 3 && e2.registers[0x1C] == 0x08)
    #expect(d2.outputRateMilliHertz == 100_000 && d2.watermarkFrames == 0 && d2.fifoFrames == 170)
  }

  @Test("a drain reads FIFO_COUNT then whole samples in bursts of the bus's longest read")
  func drainTransactions() throws {
    for (maxRead, perBurst) in [(32, 5), (8192, 64)] {
      let emu = try emulator()
      var driver = MPU6050Driver(bus: EmulatedBus(emu, maxReadLength: maxRead))
      try driver.probe(); try driver.configure(); try driver.start()
      emu.advance(to: emu.now + 20_500_000)                           // 20 samples at 1 kHz
      #expect(emu.fifoCount == 120)
      emu.trace = []
      var buffer = [Int16](repeating: 0, count: 64 * 3)
      let d = buffer.withUnsafeMutableBufferPointer { driver.drain(into: $0, axes: 3) }
      #expect(d.frames == 20 && d.remaining == 0 && !d.overrun && d.error == nil)
      let reads = emu.trace.compactMap { if case .read(let r, let n) = $0 { (r, n) } else { nil } }
      #expect(reads.first! == (0x72, 2), "FIFO_COUNTH/L in one read")
      #expect(reads.dropFirst().allSatisfy { $0.0 == 0x74 && $0.1 % 6 == 0 && $0.1 <= perBurst * 6 })
      #expect(reads.count == 1 + (20 + perBurst - 1) / perBurst, "\(reads)")
      #expect(emu.fifoCount <= 24, "the FIFO emptied (the samples taken during the drain's ~3 ms at 400 kHz stay)")
    }
  }

  @Test("a wrong ID names what was found and what it might be")
  func wrongID() throws {
    let emu = try emulator()
    emu.faults.wrongID = 0xE5
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    #expect(throws: DriverError.wrongID(part: .mpu6050, found: 0xE5)) { try driver.probe() }
    #expect(DriverError.wrongID(part: .mpu6050, found: 0xE5).hostDescription == "ID 0xE5, expected 0x68 (MPU-6050) — is this a ADXL345?")
    #expect(DriverError.wrongID(part: .mpu6050, found: 0x33).hostDescription.hasSuffix("is this a LIS3DH?"))
    #expect(DriverError.wrongID(part: .mpu6050, found: 0x00).hostDescription.contains("wrong address"))
  }

  @Test("a NACK during configure is a typed bus error, and the trace shows where")
  func nackDuringConfigure() throws {
    let emu = try emulator()
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    try driver.probe()
    emu.faults.nackNext = 1
    #expect(throws: DriverError.bus(.noAcknowledge)) { try driver.configure() }
    #expect(emu.trace.last == .failed(register: 0x6B, error: .noAcknowledge))
    try driver.configure()
  }

  @Test("an absent part (unplugged) fails the probe with noAcknowledge")
  func absent() throws {
    let emu = try emulator()
    emu.faults.unplug = (at: 0, replugAt: nil)
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    #expect(throws: DriverError.bus(.noAcknowledge)) { try driver.probe() }
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

  @Test("self-test at rest: the change equals the emulated force (factory trim at ±8 g) and passes ±14 %; a dead force fails")
  func selfTest() throws {
    let emu = try emulator(rest: true)
    var line = EmulatedLine(emu)
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    try driver.probe()
    let r = try driver.selfTest(line: &line)
    let c = MPU6050Emulator.trimCodes
    let ft = (MPU6050FactoryTrim.counts(code: c.x), MPU6050FactoryTrim.counts(code: c.y), MPU6050FactoryTrim.counts(code: c.z))
    #expect(r.delta == Axes(x: ft.0, y: ft.1, z: ft.2), "\(r)")
    #expect(r.minimum.x == Int32((Double(ft.0) * 0.86).rounded(.up)) && r.maximum.x == Int32((Double(ft.0) * 1.14).rounded(.down)))
    #expect(r.passed)
    #expect(emu.registers[0x1C] == 0x18 && emu.registers[0x19] == 0 && emu.registers[0x1A] == 1 && emu.registers[0x6B] == 0x41,
            "configuration restored, asleep, after the self-test")
    let broken = try emulator(rest: true)
    broken.faults.selfTestBroken = true
    var line2 = EmulatedLine(broken)
    var d2 = MPU6050Driver(bus: EmulatedBus(broken))
    let r2 = try d2.selfTest(line: &line2)
    #expect(!r2.passed && r2.delta == Axes(x: 0, y: 0, z: 0))
  }

  @Test("self-test with the part gone mid-way ends in a typed error, not a hang")
  func selfTestNoData() throws {
    let emu = try emulator(rest: true)
    var line = EmulatedLine(emu)
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    try driver.probe()
    emu.faults.unplug = (at: emu.now + 1_000_000, replugAt: nil)
    #expect(throws: DriverError.self) { _ = try driver.selfTest(line: &line) }
  }

  @Test("the emulator's FIFO overflows after 170 samples: 1024 bytes, FIFO_OFLOW_INT, the INT line rises; the drain reports it")
  func overflow() throws {
    let emu = try emulator()
    var line = EmulatedLine(emu)
    var driver = MPU6050Driver(bus: EmulatedBus(emu))
    try driver.probe(); try driver.configure(); try driver.start()
    let t0 = emu.now
    let wait = try line.waitForEdge(timeoutNanoseconds: 400_000_000)
    guard case .edge(let t) = wait else { Issue.record("no overflow edge"); return }
    #expect(t - t0 > 170_000_000 && t - t0 <= 171_000_000, "the 171st sample overflows: \(t - t0) ns after the start")
    #expect(emu.fifoCount == 1024 && emu.overwritten == 1)
    var buffer = [Int16](repeating: 0, count: 64 * 3)
    let d = buffer.withUnsafeMutableBufferPointer { driver.drain(into: $0, axes: 3) }
    #expect(d.overrun && d.frames == 0)
    try driver.recoverOverrun()
    #expect(emu.fifoCount == 0 && emu.registers[0x6A] == 0x40)
    #expect(!emu.interruptLevel, "INT_STATUS read: the latched line is low again")
  }
}
