// LIS3DH register map and bit fields, from the ST LIS3DH datasheet DocID17530 (Rev 2):
//   Table 17 (register address map: name, type, address, default), section 8 (register descriptions: the
//   bit layouts quoted per register below), Table 31 (CTRL_REG1 ODR codes), Table 3 (operating modes).
// I2C sub-address rule (section 6.1.1): bit 7 of the sub-address (SUB) set = auto-increment over a
// multi-byte read; clear = every byte is read from the same register. With FIFO_EN the read pointer rolls
// back from OUT_Z_H (0x2D) to OUT_X_L (0x28), so one burst of 6·n bytes pops n FIFO entries (AN3308).
// One concept per file: only names and numbers here, one declaration per register (its address, then its bit
// fields and values, as a row of the datasheet table); the driver, stream and decoder use them.

/// LIS3DH register addresses and bit fields (datasheet DocID17530, Table 17 and section 8).
public enum LIS3DHRegisters {
  /// I2C address with SA0 (SDO/SA0 pin) low: 0x18; high: 0x19 (section 6.1.1, Table 15).
  public static let addressSA0Low: UInt8 = 0x18, addressSA0High: UInt8 = 0x19
  /// Set in a sub-address: auto-increment the register address over a multi-byte read.
  public static let autoIncrement: UInt8 = 0x80

  /// WHO_AM_I (R, 0x33).
  public static let whoAmI: UInt8 = 0x0F, whoAmIValue: UInt8 = 0x33
  /// CTRL_REG1 (R/W, reset 0x07): D7:4 ODR3..0 (Table 31; 0000 = power-down), D3 LPen (low-power mode),
  /// D2 Zen, D1 Yen, D0 Xen.
  public static let ctrlReg1: UInt8 = 0x20, ctrlReg1LowPower: UInt8 = 0x08, ctrlReg1XYZ: UInt8 = 0x07
  /// CTRL_REG2 (R/W, 0x00): high-pass filter (left off: the front end removes DC itself).
  public static let ctrlReg2: UInt8 = 0x21
  /// CTRL_REG3 (R/W, 0x00): interrupts on INT1: D7 I1_CLICK, D6 I1_IA1, D5 I1_IA2, D4 I1_ZYXDA,
  /// D3 I1_321DA, D2 I1_WTM (FIFO watermark), D1 I1_OVERRUN (FIFO overrun).
  public static let ctrlReg3: UInt8 = 0x22, ctrlReg3Watermark: UInt8 = 0x04, ctrlReg3Overrun: UInt8 = 0x02
  /// CTRL_REG4 (R/W, 0x00): D7 BDU (block data update), D6 BLE (1 = big-endian), D5:4 FS1..0 (±2/4/8/16 g),
  /// D3 HR (high-resolution), D2:1 ST1..0 (00 normal, 01 self-test 0, 10 self-test 1), D0 SIM.
  public static let ctrlReg4: UInt8 = 0x23, ctrlReg4BDU: UInt8 = 0x80, ctrlReg4BigEndian: UInt8 = 0x40, ctrlReg4HighResolution: UInt8 = 0x08,
                    ctrlReg4SelfTest0: UInt8 = 0x02, ctrlReg4SelfTest1: UInt8 = 0x04, ctrlReg4SelfTestMask: UInt8 = 0x06,
                    ctrlReg4ScaleShift: UInt8 = 4
  /// CTRL_REG5 (R/W, 0x00): D7 BOOT (reload trimming), D6 FIFO_EN, D3 LIR_INT1, D2 D4D_INT1.
  public static let ctrlReg5: UInt8 = 0x24, ctrlReg5Boot: UInt8 = 0x80, ctrlReg5FIFOEnable: UInt8 = 0x40
  /// CTRL_REG6 (R/W, 0x00): D1 INT_POLARITY (1 = active low).
  public static let ctrlReg6: UInt8 = 0x25, ctrlReg6ActiveLow: UInt8 = 0x02
  /// STATUS_REG (R): D7 ZYXOR (overwritten before read), D3 ZYXDA (new X, Y, Z data).
  public static let statusReg: UInt8 = 0x27, statusOverrun: UInt8 = 0x80, statusDataReady: UInt8 = 0x08
  /// OUT_X_L ... OUT_Z_H (R): X, Y, Z as little-endian (BLE = 0) two's complement, left-justified.
  public static let outXL: UInt8 = 0x28, outZH: UInt8 = 0x2D, frameBytes = 6
  /// FIFO_CTRL_REG (R/W, 0x00): D7:6 FM1..0 (00 bypass, 01 FIFO, 10 stream, 11 stream-to-FIFO), D5 TR
  /// (trigger on INT1), D4:0 FTH (watermark level).
  public static let fifoCtrlReg: UInt8 = 0x2E, fifoModeBypass: UInt8 = 0x00, fifoModeFIFO: UInt8 = 0x40, fifoModeStream: UInt8 = 0x80,
                    fifoModeMask: UInt8 = 0xC0, fifoThresholdMask: UInt8 = 0x1F
  /// FIFO_SRC_REG (R): D7 WTM (content at or above FTH), D6 OVRN_FIFO (all 32 slots filled: the next sample
  /// overwrites the oldest), D5 EMPTY, D4:0 FSS (unread samples).
  public static let fifoSrcReg: UInt8 = 0x2F, fifoSrcWatermark: UInt8 = 0x80, fifoSrcOverrun: UInt8 = 0x40, fifoSrcEmpty: UInt8 = 0x20,
                    fifoSrcCountMask: UInt8 = 0x1F
  /// FIFO depth, entries (section 3.5: 32 levels of X, Y, Z).
  public static let fifoDepth = 32
}
