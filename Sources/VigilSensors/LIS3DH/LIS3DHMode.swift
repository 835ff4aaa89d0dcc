// LIS3DH operating modes: datasheet DocID17530 (Rev 2), Table 3 (operating mode selection: LPen in CTRL_REG1,
// HR in CTRL_REG4) and section 3.2.1 (the output is left-justified in 16 bits at every resolution).

/// Low-power (8-bit), normal (10-bit) or high-resolution (12-bit) mode.
public enum LIS3DHMode: UInt8, Sendable {
  case lowPower = 8, normal = 10, highResolution = 12
  /// Significant bits per axis (left-justified in the 16-bit output).
  public var bits: Int { Int(rawValue) }
  /// The mode that LPen (CTRL_REG1 D3) and HR (CTRL_REG4 D3) select (both set is not allowed; read as
  /// low-power).
  public init(lowPowerBit: Bool, highResolutionBit: Bool) {
    self = lowPowerBit ? .lowPower : (highResolutionBit ? .highResolution : .normal)
  }
  /// Sensitivity multiplier relative to high-resolution mode (Table 4: 1, 4, 16).
  public var digitScale: Int32 {
    switch self { case .highResolution: 1; case .normal: 4; case .lowPower: 16 }
  }
}
