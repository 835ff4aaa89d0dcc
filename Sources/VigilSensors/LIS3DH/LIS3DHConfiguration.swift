// LIS3DH driver: probe by WHO_AM_I, configure rate / range / high resolution / FIFO stream with a watermark
// on INT1, start and power-down, self-test. Pure register logic over a generic RegisterBus (datasheet
// DocID17530; register map in LIS3DHRegisters.swift). The FIFO drain is in LIS3DHStream.swift.

/// How to run a LIS3DH.
public struct LIS3DHConfiguration: WatermarkConfiguration, Sendable, Equatable {
  /// Output data rate (default 1344 Hz: the highest in high-resolution mode).
  public var rate: LIS3DHRate
  /// Full-scale range (high-resolution mode: 1, 2, 4, 12 mg per digit at ±2/4/8/16 g).
  public var range: LIS3DHRange
  /// FIFO level (FTH) at which INT1 rises (1 ... 31; default 16 = half the FIFO: 12 ms of slack at 1344 Hz).
  public var watermark: UInt8
  public var outputRateMilliHertz: UInt32 { rate.milliHertz }
  public init(rate: LIS3DHRate = .hz1344, range: LIS3DHRange = .g16, watermark: UInt8 = 16) {
    self.rate = rate; self.range = range; self.watermark = watermark
  }
  /// CTRL_REG1: the rate's ODR code, normal/high-resolution mode (LPen = 0), X, Y and Z on.
  public var ctrlReg1: UInt8 { rate.register | LIS3DHRegisters.ctrlReg1XYZ }
  /// CTRL_REG4: block data update, little-endian, the range, high resolution, self-test off.
  public var ctrlReg4: UInt8 {
    LIS3DHRegisters.ctrlReg4BDU | range.rawValue &<< LIS3DHRegisters.ctrlReg4ScaleShift | LIS3DHRegisters.ctrlReg4HighResolution
  }
  /// FIFO_CTRL_REG: stream mode with the watermark.
  public var fifoCtrl: UInt8 { LIS3DHRegisters.fifoModeStream | watermark }
}
