// What every part's driver must do the same way, run over the three parts against their register-level
// emulators: a wrong ID is named, a NACK during configure is a typed bus error at the first register
// written, an absent part fails the probe, the self-test fails on a part whose self-test force is dead and
// ends in a typed error (not a hang) when the part goes away. The part-specific checks (register sequences,
// drains, self-test limits) are in <Part>DriverTests.swift.

import Testing
import VigilCore
import VigilHost
import VigilSensors

/// One part as the shared driver tests see it: its emulator, its driver with the default configuration,
/// and its self-test.
enum DriverPart: String, CaseIterable, CustomTestStringConvertible {
  case adxl345, lis3dh, mpu6050

  var testDescription: String { rawValue }

  /// The part's emulator fed by the synthetic vibration (`rest`: the part lies still), 4 s long.
  func emulator(rest: Bool = false) throws -> SensorEmulator {
    switch self {
    case .adxl345: ADXL345Emulator(feed: SampleFeed(source: try syntheticSource(seconds: 4, rest: rest), policy: .continuous))
    case .lis3dh: LIS3DHEmulator(feed: SampleFeed(source: try lis3dhSource(seconds: 4, rest: rest), policy: .continuous))
    case .mpu6050: MPU6050Emulator(feed: SampleFeed(source: try mpuSource(seconds: 4, rest: rest), policy: .continuous))
    }
  }

  /// The part's driver with its default configuration on `emulator`'s bus.
  func driver(_ emulator: SensorEmulator) throws -> any AccelerometerDriver {
    switch self {
    case .adxl345: try ADXL345Driver(bus: EmulatedBus(emulator))
    case .lis3dh: try LIS3DHDriver(bus: EmulatedBus(emulator))
    case .mpu6050: MPU6050Driver(bus: EmulatedBus(emulator))
    }
  }

  /// The part's driver with its default configuration on `emulator`, probed when `probe`; the closure runs
  /// its datasheet self-test (ADXL345: at 3.3 V).
  func selfTest(on emulator: SensorEmulator, probe: Bool) throws -> () throws -> SelfTestResult {
    var line = EmulatedLine(emulator)
    switch self {
    case .adxl345:
      var d = try ADXL345Driver(bus: EmulatedBus(emulator))
      if probe { try d.probe() }
      return { try d.selfTest(line: &line, supply: .v3_3) }
    case .lis3dh:
      var d = try LIS3DHDriver(bus: EmulatedBus(emulator))
      if probe { try d.probe() }
      return { try d.selfTest(line: &line) }
    case .mpu6050:
      var d = MPU6050Driver(bus: EmulatedBus(emulator))
      if probe { try d.probe() }
      return { try d.selfTest(line: &line) }
    }
  }

  /// What probe / configure / start write with the default configuration (ADXL345: 800 Hz, ±16 g, watermark
  /// 16; LIS3DH: 1344 Hz, ±16 g, watermark 16; MPU-6050: 1 kHz, ±16 g), written down from the datasheets:
  ///
  /// - ADXL345 (Rev. E, Table 19 and the register definitions): DEVID read; standby (POWER_CTL 0x2D = 0) and
  ///   interrupts off (INT_ENABLE 0x2E = 0) while configuring; BW_RATE 0x2C = 0x0D (800 Hz, Table 7, normal
  ///   power); DATA_FORMAT 0x31 = 0x0B (FULL_RES | ±16 g, right-justified, INT active high); INT_MAP 0x2F = 0
  ///   (INT1); FIFO_CTL 0x38 = 0x90 (stream | 16 samples); INT_ENABLE = 0x02 (Watermark); start: FIFO_CTL
  ///   bypass (0x00, clears the FIFO) then stream again, POWER_CTL = 0x08 (Measure).
  /// - LIS3DH (DocID17530 Rev 2, Table 17 and section 8): WHO_AM_I 0x0F read; CTRL_REG1 0x20 = 0x07 (ODR 0000
  ///   = power-down, X/Y/Z enabled) and CTRL_REG3 0x22 = 0 (INT1 sources off) while configuring; CTRL_REG4
  ///   0x23 = 0xB8 (BDU | FS 11 = ±16 g | HR, little-endian, self-test off); CTRL_REG5 0x24 = 0x40 (FIFO_EN);
  ///   CTRL_REG6 0x25 = 0 (INT1 active high); FIFO_CTRL_REG 0x2E = 0x90 (FM 10 = stream | FTH 16); CTRL_REG3 =
  ///   0x06 (I1_WTM | I1_OVERRUN); start: FIFO_CTRL_REG bypass (0x00, empties the FIFO) then stream again,
  ///   CTRL_REG1 = 0x97 (ODR 1001 = 1.344 kHz, LPen 0, X/Y/Z).
  /// - MPU-6050 (Register Map Rev. 4.2): WHO_AM_I 0x75 read; PWR_MGMT_1 0x6B = 0x41 (SLEEP, CLKSEL 1 = PLL with
  ///   X gyro) while configuring; INT_ENABLE 0x38 = 0, FIFO_EN 0x23 = 0, USER_CTRL 0x6A = 0 (FIFO off);
  ///   SMPLRT_DIV 0x19 = 0 (1 kHz / (1 + 0)); CONFIG 0x1A = 0x01 (DLPF 184 Hz, gyro output 1 kHz); ACCEL_CONFIG
  ///   0x1C = 0x18 (AFS_SEL 3: ±16 g, self-test off); INT_PIN_CFG 0x37 = 0x20 (LATCH_INT_EN, active high,
  ///   push-pull, cleared by reading INT_STATUS); FIFO_EN = 0x08 (ACCEL_FIFO_EN); INT_ENABLE = 0x10
  ///   (FIFO_OFLOW_EN). Start: USER_CTRL = 0x04 (FIFO_RESET with FIFO_EN 0), USER_CTRL = 0x40 (FIFO_EN),
  ///   INT_STATUS 0x3A read (clears the latch), PWR_MGMT_1 = 0x01 (awake, PLL).
  var startSequence: String {
    switch self {
    case .adxl345: "R00 W2D=00 W2E=00 W2C=0D W31=0B W2F=00 W38=90 W2E=02 W38=00 W38=90 W2D=08"
    case .lis3dh: "R0F W20=07 W22=00 W23=B8 W24=40 W25=00 W2E=90 W22=06 W2E=00 W2E=90 W20=97"
    case .mpu6050: "R75 W6B=41 W38=00 W23=00 W6A=00 W19=00 W1A=01 W1C=18 W37=20 W23=08 W38=10 W6A=04 W6A=40 R3A W6B=01"
    }
  }

  /// The emulated part's output data rate, Hz.
  func outputRate(_ emulator: SensorEmulator) -> Double {
    switch self {
    case .adxl345: (emulator as! ADXL345Emulator).outputRate
    case .lis3dh: (emulator as! LIS3DHEmulator).outputRate
    case .mpu6050: (emulator as! MPU6050Emulator).outputRate
    }
  }

  /// The register `stop()` leaves the part's standby in, and its value: ADXL345 POWER_CTL = 0 (standby),
  /// LIS3DH CTRL_REG1 = 0x07 (power-down), MPU-6050 PWR_MGMT_1 = 0x41 (SLEEP).
  var standby: (register: UInt8, value: UInt8) {
    switch self { case .adxl345: (0x2D, 0x00); case .lis3dh: (0x20, 0x07); case .mpu6050: (0x6B, 0x41) }
  }

  var part: SensorPart {
    switch self { case .adxl345: .adxl345; case .lis3dh: .lis3dh; case .mpu6050: .mpu6050 }
  }
}

/// `part`'s emulator as its own type (see `DriverPart.emulator`).
func emulator<E: SensorEmulator>(_ part: DriverPart, rest: Bool = false) throws -> E { try part.emulator(rest: rest) as! E }

/// Probes, configures and starts `driver`, lets `emulator` run for `nanoseconds`.
func start<D: AccelerometerDriver>(_ driver: inout D, on emulator: SensorEmulator, running nanoseconds: UInt64) throws {
  try driver.probe(); try driver.configure(); try driver.start()
  emulator.advance(to: emulator.now + nanoseconds)
}

/// Clears `emulator`'s trace and drains `driver` into room for 64 frames of 3 axes: the drain and the buffer.
func drainTraced<D: AccelerometerDriver>(_ driver: inout D, on emulator: SensorEmulator) -> (FIFODrain, [Int16]) {
  emulator.trace = []
  var buffer = [Int16](repeating: 0, count: 64 * 3)
  let d = buffer.withUnsafeMutableBufferPointer { driver.drain(into: $0, axes: 3) }
  return (d, buffer)
}

@Suite("Drivers: what every part does the same way")
struct DriverTests {
  @Test("probe / configure / start write the datasheet sequence (register, value); stop puts the part in standby",
        arguments: [(DriverPart.adxl345, 800.0), (.lis3dh, 1344), (.mpu6050, 1000)])
  func registerSequence(_ p: DriverPart, rate: Double) throws {
    let emu = try p.emulator()
    var driver = try p.driver(emu)
    try driver.probe(); try driver.configure(); try driver.start()
    #expect(emu.trace == busTrace(p.startSequence), "\(emu.trace)")
    #expect(emu.measuring && p.outputRate(emu) == rate)
    try driver.stop()
    #expect(!emu.measuring && emu.registers[Int(p.standby.register)] == p.standby.value, "stop: standby")
  }

  /// Per part: an ID another part answers and the whole message; a third part's ID and the guess it ends
  /// with; an ID of no known part.
  static let wrongIDs: [(DriverPart, UInt8, String, UInt8, String, UInt8)] = [
    (.adxl345, 0x33, "ID 0x33, expected 0xE5 (ADXL345) — is this a LIS3DH?", 0x68, "is this a MPU-6050?", 0xFF),
    (.lis3dh, 0xE5, "ID 0xE5, expected 0x33 (LIS3DH) — is this a ADXL345?", 0x68, "is this a MPU-6050?", 0x00),
    (.mpu6050, 0xE5, "ID 0xE5, expected 0x68 (MPU-6050) — is this a ADXL345?", 0x33, "is this a LIS3DH?", 0x00),
  ]

  @Test("a wrong ID names what was found and what it might be", arguments: wrongIDs)
  func wrongID(_ p: DriverPart, found: UInt8, message: String, other: UInt8, guess: String, unknown: UInt8) throws {
    let emu = try p.emulator()
    emu.faults.wrongID = found
    var driver = try p.driver(emu)
    #expect(throws: DriverError.wrongID(part: p.part, found: found)) { try driver.probe() }
    #expect(DriverError.wrongID(part: p.part, found: found).hostDescription == message)
    #expect(DriverError.wrongID(part: p.part, found: other).hostDescription.hasSuffix(guess))
    #expect(DriverError.wrongID(part: p.part, found: unknown).hostDescription.contains("wrong address"))
  }

  /// The first register `configure()` writes: ADXL345 POWER_CTL (standby), LIS3DH CTRL_REG1 (power-down),
  /// MPU-6050 PWR_MGMT_1 (sleep).
  @Test("a NACK during configure is a typed bus error, and the trace shows where",
        arguments: [(DriverPart.adxl345, UInt8(0x2D)), (.lis3dh, 0x20), (.mpu6050, 0x6B)])
  func nackDuringConfigure(_ p: DriverPart, firstRegister: UInt8) throws {
    let emu = try p.emulator()
    var driver = try p.driver(emu)
    try driver.probe()
    emu.faults.nackNext = 1
    #expect(throws: DriverError.bus(.noAcknowledge)) { try driver.configure() }
    #expect(emu.trace.last == .failed(register: firstRegister, error: .noAcknowledge))
    try driver.configure()                                                // the next attempt goes through
  }

  @Test("an absent part (unplugged) fails the probe with noAcknowledge", arguments: DriverPart.allCases)
  func absent(_ p: DriverPart) throws {
    let emu = try p.emulator()
    emu.faults.unplug = (at: 0, replugAt: nil)
    var driver = try p.driver(emu)
    #expect(throws: DriverError.bus(.noAcknowledge)) { try driver.probe() }
  }

  @Test("self-test: a dead self-test force measures no change and fails", arguments: DriverPart.allCases)
  func selfTestBroken(_ p: DriverPart) throws {
    let broken = try p.emulator(rest: true)
    broken.faults.selfTestBroken = true
    let r = try p.selfTest(on: broken, probe: false)()
    #expect(!r.passed && r.delta == Axes(x: 0, y: 0, z: 0))
  }

  @Test("self-test with no data from the part (gone mid-way) ends in a typed error, not a hang", arguments: DriverPart.allCases)
  func selfTestNoData(_ p: DriverPart) throws {
    let emu = try p.emulator(rest: true)
    let selfTest = try p.selfTest(on: emu, probe: true)
    emu.faults.unplug = (at: emu.now + 1_000_000, replugAt: nil)
    #expect(throws: DriverError.self) { _ = try selfTest() }
  }
}
