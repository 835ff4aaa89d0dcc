// ADXL345 register map and bit fields, from the Analog Devices ADXL345 datasheet, Rev. E:
//   Table 19 (register map: address, name, access, reset value), the "Register Definitions" section
//   (bit layouts quoted per register below), Table 7 (output data rate codes of BW_RATE).
// One concept per file: only names and numbers here; the driver, stream and decoder use them.

/// ADXL345 output data rates: BW_RATE rate codes of datasheet Rev. E, Table 7 (normal power).
public enum ADXL345Rate: UInt8, Sendable {
  case hz6_25 = 0x06, hz12_5 = 0x07, hz25 = 0x08, hz50 = 0x09, hz100 = 0x0A, hz200 = 0x0B, hz400 = 0x0C,
       hz800 = 0x0D, hz1600 = 0x0E, hz3200 = 0x0F

  /// The rate in milli-hertz (6250 ... 3,200,000).
  public var milliHertz: UInt32 { 6250 &<< UInt32(rawValue &- 0x06) }

  /// The rate with this many milli-hertz, if the part has it.
  public init?(milliHertz: UInt32) {
    var code: UInt8 = 0x06
    while code <= 0x0F {
      if 6250 &<< UInt32(code &- 0x06) == milliHertz { self.init(rawValue: code); return }
      code &+= 1
    }
    return nil
  }
}
