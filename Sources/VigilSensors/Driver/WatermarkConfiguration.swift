// What a FIFO-watermark part's configuration states (ADXL345, LIS3DH): the output data rate and the watermark.

/// A part configuration with an output data rate and a FIFO watermark (ADXL345, LIS3DH).
public protocol WatermarkConfiguration {
  /// The output data rate, milli-hertz.
  var outputRateMilliHertz: UInt32 { get }
  /// FIFO entries at which the data-ready line rises (1 ... FIFO depth − 1).
  var watermark: UInt8 { get }
}
