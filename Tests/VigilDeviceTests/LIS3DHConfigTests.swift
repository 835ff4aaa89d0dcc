// The config file with `sensor = lis3dh`: odr_hz defaults to the LIS3DH's 1344 Hz, and an odr_hz the part
// does not have (datasheet DocID17530, Table 31) is refused naming the line and the key, whatever the order.

import Testing
import VigilDevice

@Suite("Device config file: LIS3DH")
struct LIS3DHConfigTests {
  @Test("sensor = lis3dh alone: 1344 Hz, ±16 g, address 0x18 (SA0 low); the ADXL345 default stays 800 Hz")
  func defaults() throws {
    let c = try parse("sensor = lis3dh\n")
    #expect(c.sensor == .lis3dh && c.odrMilliHz == 1_344_000 && c.rangeG == 16 && c.address == 0x18)
    #expect(try parse("sensor = adxl345").odrMilliHz == 800_000)
    #expect(try parse("").odrMilliHz == 800_000)
    #expect(try parse("sensor = lis3dh\nodr_hz = 400\nrange_g = 2").odrMilliHz == 400_000)
  }

  @Test("an odr_hz the LIS3DH lacks names its line and key, before or after the sensor line")
  func wrongRate() {
    for (text, line) in [("sensor = lis3dh\nodr_hz = 800", 2), ("# pump\nodr_hz = 1600\nsensor = lis3dh", 2), ("odr_hz = 5376\nsensor=lis3dh", 1)] {
      do { _ = try parse(text); Issue.record("accepted: \(text)") } catch {
        #expect(error == ConfigFileError(line: line, key: .odrHz, reason: .notLIS3DHRate), "\(text)")
        #expect("\(error.reason.message)".contains("1344"))
      }
    }
    #expect((try? parse("sensor = adxl345\nodr_hz = 1600")) != nil, "the ADXL345's rates are checked by its driver")
  }
}
