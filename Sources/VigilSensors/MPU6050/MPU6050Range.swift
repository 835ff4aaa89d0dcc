// MPU-6050 accelerometer full-scale ranges: ACCEL_CONFIG AFS_SEL (Register Map Rev. 4.2, 4.5) and their
// sensitivities (Product Specification Rev. 3.4, Table 6.2: 16384, 8192, 4096, 2048 LSB/g).

/// MPU-6050 full-scale ranges (raw value: AFS_SEL).
public enum MPU6050Range: UInt8, Sendable {
  case g2 = 0, g4 = 1, g8 = 2, g16 = 3
  /// ±g at full scale.
  public var g: Int { 2 &<< Int(rawValue) }
  /// Sensitivity, LSB/g: 16384 >> AFS_SEL.
  public var countsPerG: Int32 { 16384 &>> Int32(rawValue) }
  /// The ACCEL_CONFIG value (self-test bits clear).
  public var register: UInt8 { rawValue &<< MPU6050Registers.accelRangeShift }
  /// The range of ±`g` g, if the part has it.
  public init?(g: Int) {
    switch g { case 2: self = .g2; case 4: self = .g4; case 8: self = .g8; case 16: self = .g16; default: return nil }
  }
}
