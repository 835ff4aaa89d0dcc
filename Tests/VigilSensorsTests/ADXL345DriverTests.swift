// The ADXL345 driver against the register-level emulator: the checks it makes, its self-test and its data
// formats (the register sequence from the datasheet and what every part's driver does alike: DriverTests).

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("ADXL345 driver")
struct ADXL345DriverTests {
  @Test("above 800 Hz over I2C is refused unless overridden, saying why and what to use")
  func rateLimit() throws {
    let emu: ADXL345Emulator = try emulator(.adxl345)
    for rate in [ADXL345Rate.hz1600, .hz3200] {
      #expect(throws: DriverError.rateNeedsSPI) { _ = try ADXL345Driver(bus: EmulatedBus(emu), configuration: ADXL345Configuration(rate: rate)) }
    }
    #expect("\(DriverError.rateNeedsSPI.message)".contains("use 800 Hz"))
    let ok = try ADXL345Driver(bus: EmulatedBus(emu), configuration: ADXL345Configuration(rate: .hz1600, allowRateAboveI2CLimit: true))
    #expect(ok.outputRateMilliHertz == 1_600_000)
    #expect(throws: DriverError.watermarkOutOfRange) { _ = try ADXL345Driver(bus: EmulatedBus(emu), configuration: ADXL345Configuration(watermark: 32)) }
    #expect(ADXL345Rate(milliHertz: 6250) == .hz6_25 && ADXL345Rate(milliHertz: 3_200_000) == .hz3200 && ADXL345Rate(milliHertz: 1000) == nil)
  }

  @Test("self-test at rest: the measured change equals the emulated force and passes the 3.3 V limits")
  func selfTest() throws {
    let emu: ADXL345Emulator = try emulator(.adxl345, rest: true)
    let r = try DriverPart.adxl345.selfTest(on: emu, probe: true)()
    let f = ADXL345Emulator.selfTestForce
    #expect(r.delta == Axes(x: Int32(f.x), y: Int32(f.y), z: Int32(f.z)))
    // Datasheet limits at 2.5 V (X 50…540, Y −540…−50, Z 75…875 LSB) × 1.77 (X, Y) / 1.47 (Z) at 3.3 V.
    #expect(r.minimum == Axes(x: 88, y: -955, z: 110) && r.maximum == Axes(x: 955, y: -88, z: 1286))
    #expect(r.passed)
    #expect(emu.registers[0x31] == 0x0B && emu.registers[0x2C] == 0x0D, "configuration restored after the self-test")
    // A dead self-test force fails: DriverTests.selfTestBroken.
  }

  @Test("the emulator's data registers round-trip through the decoder in every format (saturating at the width)")
  func formats() throws {
    for full in [true, false] {
      for left in [false, true] {
        for range in [ADXL345Range.g2, .g4, .g8, .g16] {
          let emu: ADXL345Emulator = try emulator(.adxl345)
          emu.registers[0x31] = ADXL345DataFormat(fullResolution: full, leftJustified: left, range: range).register
          let f = ADXL345DataFormat(fullResolution: full, leftJustified: left, range: range)
          for v: Int16 in [0, 1, -1, 255, -256, 511, -512, 1000, -1000, 4095, -4096, 5000, -5000] {
            let raw = emu.encode(v)
            let decoded = ADXL345Decoder.decode(low: UInt8(raw & 0xFF), high: UInt8(raw >> 8), format: f)
            let shifted = full ? Int32(v) : Int32(v) >> Int32(range.rawValue)
            let hi = Int32(1) << (f.bits - 1)
            #expect(Int32(decoded) == max(-hi, min(hi - 1, shifted)), "full \(full) left \(left) ±\(range.g) g: \(v)")
          }
        }
      }
    }
  }
}
