// LIS3DH full-scale ranges and sensitivities: datasheet DocID17530 (Rev 2), Table 4 (So: sensitivity per FS
// and mode) and CTRL_REG4's FS1..0 field. One concept per file.

/// LIS3DH full-scale ranges: CTRL_REG4 FS1..0.
public enum LIS3DHRange: UInt8, Sendable {
  case g2 = 0, g4 = 1, g8 = 2, g16 = 3
  /// ±g at full scale.
  public var g: Int { 2 &<< Int(rawValue) }
  /// The range of ±`g` g, if the part has it.
  public init?(g: Int) {
    switch g { case 2: self = .g2; case 4: self = .g4; case 8: self = .g8; case 16: self = .g16; default: return nil }
  }
  /// Sensitivity in high-resolution (12-bit) mode, mg per digit (Table 4: 1, 2, 4, 12). Normal mode (10-bit)
  /// is 4× this, low-power mode (8-bit) 16×.
  public var highResolutionMilliGPerDigit: Int32 {
    switch self { case .g2: 1; case .g4: 2; case .g8: 4; case .g16: 12 }
  }
}
