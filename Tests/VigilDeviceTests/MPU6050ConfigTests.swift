// The device config file with `sensor = mpu6050`: the part's own default rate, and a rate it does not have
// refused at the odr_hz line (the MPU-6050's rates are 1 kHz / (1 + SMPLRT_DIV) as the host profile lists
// them: 4, 10, 20, 50, 100, 200, 500, 1000 Hz).

import Testing
import VigilDevice
import VigilSensors

@Suite("Device config file: MPU-6050")
struct MPU6050ConfigTests {
  @Test("sensor = mpu6050 without odr_hz: 1 kHz at 0x68; every profile rate and range parses")
  func defaults() throws {
    let c = try parse("sensor = mpu6050")
    #expect(c.sensor == .mpu6050 && c.odrMilliHz == 1_000_000 && c.address == 0x68 && c.rangeG == 16)
    #expect(try parse("sensor = mpu6050\ni2c_address = 0x69").address == 0x69)
    for hz in [4, 10, 20, 50, 100, 200, 500, 1000] {
      for g in [2, 4, 8, 16] {
        let c = try parse("sensor = mpu6050\nodr_hz = \(hz)\nrange_g = \(g)")
        #expect(MPU6050Rate(milliHertz: c.odrMilliHz) != nil && MPU6050Range(g: Int(c.rangeG)) != nil)
      }
    }
    #expect(try parse("").odrMilliHz == 800_000, "the ADXL345 default stays 800 Hz")
  }

  @Test("a rate the part does not have names the odr_hz line, whichever comes first")
  func wrongRate() {
    let cases: [(String, Int)] = [
      ("sensor = mpu6050\nodr_hz = 800", 2),            // the ADXL345's rate
      ("odr_hz = 1600\n\nsensor = mpu6050", 1),
      ("sensor = mpu6050\nodr_hz = 1000.5", 2),
      ("sensor = adxl345\nodr_hz = 1000", 2),           // the MPU-6050's rate on an ADXL345
    ]
    for (text, line) in cases {
      var got: ConfigFileError?
      do { _ = try parse(text) } catch { got = error }
      #expect(got == ConfigFileError(line: line, key: .odrHz, reason: .outOfRange), "\(text): \(String(describing: got))")
    }
  }
}
