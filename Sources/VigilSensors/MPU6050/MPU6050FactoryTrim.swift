// MPU-6050 accelerometer factory trim (Register Map Rev. 4.2, section 4.1): from each axis's 5-bit A_TEST code
// in SELF_TEST_X/Y/Z/A, FT = 4096 × 0.34 × (0.92 / 0.34)^((A_TEST − 1) / (2^5 − 2)) counts at ±8 g (A_TEST ≠ 0;
// 0 means no trim: FT = 0), tabulated and rounded to nearest: no floating point on the device.

/// The accelerometer factory trim of the MPU-6050, counts at ±8 g, indexed by the 5-bit A_TEST code.
public enum MPU6050FactoryTrim {
  /// FT for A_TEST = 0 ... 31 (the Register Map's formula, rounded to nearest; 0 for code 0).
  static let table: InlineArray<32, Int32> = [
    0, 1393, 1440, 1488, 1538, 1590, 1644, 1699, 1757, 1816, 1877, 1941, 2006, 2074, 2144, 2216,
    2291, 2368, 2448, 2531, 2616, 2704, 2795, 2890, 2987, 3088, 3192, 3300, 3411, 3526, 3645, 3768,
  ]

  /// FT for a 5-bit code (higher bits ignored).
  public static func counts(code: UInt8) -> Int32 { table[Int(code & 0x1F)] }

  /// The three 5-bit A_TEST codes (X, Y, Z) from SELF_TEST_X, _Y, _Z, _A (registers 0x0D ... 0x10).
  public static func codes(x: UInt8, y: UInt8, z: UInt8, a: UInt8) -> (x: UInt8, y: UInt8, z: UInt8) {
    ((x &>> 3) & 0x1C | (a &>> 4) & 0x03, (y &>> 3) & 0x1C | (a &>> 2) & 0x03, (z &>> 3) & 0x1C | a & 0x03)
  }
}

