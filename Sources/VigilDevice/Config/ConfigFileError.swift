// Reading /etc/vigil/vigil.conf: `key = value` lines, `#` starts a comment, blank lines are ignored.
// Numbers are decimal (up to 3 fraction digits: `6.25`) or hexadecimal (`0x53`). Every mistake is a
// `ConfigFileError` naming the line and the key, never a guess.

/// A config file the device refuses: where, which key, and why.
public struct ConfigFileError: Error, Equatable, Sendable {
  public enum Reason: UInt8, Sendable {
    case lineTooLong, notKeyValue, unknownKey, duplicateKey, badValue, outOfRange, inconsistent
    case notLIS3DHRate
    case needsCAFile

    public var message: StaticString {
      switch self {
      case .lineTooLong: "line longer than 255 bytes"
      case .notKeyValue: "expected 'key = value'"
      case .unknownKey: "unknown key"
      case .duplicateKey: "key given twice"
      case .badValue: "bad value"
      case .outOfRange: "value out of range"
      case .inconsistent: "snapshot_every_seconds is shorter than snapshot_seconds"
      case .notLIS3DHRate: "not a LIS3DH output data rate (1, 10, 25, 50, 100, 200, 400 or 1344 Hz)"
      case .needsCAFile: "mqtts:// needs mqtt_ca_file (the CA certificate that signs the broker's)"
      }
    }
  }
  /// 1-based line number.
  public var line: Int
  /// The key, when the line named a known one.
  public var key: ConfigKey?
  public var reason: Reason
  public init(line: Int, key: ConfigKey?, reason: Reason) { self.line = line; self.key = key; self.reason = reason }
}
