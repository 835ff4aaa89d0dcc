// MPU-6050 driver: probe by WHO_AM_I, configure sample rate (SMPLRT_DIV, DLPF) / range / accelerometer-only
// FIFO / FIFO-overflow interrupt, start (wake) and stop (sleep), self-test. Pure register logic over a
// generic RegisterBus (Register Map Rev. 4.2; names in MPU6050Registers.swift). The drain is MPU6050Stream.
//
// The part has no FIFO watermark interrupt (only data ready and FIFO overflow), so `watermarkFrames` is 0:
// the acquisition drains on a timer every half FIFO (85 samples: 85 ms at 1 kHz). The INT pin is latched
// on FIFO overflow only, so an edge on it means "overrun, recover now" and never floods the host with a
// data-ready edge per sample.

/// An MPU-6050 (accelerometer only) on a register bus.
public struct MPU6050Driver<Bus: RegisterBus>: AccelerometerDriver {
  public var bus: Bus
  public let configuration: MPU6050Configuration
  public static var part: SensorPart { .mpu6050 }

  /// A driver for the part on `bus` (every rate and range of `MPU6050Configuration` is valid over I2C:
  /// 1 kHz × 6 bytes is 6 kB/s, a seventh of a 400 kHz bus).
  public init(bus: Bus, configuration: MPU6050Configuration = MPU6050Configuration()) {
    self.bus = bus
    self.configuration = configuration
  }

  public var outputRateMilliHertz: UInt32 { configuration.rate.milliHertz }
  public var fifoFrames: Int { MPU6050Registers.fifoDepth }
  public var watermarkFrames: Int { 0 }


  /// Asleep with the PLL clock selected, interrupts and FIFO off while configuring; then SMPLRT_DIV, CONFIG
  /// (DLPF), ACCEL_CONFIG (range, self-test off), INT_PIN_CFG (active high, push-pull, latched until
  /// INT_STATUS is read), FIFO_EN (accelerometer only) and INT_ENABLE (FIFO overflow).
  public mutating func configure() throws(DriverError) {
    try writeConfiguration(rate: configuration.rate.rawValue, dlpf: configuration.rate.dlpf,
                           accelConfig: configuration.range.register)
  }

  mutating func writeConfiguration(rate divider: UInt8, dlpf: UInt8, accelConfig: UInt8) throws(DriverError) {
    typealias R = MPU6050Registers
    try write(R.powerManagement1, R.powerSleep | R.powerClockPLLX)
    try write(R.intEnable, 0)
    try write(R.fifoEnable, 0)
    try write(R.userControl, 0)
    try write(R.smplrtDiv, divider)
    try write(R.config, dlpf)
    try write(R.accelConfig, accelConfig)
    try write(R.intPinConfig, R.intPinLatch)
    try write(R.fifoEnable, R.fifoEnableAccel)
    try write(R.intEnable, R.intFIFOOverflow)
  }

  /// Empties the FIFO (FIFO_RESET with FIFO_EN off, then FIFO_EN), clears the latched interrupt status,
  /// and wakes the part (SLEEP off, PLL clock).
  public mutating func start() throws(DriverError) {
    try resetFIFO()
    try write(MPU6050Registers.powerManagement1, MPU6050Registers.powerClockPLLX)
  }

  /// Sleep (PWR_MGMT_1 SLEEP: 5 µA typical, registers kept).
  public mutating func stop() throws(DriverError) {
    try write(MPU6050Registers.powerManagement1, MPU6050Registers.powerSleep | MPU6050Registers.powerClockPLLX)
  }

  /// After an overflow the FIFO holds 1024 bytes, not a whole number of samples: only a reset realigns it.
  public mutating func recoverOverrun() throws(DriverError) { try resetFIFO() }

  mutating func resetFIFO() throws(DriverError) {
    typealias R = MPU6050Registers
    try write(R.userControl, R.userFIFOReset)
    try write(R.userControl, R.userFIFOEnable)
    _ = try read(R.intStatus)                                 // clears FIFO_OFLOW_INT and the latched pin
  }
}
