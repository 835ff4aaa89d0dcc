// LIS3DH register map and bit fields, from the ST LIS3DH datasheet DocID17530 (Rev 2): Table 31 (CTRL_REG1
// data rate configuration). One concept per file.

/// LIS3DH output data rates in normal and high-resolution mode: the ODR3..0 codes of CTRL_REG1 (datasheet
/// DocID17530, Table 31). Code 1000 (1.6 kHz) and the 5.376 kHz of code 1001 exist in low-power mode only,
/// which the driver does not use (8-bit data).
public enum LIS3DHRate: UInt8, Sendable {
  case hz1 = 1, hz10 = 2, hz25 = 3, hz50 = 4, hz100 = 5, hz200 = 6, hz400 = 7, hz1344 = 9

  /// The rate in milli-hertz.
  public var milliHertz: UInt32 {
    switch self {
    case .hz1: 1_000; case .hz10: 10_000; case .hz25: 25_000; case .hz50: 50_000; case .hz100: 100_000
    case .hz200: 200_000; case .hz400: 400_000; case .hz1344: 1_344_000
    }
  }

  /// The rate with this many milli-hertz, if the part has it (normal / high-resolution mode).
  public init?(milliHertz: UInt32) {
    var code: UInt8 = 1
    while code <= 9 {
      if let r = LIS3DHRate(rawValue: code), r.milliHertz == milliHertz { self = r; return }
      code &+= 1
    }
    return nil
  }

  /// CTRL_REG1's ODR field (D7:4) for this rate.
  public var register: UInt8 { rawValue &<< 4 }
}
