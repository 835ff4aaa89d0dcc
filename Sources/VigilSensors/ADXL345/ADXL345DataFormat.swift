// ADXL345 output data → Int16 counts. Datasheet Rev. E, DATA_FORMAT (register 0x31) and DATAX0…DATAZ1
// (0x32–0x37): each axis is a little-endian two's-complement pair (DATAx0 = low byte). Right-justified
// (Justify = 0) the part sign-extends the value into 16 bits; left-justified (Justify = 1) the MSB is at bit
// 15. Resolution: 10 bits in fixed mode; in full-resolution mode 10, 11, 12 or 13 bits at ±2/4/8/16 g
// (always 3.9 mg/LSB, 256 LSB/g).

/// How the part formats its output (DATA_FORMAT's FULL_RES, Justify and Range fields).
public struct ADXL345DataFormat: Sendable, Equatable {
  public var fullResolution: Bool
  public var leftJustified: Bool
  public var range: ADXL345Range
  public init(fullResolution: Bool = true, leftJustified: Bool = false, range: ADXL345Range = .g16) {
    self.fullResolution = fullResolution; self.leftJustified = leftJustified; self.range = range
  }
  /// Significant bits per axis: 10, or 10 + range code in full resolution.
  public var bits: Int { fullResolution ? 10 &+ Int(range.rawValue) : 10 }
  /// The DATA_FORMAT register value (self-test off, INT active high, 4-wire SPI bit clear).
  public var register: UInt8 {
    (fullResolution ? ADXL345Registers.dataFormatFullRes : 0) | (leftJustified ? ADXL345Registers.dataFormatJustify : 0)
      | range.rawValue
  }
}
