// Reading /etc/vigil/vigil.conf: `key = value` lines, `#` starts a comment, blank lines are ignored.
// Numbers are decimal (up to 3 fraction digits: `6.25`) or hexadecimal (`0x53`). Every mistake is a
// `ConfigFileError` naming the line and the key, never a guess.

import VigilSensors

extension ConfigKey {
  /// How many keys there are (`CaseIterable` would synthesise an Array, which the device build may not
  /// use: the keys are walked by raw value).
  static let count: UInt8 = 29
}

extension DeviceConfig {
  /// Parses a config file's bytes over the defaults. Keys may come in any order; each at most once.
  public static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(ConfigFileError) -> DeviceConfig {
    var config = DeviceConfig()
    var seen: UInt32 = 0
    var acquireSnapshot = false
    var snapshotMs: UInt32 = 100, everyMs: UInt32 = 10_000
    var snapshotLine = 0, odrLine = 0, brokerLine = 0
    var start = 0, line = 0
    while start < text.count {
      line &+= 1
      var end = start
      while end < text.count && text[end] != 10 { end &+= 1 }
      defer { start = end &+ 1 }
      guard end &- start <= 255 else { throw ConfigFileError(line: line, key: nil, reason: .lineTooLong) }
      // Strip the comment and surrounding blanks.
      var stop = start
      while stop < end && text[stop] != 35 { stop &+= 1 }        // '#'
      let body = trimmed(text, start, stop)
      if body.lowerBound == body.upperBound { continue }
      var eq = body.lowerBound
      while eq < body.upperBound && text[eq] != 61 { eq &+= 1 }   // '='
      guard eq < body.upperBound else { throw ConfigFileError(line: line, key: nil, reason: .notKeyValue) }
      let keyRange = trimmed(text, body.lowerBound, eq), valueRange = trimmed(text, eq &+ 1, body.upperBound)
      guard keyRange.lowerBound < keyRange.upperBound, valueRange.lowerBound < valueRange.upperBound else {
        throw ConfigFileError(line: line, key: nil, reason: .notKeyValue)
      }
      let keyBytes = UnsafeBufferPointer(rebasing: text[keyRange])
      let value = UnsafeBufferPointer(rebasing: text[valueRange])
      guard let key = findKey(keyBytes) else { throw ConfigFileError(line: line, key: nil, reason: .unknownKey) }
      let bit: UInt32 = 1 &<< UInt32(key.rawValue)
      guard seen & bit == 0 else { throw ConfigFileError(line: line, key: key, reason: .duplicateKey) }
      seen |= bit
      if key == .mqttBroker { brokerLine = line }
      func fail(_ r: ConfigFileError.Reason) -> ConfigFileError { ConfigFileError(line: line, key: key, reason: r) }
      switch key {
      case .sensor:
        if same(value, "adxl345") { config.sensor = .adxl345 }
        else if same(value, "mpu6050") { config.sensor = .mpu6050 }
        else if same(value, "lis3dh") { config.sensor = .lis3dh }
        else { throw fail(.badValue) }
      case .metricsDir, .metricsEverySeconds, .alarmChip, .alarmLine, .alarmActive:
        try config.parseOutput(key, value, line: line)
      case .i2cBus, .interruptChip, .model:
        guard let p = FixedPath(value) else { throw fail(.badValue) }
        if key == .i2cBus { config.i2cBus = p } else if key == .model { config.model = p } else { config.interruptChip = p }
      case .i2cAddress:
        let v = try number(value, fractionDigits: 0, max: 0x7F, line: line, key: key)
        guard v >= 0x08 && v <= 0x77 else { throw fail(.outOfRange) }
        config.i2cAddress = UInt8(truncatingIfNeeded: v)
      case .odrHz:
        let v = try number(value, fractionDigits: 3, max: 10_000_000, line: line, key: key)
        guard v >= 100 else { throw fail(.outOfRange) }
        config.odrMilliHz = v; odrLine = line
      case .rangeG:
        let v = try number(value, fractionDigits: 0, max: 16, line: line, key: key)
        guard v == 2 || v == 4 || v == 8 || v == 16 else { throw fail(.outOfRange) }
        config.rangeG = UInt8(truncatingIfNeeded: v)
      case .allowFastODR:
        if same(value, "yes") || same(value, "true") || same(value, "1") { config.allowFastODR = true }
        else if same(value, "no") || same(value, "false") || same(value, "0") { config.allowFastODR = false }
        else { throw fail(.badValue) }
      case .interruptLine:
        config.interruptLine = UInt16(truncatingIfNeeded: try number(value, fractionDigits: 0, max: 511, line: line, key: key))
      case .acquire:
        if same(value, "continuous") { acquireSnapshot = false }
        else if same(value, "snapshot") { acquireSnapshot = true }
        else { throw fail(.badValue) }
      case .snapshotSeconds:
        let v = try number(value, fractionDigits: 3, max: 3_600_000, line: line, key: key)
        guard v >= 1 else { throw fail(.outOfRange) }
        snapshotMs = v; snapshotLine = line
      case .snapshotEverySeconds:
        let v = try number(value, fractionDigits: 3, max: 86_400_000, line: line, key: key)
        guard v >= 1 else { throw fail(.outOfRange) }
        everyMs = v; snapshotLine = max(snapshotLine, line)
      case .drainTimeoutMs:
        config.drainTimeoutMilliseconds = (try number(value, fractionDigits: 0, max: 60_000, line: line, key: key))
      default:
        try config.transport.set(key, value, line: line)                  // Transport/TransportConfig.swift
      }
    }
    // No odr_hz: the part's default rate; one the part does not have names the odr_hz line (a LIS3DH's: DocID17530, Table 31).
    if odrLine == 0 { config.odrMilliHz = config.sensor.defaultODRMilliHz }
    else if !config.sensor.hasODR(config.odrMilliHz) {
      throw ConfigFileError(line: odrLine, key: .odrHz, reason: config.sensor == .lis3dh ? .notLIS3DHRate : .outOfRange)
    }
    if config.transport.tls && config.transport.caFile.isEmpty {
      throw ConfigFileError(line: brokerLine, key: .mqttBroker, reason: .needsCAFile)
    }
    if acquireSnapshot {
      guard everyMs >= snapshotMs else {
        throw ConfigFileError(line: snapshotLine, key: .snapshotEverySeconds, reason: .inconsistent)
      }
      config.schedule = .snapshot(milliseconds: snapshotMs, everyMilliseconds: everyMs)
    }
    return config
  }
}

/// The range inside [from, to) without leading and trailing blanks (space, tab, CR).
@inline(__always)
func trimmed(_ t: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Range<Int> {
  var a = from, b = to
  while a < b && (t[a] == 32 || t[a] == 9 || t[a] == 13) { a &+= 1 }
  while b > a && (t[b &- 1] == 32 || t[b &- 1] == 9 || t[b &- 1] == 13) { b &-= 1 }
  return a..<b
}

/// True when `bytes` spell `s` exactly.
func same(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
  guard bytes.count == s.utf8CodeUnitCount else { return false }
  let p = s.utf8Start
  for i in 0..<bytes.count where bytes[i] != p[i] { return false }
  return true
}

func findKey(_ bytes: UnsafeBufferPointer<UInt8>) -> ConfigKey? {
  var raw: UInt8 = 0
  while raw < ConfigKey.count {
    if let k = ConfigKey(rawValue: raw), same(bytes, k.name) { return k }
    raw &+= 1
  }
  return nil
}

/// A non-negative number in units of 10^-`fractionDigits` (decimal with at most that many fraction
/// digits, or `0x` hexadecimal when `fractionDigits` is 0), at most `max`.
func number(_ v: UnsafeBufferPointer<UInt8>, fractionDigits: Int, max: UInt32, line: Int,
            key: ConfigKey) throws(ConfigFileError) -> UInt32 {
  let bad = ConfigFileError(line: line, key: key, reason: .badValue)
  let range = ConfigFileError(line: line, key: key, reason: .outOfRange)
  var i = 0
  var result: UInt32 = 0
  if fractionDigits == 0 && v.count > 2 && v[0] == 48 && (v[1] == 120 || v[1] == 88) {   // 0x / 0X
    i = 2
    while i < v.count {
      let c = v[i]
      let d: UInt32
      if c >= 48 && c <= 57 { d = UInt32(c &- 48) }
      else if c >= 97 && c <= 102 { d = UInt32(c &- 87) }
      else if c >= 65 && c <= 70 { d = UInt32(c &- 55) }
      else { throw bad }
      result = result &* 16 &+ d
      guard result <= max else { throw range }
      i &+= 1
    }
    return result
  }
  var digits = 0, fraction = -1
  while i < v.count {
    let c = v[i]
    if c == 46 {                                        // '.'
      guard fraction < 0, fractionDigits > 0 else { throw bad }
      fraction = 0
    } else if c >= 48 && c <= 57 {
      if fraction >= 0 {
        fraction &+= 1
        guard fraction <= fractionDigits else { throw bad }
      }
      result = result &* 10 &+ UInt32(c &- 48)
      digits &+= 1
      guard result <= 400_000_000 else { throw range }    // before the scaling below could overflow
    } else {
      throw bad
    }
    i &+= 1
  }
  guard digits > 0 else { throw bad }
  var scaled = result
  var f = Swift.max(0, fraction)
  while f < fractionDigits {
    guard scaled <= 400_000_000 else { throw range }
    scaled = scaled &* 10; f &+= 1
  }
  guard scaled <= max else { throw range }
  return scaled
}
