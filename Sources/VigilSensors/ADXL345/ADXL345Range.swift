// ADXL345 register map and bit fields, from the Analog Devices ADXL345 datasheet, Rev. E:
//   Table 19 (register map: address, name, access, reset value), the "Register Definitions" section
//   (bit layouts quoted per register below), Table 7 (output data rate codes of BW_RATE).
// One concept per file: only names and numbers here; the driver, stream and decoder use them.

/// ADXL345 full-scale ranges: DATA_FORMAT D1:0.
public enum ADXL345Range: UInt8, Sendable {
  case g2 = 0, g4 = 1, g8 = 2, g16 = 3
  /// ±g at full scale.
  public var g: Int { 2 &<< Int(rawValue) }
  /// The range of ±`g` g, if the part has it.
  public init?(g: Int) {
    switch g { case 2: self = .g2; case 4: self = .g4; case 8: self = .g8; case 16: self = .g16; default: return nil }
  }
}
