// LIS3DH driver: probe by WHO_AM_I, configure rate / range / high resolution / FIFO stream with a watermark
// on INT1, start and power-down, self-test. Pure register logic over a generic RegisterBus (datasheet
// DocID17530; register map in LIS3DHRegisters.swift). The FIFO drain is in LIS3DHStream.swift.

/// A LIS3DH on a register bus.
public struct LIS3DHDriver<Bus: RegisterBus>: WatermarkDriver {
  public var bus: Bus
  public let configuration: LIS3DHConfiguration
  public static var part: SensorPart { .lis3dh }
  public static var fifoDepth: Int { LIS3DHRegisters.fifoDepth }
  /// Significant bits of the data being read (12 in high-resolution mode; 10 while the self-test runs in
  /// normal mode).
  var bits = LIS3DHMode.highResolution.bits

  /// A driver for the part on `bus`; refuses a watermark outside 1 ... 31.
  public init(bus: Bus, configuration: LIS3DHConfiguration = LIS3DHConfiguration()) throws(DriverError) {
    try Self.check(configuration)
    self.bus = bus
    self.configuration = configuration
  }

  /// Power-down and INT1 off while configuring, then data format (BDU, range, high resolution), FIFO on,
  /// INT1 active high, FIFO stream with the watermark, and watermark + overrun routed to INT1.
  public mutating func configure() throws(DriverError) {
    try writeConfiguration(ctrlReg4: configuration.ctrlReg4)
  }

  mutating func writeConfiguration(ctrlReg4: UInt8) throws(DriverError) {
    typealias R = LIS3DHRegisters
    try write(R.ctrlReg1, R.ctrlReg1XYZ)                         // ODR 0000: power-down
    try write(R.ctrlReg3, 0)
    try write(R.ctrlReg4, ctrlReg4)
    try write(R.ctrlReg5, R.ctrlReg5FIFOEnable)
    try write(R.ctrlReg6, 0)                                     // INT1 active high
    try write(R.fifoCtrlReg, configuration.fifoCtrl)
    try write(R.ctrlReg3, R.ctrlReg3Watermark | R.ctrlReg3Overrun)
    bits = ctrlReg4 & R.ctrlReg4HighResolution != 0 ? LIS3DHMode.highResolution.bits : LIS3DHMode.normal.bits
  }

  /// Empties the FIFO (bypass, then stream again) and starts measuring at the configured rate.
  public mutating func start() throws(DriverError) {
    try resetFIFO()
    try write(LIS3DHRegisters.ctrlReg1, configuration.ctrlReg1)
  }

  /// Power-down mode (CTRL_REG1 ODR = 0000: 0.5 µA typical, registers kept).
  public mutating func stop() throws(DriverError) {
    try write(LIS3DHRegisters.ctrlReg1, LIS3DHRegisters.ctrlReg1XYZ)
  }

  /// The FIFO recovery of AN3308: bypass mode empties the FIFO and clears OVRN_FIFO, stream mode restarts it.
  public mutating func recoverOverrun() throws(DriverError) { try resetFIFO() }

  mutating func resetFIFO() throws(DriverError) {
    try write(LIS3DHRegisters.fifoCtrlReg, LIS3DHRegisters.fifoModeBypass)
    try write(LIS3DHRegisters.fifoCtrlReg, configuration.fifoCtrl)
  }

  /// Self-test output change limits (datasheet DocID17530, Table 4, Vst): 17 ... 360 LSb on every axis, in
  /// normal mode (10-bit, 4 mg/LSb) at ±2 g, self-test 0 (positive sign).
  public static var selfTestMinimum: Int32 { 17 }
  public static var selfTestMaximum: Int32 { 360 }

  /// The datasheet self-test (Table 4 note: "OUTPUT(ST bits = 01) − OUTPUT(ST bits = 00)", normal mode,
  /// ±2 g): at 100 Hz, average 32 frames with self-test off and 32 with self-test 0 on, discarding 8 after
  /// each switch (the output settles after 1/ODR + 1 ms), and check the change against 17 ... 360 LSb. The
  /// part must be at rest. Leaves the part configured (as `configure()`) and powered down; call `start()`.
  public mutating func selfTest<Line: DataReadyLine>(line: inout Line) throws(DriverError) -> SelfTestResult {
    typealias R = LIS3DHRegisters
    let normal2g = R.ctrlReg4BDU | LIS3DHRange.g2.rawValue &<< R.ctrlReg4ScaleShift
    try writeConfiguration(ctrlReg4: normal2g)
    try resetFIFO()
    try write(R.ctrlReg1, LIS3DHRate.hz100.register | R.ctrlReg1XYZ)
    let off = try average(frames: 32, discard: 8, timeoutNanoseconds: 400_000_000, line: &line)
    try write(R.ctrlReg4, normal2g | R.ctrlReg4SelfTest0)
    let on = try average(frames: 32, discard: 8, timeoutNanoseconds: 400_000_000, line: &line)
    try write(R.ctrlReg4, normal2g)
    try configure()
    let lo = Self.selfTestMinimum, hi = Self.selfTestMaximum
    return SelfTestResult(delta: Axes(x: on.x &- off.x, y: on.y &- off.y, z: on.z &- off.z),
                          minimum: Axes(x: lo, y: lo, z: lo), maximum: Axes(x: hi, y: hi, z: hi))
  }
}
