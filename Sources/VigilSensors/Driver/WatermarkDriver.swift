// A driver for a part with a FIFO watermark interrupt (ADXL345, LIS3DH): rate and watermark from its
// configuration, FIFO depth from its register map.

/// A driver for a part with a FIFO watermark interrupt: its rate and watermark come from its configuration,
/// its FIFO depth from its register map.
public protocol WatermarkDriver: AccelerometerDriver {
  associatedtype Configuration: WatermarkConfiguration
  var configuration: Configuration { get }
  /// FIFO depth, entries.
  static var fifoDepth: Int { get }
}

extension WatermarkDriver {
  public var outputRateMilliHertz: UInt32 { configuration.outputRateMilliHertz }
  public var fifoFrames: Int { Self.fifoDepth }
  public var watermarkFrames: Int { Int(configuration.watermark) }

  /// Refuses a watermark outside 1 ... FIFO depth − 1.
  static func check(_ configuration: Configuration) throws(DriverError) {
    if configuration.watermark == 0 || Int(configuration.watermark) >= fifoDepth { throw .watermarkOutOfRange }
  }
}
