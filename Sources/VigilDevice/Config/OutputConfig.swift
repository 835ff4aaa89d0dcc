// The config keys of the device's outputs besides standard output: the Prometheus node_exporter textfile
// (`metrics_dir`, `metrics_every_seconds`) and the alarm line (`alarm_chip`, `alarm_line`, `alarm_active`).

/// Where the device's state goes besides the event stream.
public struct OutputConfig: Equatable, Sendable {
  /// The node_exporter textfile collector's directory (`vigil.prom` is written there); empty: no metrics.
  public var metricsDirectory = FixedPath()
  /// The longest time between two metrics files (one is also written at every event), milliseconds.
  public var metricsEveryMilliseconds: UInt32 = 10_000
  /// The alarm line's GPIO chip, by label or name; empty: the 40-pin header's chip (as `interrupt_chip`).
  public var alarmChip = FixedPath()
  /// The alarm line's offset on that chip; nil: no alarm line.
  public var alarmLine: UInt16? = nil
  /// True when the alarm is active at the low level (e.g. a relay board with an active-low input).
  public var alarmActiveLow = false

  public init() {}
}

extension DeviceConfig {
  /// Parses one of the output keys' value into `outputs`.
  mutating func parseOutput(_ key: ConfigKey, _ value: UnsafeBufferPointer<UInt8>, line: Int) throws(ConfigFileError) {
    func fail(_ r: ConfigFileError.Reason) -> ConfigFileError { ConfigFileError(line: line, key: key, reason: r) }
    switch key {
    case .metricsDir, .alarmChip:
      guard let p = FixedPath(value) else { throw fail(.badValue) }
      if key == .metricsDir {
        // The file names are appended to it (`/vigil.prom.tmp`): keep room for them.
        guard p.count <= FixedPath.capacity &- 16, p[0] == 47 else { throw fail(.badValue) }   // absolute
        outputs.metricsDirectory = p
      } else {
        outputs.alarmChip = p
      }
    case .metricsEverySeconds:
      let v = try number(value, fractionDigits: 3, max: 3_600_000, line: line, key: key)
      guard v >= 1000 else { throw fail(.outOfRange) }
      outputs.metricsEveryMilliseconds = v
    case .alarmLine:
      if same(value, "none") { outputs.alarmLine = nil; return }
      outputs.alarmLine = UInt16(truncatingIfNeeded: try number(value, fractionDigits: 0, max: 511, line: line, key: key))
    case .alarmActive:
      if same(value, "high") { outputs.alarmActiveLow = false }
      else if same(value, "low") { outputs.alarmActiveLow = true }
      else { throw fail(.badValue) }
    default:
      throw fail(.unknownKey)
    }
  }
}
