// Why a model file was rejected: one case per check of Model.parse, each with a static message (no String on
// the device). The firmware ABI returns these as negative codes (see Sources/VigilFirmware/include/vigil.h).

/// Why a model file was rejected.
public enum ModelError: Error, Equatable, Sendable {
  case truncated
  case badMagic
  case unsupportedVersion
  case lengthMismatch
  case crcMismatch
  case fingerprintMismatch
  case invalidFrontEnd(ConfigError)
  case overCapacity
  case malformed
  case unsupportedFeatures

  /// A one-line explanation.
  public var message: StaticString {
    switch self {
    case .truncated: "model file is truncated"
    case .badMagic: "not a Vigil model file (bad magic, expected VGLM)"
    case .unsupportedVersion: "model file version is not supported (this build reads versions 1 to 3)"
    case .lengthMismatch: "model file length disagrees with its header"
    case .crcMismatch: "model file CRC-32 mismatch: the file is corrupted"
    case .fingerprintMismatch: "model was trained for a different front-end configuration (fingerprint mismatch)"
    case .invalidFrontEnd: "model file's front-end configuration is invalid"
    case .overCapacity: "model is larger than this build's capacity"
    case .malformed: "model file is malformed (inconsistent sizes or out-of-range parameters)"
    case .unsupportedFeatures: "model needs front-end features this build does not have (retrain without them or update the device)"
    }
  }
}
