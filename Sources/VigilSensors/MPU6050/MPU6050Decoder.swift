// MPU-6050 FIFO data → Int16 counts. Register Map Rev. 4.2, 4.17 (ACCEL_XOUT_H … ACCEL_ZOUT_L) and 4.34
// (FIFO_R_W: samples in register order): each axis is a big-endian two's-complement pair (high byte first),
// 16 significant bits at every range; the sensitivity (16384/8192/4096/2048 LSB/g at ±2/4/8/16 g) is the
// range's, not the decoder's.

/// Decodes MPU-6050 FIFO samples (6 bytes each with ACCEL_FIFO_EN only) into interleaved Int16 frames.
public enum MPU6050Decoder {
  /// One axis from its two data bytes (high first).
  @inline(__always)
  public static func decode(high: UInt8, low: UInt8) -> Int16 {
    Int16(bitPattern: UInt16(high) &<< 8 | UInt16(low))
  }

  /// Decodes one sample (`sample[0...5]` = ACCEL_XOUT_H … ACCEL_ZOUT_L) into `out[0..<axes]` (X, Y, Z
  /// order; `axes` 1...3 keeps the first ones).
  @inline(__always)
  public static func decode(sample: UnsafePointer<UInt8>, axes: Int, into out: UnsafeMutablePointer<Int16>) {
    var a = 0
    while a < axes {
      out[a] = decode(high: sample[2 &* a], low: sample[2 &* a &+ 1])
      a &+= 1
    }
  }
}
