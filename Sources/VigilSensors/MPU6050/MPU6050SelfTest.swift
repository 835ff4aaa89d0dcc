// MPU-6050 accelerometer self-test (Register Map Rev. 4.2, section 4.1; Product Specification Rev. 3.4,
// Table 6.2). At ±8 g, the self-test response STR = output with XA_ST/YA_ST/ZA_ST set − output without.
// The factory trim of each axis comes from its 5-bit A_TEST code in SELF_TEST_X/Y/Z/A:
//   FT = 4096 × 0.34 × (0.92 / 0.34)^((A_TEST − 1) / (2^5 − 2))   (A_TEST ≠ 0; 0 means no trim: FT = 0)
// and the part passes when the change from factory trim, (STR − FT) / FT, is within ±14 %.
// FT is tabulated below in counts at ±8 g (4096 LSB/g), rounded to nearest: no floating point on the device.

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

extension MPU6050Driver {
  /// The datasheet self-test: at 1 kHz (DLPF 94 Hz), ±8 g, average 200 samples with self-test off and
  /// 200 with XA_ST/YA_ST/ZA_ST on (50 dropped after each switch to settle), and check each axis's change
  /// against its factory trim ±14 %. The part must be at rest. Leaves the part configured (as
  /// `configure()`) and asleep; call `start()` to resume.
  public mutating func selfTest<Line: DataReadyLine>(line: inout Line) throws(DriverError) -> SelfTestResult {
    typealias R = MPU6050Registers
    var trim = InlineArray<4, UInt8>(repeating: 0)
    try bus.read(R.selfTestX, count: 4, into: &trim)
    let codes = MPU6050FactoryTrim.codes(x: trim[0], y: trim[1], z: trim[2], a: trim[3])
    let ft = Axes(x: MPU6050FactoryTrim.counts(code: codes.x), y: MPU6050FactoryTrim.counts(code: codes.y),
                  z: MPU6050FactoryTrim.counts(code: codes.z))
    let range8g = MPU6050Range.g8.register
    try writeConfiguration(rate: MPU6050Rate.hz1000.rawValue, dlpf: 2, accelConfig: range8g)
    // 50 ms between drains at 1 kHz: 50 samples, well inside the 170-sample FIFO.
    let delta = try selfTestChange(register: R.accelConfig, off: range8g, on: range8g | R.accelSelfTestXYZ, frames: 200,
                                   discard: 50, timeoutNanoseconds: 50_000_000, line: &line)
    // FT × 0.86 rounded up ... FT × 1.14 rounded down: a change of exactly ±14 % passes.
    return SelfTestResult(delta: delta,
                          minimum: Axes(x: (ft.x &* 86 &+ 99) / 100, y: (ft.y &* 86 &+ 99) / 100, z: (ft.z &* 86 &+ 99) / 100),
                          maximum: Axes(x: ft.x &* 114 / 100, y: ft.y &* 114 / 100, z: ft.z &* 114 / 100))
  }
}
