// MPU-6050 accelerometer self-test (Register Map Rev. 4.2, section 4.1; Product Specification Rev. 3.4,
// Table 6.2). At ±8 g, the self-test response STR = output with XA_ST/YA_ST/ZA_ST set − output without.
// The part passes when the change from each axis's factory trim FT (MPU6050FactoryTrim.swift),
// (STR − FT) / FT, is within ±14 %.

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
