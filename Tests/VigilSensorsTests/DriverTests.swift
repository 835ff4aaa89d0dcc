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
