// ADXL345 register map and bit fields, from the Analog Devices ADXL345 datasheet, Rev. E:
//   Table 19 (register map: address, name, access, reset value), the "Register Definitions" section
//   (bit layouts quoted per register below), Table 7 (output data rate codes of BW_RATE).
// One concept per file: only names and numbers here, one declaration per register (its address, then its bit
// fields and values, as a row of the datasheet table); the driver, stream and decoder use them.

/// ADXL345 register addresses and bit fields (datasheet Rev. E, Table 19 and "Register Definitions").
public enum ADXL345Registers {
  /// I2C address with ALT ADDRESS (pin 12) low: 0x53; high: 0x1D.
  public static let addressAltLow: UInt8 = 0x53, addressAltHigh: UInt8 = 0x1D

  /// DEVID, read-only, 0xE5.
  public static let devid: UInt8 = 0x00, devidValue: UInt8 = 0xE5
  /// OFSX/OFSY/OFSZ offset trims (R/W, 0x00).
  public static let ofsx: UInt8 = 0x1E
  /// BW_RATE (R/W, reset 0x0A = 100 Hz): D4 LOW_POWER, D3:0 rate code (Table 7).
  public static let bwRate: UInt8 = 0x2C, bwRateLowPower: UInt8 = 0x10
  /// POWER_CTL (R/W, 0x00): D5 Link, D4 AUTO_SLEEP, D3 Measure, D2 Sleep, D1:0 Wakeup. 0 = standby.
  public static let powerCtl: UInt8 = 0x2D, powerCtlMeasure: UInt8 = 0x08
  /// INT_ENABLE (R/W, 0x00), INT_MAP (R/W, 0x00: every source on INT1; 1 = INT2), INT_SOURCE (R, 0x02):
  /// D7 DATA_READY, D6 SINGLE_TAP, D5 DOUBLE_TAP, D4 Activity, D3 Inactivity, D2 FREE_FALL,
  /// D1 Watermark, D0 Overrun. DATA_READY, Watermark and Overrun are set in INT_SOURCE whatever
  /// INT_ENABLE says, and clear when the data are read.
  public static let intEnable: UInt8 = 0x2E, intMap: UInt8 = 0x2F, intSource: UInt8 = 0x30, intDataReady: UInt8 = 0x80,
                    intWatermark: UInt8 = 0x02, intOverrun: UInt8 = 0x01
  /// DATA_FORMAT (R/W, 0x00): D7 SELF_TEST, D6 SPI (3-wire), D5 INT_INVERT (1 = active low), D3 FULL_RES,
  /// D2 Justify (1 = left/MSB), D1:0 Range (00 ±2 g, 01 ±4 g, 10 ±8 g, 11 ±16 g).
  public static let dataFormat: UInt8 = 0x31, dataFormatSelfTest: UInt8 = 0x80, dataFormatIntInvert: UInt8 = 0x20,
                    dataFormatFullRes: UInt8 = 0x08, dataFormatJustify: UInt8 = 0x04
  /// DATAX0 ... DATAZ1 (R): X, Y, Z as little-endian two's complement pairs. Reading all six in one
  /// multi-byte read pops one FIFO entry (one entry per read: "Retrieving Data from FIFO").
  public static let dataX0: UInt8 = 0x32, frameBytes = 6
  /// FIFO_CTL (R/W, 0x00): D7:6 FIFO_MODE (00 bypass, 01 FIFO, 10 stream, 11 trigger), D5 Trigger
  /// (0 = INT1), D4:0 Samples (the watermark, in entries).
  public static let fifoCtl: UInt8 = 0x38, fifoModeBypass: UInt8 = 0x00, fifoModeStream: UInt8 = 0x80
  /// FIFO_STATUS (R, 0x00): D7 FIFO_TRIG, D5:0 Entries (samples held; at most 32 + the output registers).
  public static let fifoStatus: UInt8 = 0x39, fifoEntriesMask: UInt8 = 0x3F
  /// FIFO depth, entries.
  public static let fifoDepth = 32
}
