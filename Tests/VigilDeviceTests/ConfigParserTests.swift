// The device config file: every documented key, the defaults, and every kind of mistake with its line and key.

import Foundation
import Testing
import VigilDevice

func parse(_ text: String) throws(ConfigFileError) -> DeviceConfig {
  var bytes = Array(text.utf8)
  return try bytes.withUnsafeMutableBufferPointer { (b) throws(ConfigFileError) in
    try DeviceConfig.parse(UnsafeBufferPointer(b))
  }
}

func failure(_ text: String) -> ConfigFileError? {
  do { _ = try parse(text); return nil } catch { return error }
}

@Suite("Device config file")
struct ConfigParserTests {
  @Test("an empty file gives the Raspberry Pi + ADXL345 defaults")
  func defaults() throws {
    let c = try parse("")
    #expect(c == DeviceConfig())
    #expect(c.sensor == .adxl345 && c.address == 0x53 && c.odrMilliHz == 800_000 && c.rangeG == 16)
    #expect(c.i2cBus.equals("/dev/i2c-1") && c.interruptChip.isEmpty && c.interruptLine == 4)
    #expect(c.model.equals("/var/lib/vigil/model.vglm") && c.schedule == .continuous && !c.allowFastODR)
  }

  @Test("every key, comments, blanks, CRLF and any order")
  func everyKey() throws {
    let c = try parse("""
      # Vigil on the pump
      sensor = lis3dh   # high resolution
      i2c_bus=/dev/i2c-3\r
        i2c_address = 0x19
      odr_hz = 1344
      range_g = 8
      allow_fast_odr = yes
      interrupt_chip = pinctrl-bcm2711
      interrupt_line = 17
      model = /etc/vigil/pump.vglm

      acquire = snapshot
      snapshot_seconds = 0.5
      snapshot_every_seconds = 600
      drain_timeout_ms = 250
      """)
    #expect(c.sensor == .lis3dh && c.address == 0x19 && c.odrMilliHz == 1_344_000 && c.rangeG == 8 && c.allowFastODR)
    #expect(c.i2cBus.equals("/dev/i2c-3") && c.interruptChip.equals("pinctrl-bcm2711") && c.interruptLine == 17)
    #expect(c.model.equals("/etc/vigil/pump.vglm") && c.drainTimeoutMilliseconds == 250)
    #expect(c.schedule == .snapshot(milliseconds: 500, everyMilliseconds: 600_000))
    #expect(try parse("sensor = mpu6050").address == 0x68)
    #expect(try parse("odr_hz = 6.25").odrMilliHz == 6_250)
  }

  @Test("mistakes name the line and the key")
  func mistakes() {
    let cases: [(String, Int, ConfigKey?, ConfigFileError.Reason)] = [
      ("sensor = adxl346", 1, .sensor, .badValue),
      ("\n\nodr_hz = fast", 3, .odrHz, .badValue),
      ("odr_hz = 1e3", 1, .odrHz, .badValue),
      ("odr_hz = nan", 1, .odrHz, .badValue),
      ("odr_hz = -800", 1, .odrHz, .badValue),
      ("odr_hz = 0", 1, .odrHz, .outOfRange),
      ("odr_hz = 99999999999999999999", 1, .odrHz, .outOfRange),
      ("odr_hz = 6.2501", 1, .odrHz, .badValue),
      ("odr_hz = .", 1, .odrHz, .badValue),
      ("range_g = 3", 1, .rangeG, .outOfRange),
      ("i2c_address = 0x80", 1, .i2cAddress, .outOfRange),
      ("i2c_address = 0x03", 1, .i2cAddress, .outOfRange),
      ("i2c_address = 0x5g", 1, .i2cAddress, .badValue),
      ("interrupt_line = 4.5", 1, .interruptLine, .badValue),
      ("allow_fast_odr = maybe", 1, .allowFastODR, .badValue),
      ("acquire = sometimes", 1, .acquire, .badValue),
      ("sensor = adxl345\nsensor = lis3dh", 2, .sensor, .duplicateKey),
      ("odr = 800", 1, nil, .unknownKey),
      ("just some words", 1, nil, .notKeyValue),
      ("odr_hz =", 1, nil, .notKeyValue),
      ("= 800", 1, nil, .notKeyValue),
      ("model = " + String(repeating: "a", count: 200), 1, .model, .badValue),
      (String(repeating: "#", count: 300), 1, nil, .lineTooLong),
      ("acquire = snapshot\nsnapshot_seconds = 20\nsnapshot_every_seconds = 10", 3, .snapshotEverySeconds, .inconsistent),
      ("snapshot_seconds = 0", 1, .snapshotSeconds, .outOfRange),
    ]
    for (text, line, key, reason) in cases {
      let e = failure(text)
      #expect(e == ConfigFileError(line: line, key: key, reason: reason), "\(text.prefix(60)): \(String(describing: e))")
    }
  }

  @Test("the shipped Boards/vigil.conf documents every key and parses to the defaults")
  func shippedFile() throws {
    let path = #filePath.replacingOccurrences(of: "Tests/VigilDeviceTests/ConfigParserTests.swift", with: "Boards/vigil.conf")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var raw: UInt8 = 0
    while let k = ConfigKey(rawValue: raw) {
      #expect(text.contains("# `\(k.name)`"), "Boards/vigil.conf does not document \(k.name)")
      raw += 1
    }
    #expect(raw == 29)
    #expect(try parse(text) == DeviceConfig())
  }
}
