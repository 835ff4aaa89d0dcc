// ADXL345 driver: probe by DEVID, configure rate / range / full resolution / FIFO stream with a watermark on
// INT1, start (measure) and stop (standby), self-test. Pure register logic over a generic RegisterBus
// (datasheet Rev. E; register map in ADXL345Registers.swift). The FIFO drain is in ADXL345Stream.swift.

/// An ADXL345 on a register bus.
public struct ADXL345Driver<Bus: RegisterBus>: WatermarkDriver {
  public var bus: Bus
  public let configuration: ADXL345Configuration
  public static var part: SensorPart { .adxl345 }
  public static var fifoDepth: Int { ADXL345Registers.fifoDepth }

  /// A driver for the part on `bus`; refuses a rate above 800 Hz unless the override is set.
  public init(bus: Bus, configuration: ADXL345Configuration = ADXL345Configuration()) throws(DriverError) {
    if configuration.rate.rawValue > ADXL345Rate.hz800.rawValue && !configuration.allowRateAboveI2CLimit {
      throw .rateNeedsSPI
    }
    try Self.check(configuration)
    self.bus = bus
    self.configuration = configuration
  }

  /// Standby, interrupts off, then rate, format, interrupt routing, FIFO stream with the watermark, and the
  /// watermark interrupt on INT1 (the datasheet's advice: configure in standby with interrupts disabled).
  public mutating func configure() throws(DriverError) {
    try writeConfiguration(rate: configuration.rate.rawValue, format: configuration.format.register)
  }

  mutating func writeConfiguration(rate: UInt8, format: UInt8) throws(DriverError) {
    typealias R = ADXL345Registers
    try write(R.powerCtl, 0)
    try write(R.intEnable, 0)
    try write(R.bwRate, rate)
    try write(R.dataFormat, format)
    try write(R.intMap, 0)                                         // every source on INT1; only watermark enabled
    try write(R.fifoCtl, R.fifoModeStream | configuration.watermark)
    try write(R.intEnable, R.intWatermark)
  }

  /// Empties the FIFO (bypass, then stream again) and sets the Measure bit.
  public mutating func start() throws(DriverError) {
    try resetFIFO()
    try write(ADXL345Registers.powerCtl, ADXL345Registers.powerCtlMeasure)
  }

  /// Standby (POWER_CTL = 0: 0.1 µA typical, registers kept).
  public mutating func stop() throws(DriverError) {
    try write(ADXL345Registers.powerCtl, 0)
  }

  /// The datasheet's FIFO recovery: bypass mode clears the FIFO and the overrun flag, stream mode restarts it.
  public mutating func recoverOverrun() throws(DriverError) { try resetFIFO() }

  mutating func resetFIFO() throws(DriverError) {
    try write(ADXL345Registers.fifoCtl, ADXL345Registers.fifoModeBypass)
    try write(ADXL345Registers.fifoCtl, ADXL345Registers.fifoModeStream | configuration.watermark)
  }

  /// The datasheet self-test: at 100 Hz, full resolution ±16 g, average 32 samples with SELF_TEST off and 32
  /// with it on (8 discarded after each switch to settle), and check the change against the limits at
  /// VS = 2.5 V (X 50 ... 540, Y −540 ... −50, Z 75 ... 875 LSB) scaled for `supply`. The part must be at
  /// rest. Leaves the part configured (as `configure()`) and in standby; call `start()` to resume.
  public mutating func selfTest<Line: DataReadyLine>(line: inout Line, supply: ADXL345Supply = .v3_3) throws(DriverError) -> SelfTestResult {
    typealias R = ADXL345Registers
    let format = ADXL345DataFormat(fullResolution: true, leftJustified: false, range: .g16).register
    try writeConfiguration(rate: ADXL345Rate.hz100.rawValue, format: format)
    // 16 samples at 100 Hz take 160 ms; a wait of 400 ms is the timed fallback for a missed edge.
    let delta = try selfTestChange(register: R.dataFormat, off: format, on: format | R.dataFormatSelfTest, frames: 32, discard: 8,
                                   timeoutNanoseconds: 400_000_000, line: &line)
    let xy = supply.xyPerMille, z = supply.zPerMille
    return SelfTestResult(delta: delta,
                          minimum: Axes(x: 50 &* xy / 1000, y: -540 &* xy / 1000, z: 75 &* z / 1000),
                          maximum: Axes(x: 540 &* xy / 1000, y: -50 &* xy / 1000, z: 875 &* z / 1000))
  }
}
