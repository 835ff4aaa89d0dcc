// ADXL345 output data → Int16 counts. Datasheet Rev. E, DATA_FORMAT (register 0x31) and DATAX0…DATAZ1
// (0x32–0x37): each axis is a little-endian two's-complement pair (DATAx0 = low byte). Right-justified
// (Justify = 0) the part sign-extends the value into 16 bits; left-justified (Justify = 1) the MSB is at bit
// 15. Resolution: 10 bits in fixed mode; in full-resolution mode 10, 11, 12 or 13 bits at ±2/4/8/16 g
// (always 3.9 mg/LSB, 256 LSB/g).

/// Decodes ADXL345 FIFO entries (6 bytes each) into interleaved Int16 frames.
public enum ADXL345Decoder {
  /// One axis from its two data bytes.
  @inline(__always)
  public static func decode(low: UInt8, high: UInt8, format: ADXL345DataFormat) -> Int16 {
    let raw = Int16(bitPattern: UInt16(high) &<< 8 | UInt16(low))
    return format.leftJustified ? raw &>> Int16(16 &- format.bits) : raw
  }

  /// Decodes one entry (`entry[0...5]` = DATAX0 … DATAZ1) into `out[0..<axes]` (X, Y, Z order; `axes`
  /// 1...3 keeps the first ones).
  @inline(__always)
  public static func decode(entry: UnsafePointer<UInt8>, format: ADXL345DataFormat, axes: Int,
                            into out: UnsafeMutablePointer<Int16>) {
    var a = 0
    while a < axes {
      out[a] = decode(low: entry[2 &* a], high: entry[2 &* a &+ 1], format: format)
      a &+= 1
    }
  }
}
