// ADXL345 driver: probe by DEVID, configure rate / range / full resolution / FIFO stream with a watermark on
// INT1, start (measure) and stop (standby), self-test. Pure register logic over a generic RegisterBus
// (datasheet Rev. E; register map in ADXL345Registers.swift). The FIFO drain is in ADXL345Stream.swift.

/// How to run an ADXL345.
public struct ADXL345Configuration: WatermarkConfiguration, Sendable, Equatable {
  /// Output data rate (default 800 Hz: the highest the datasheet advises over I2C).
  public var rate: ADXL345Rate
  /// Full-scale range (full-resolution mode: 256 LSB/g at every range).
  public var range: ADXL345Range
  /// FIFO entries at which INT1 rises (1 ... 31; default 16 = half the FIFO: 20 ms of slack at 800 Hz).
  public var watermark: UInt8
  public var outputRateMilliHertz: UInt32 { rate.milliHertz }
  /// Allow 1600 / 3200 Hz over I2C although the datasheet advises SPI for them (only on a bus proven to
  /// keep up: each frame costs a 6-byte read, ~210 µs at 400 kHz).
  public var allowRateAboveI2CLimit: Bool
  public init(rate: ADXL345Rate = .hz800, range: ADXL345Range = .g16, watermark: UInt8 = 16,
              allowRateAboveI2CLimit: Bool = false) {
    self.rate = rate; self.range = range; self.watermark = watermark; self.allowRateAboveI2CLimit = allowRateAboveI2CLimit
  }
  /// The output format the driver sets: full resolution, right-justified.
  public var format: ADXL345DataFormat { ADXL345DataFormat(fullResolution: true, leftJustified: false, range: range) }
}
