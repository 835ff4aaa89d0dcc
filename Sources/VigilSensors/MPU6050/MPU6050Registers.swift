// MPU-6050 register map and bit fields, from the InvenSense "MPU-6000 and MPU-6050 Register Map and
// Descriptions", Revision 4.2 (RM-MPU-6000A-00): section 3 (register map: address, name, access), sections
// 4.1–4.33 (bit layouts quoted per register below), and the "MPU-6000/MPU-6050 Product Specification",
// Revision 3.4: Table 6.2 (accelerometer sensitivity, self-test response), section 7.17 (1024-byte FIFO).
// One concept per file: only names and numbers here, one declaration per register (its address, then its bit
// fields and values, as a row of the datasheet table); the driver, stream and decoder use them.

/// MPU-6050 register addresses and bit fields (Register Map Rev. 4.2).
public enum MPU6050Registers {
  /// I2C address with AD0 (pin 9) low: 0x68; high: 0x69 (section 4.32: WHO_AM_I ignores AD0).
  public static let addressAD0Low: UInt8 = 0x68, addressAD0High: UInt8 = 0x69

  /// SELF_TEST_X/Y/Z (R/W, factory-set, 4.1): D7:5 XA_TEST[4:2] (YA, ZA), D4:0 XG_TEST (gyro).
  public static let selfTestX: UInt8 = 0x0D, selfTestY: UInt8 = 0x0E, selfTestZ: UInt8 = 0x0F
  /// SELF_TEST_A (R/W, factory-set, 4.1): D5:4 XA_TEST[1:0], D3:2 YA_TEST[1:0], D1:0 ZA_TEST[1:0].
  public static let selfTestA: UInt8 = 0x10
  /// SMPLRT_DIV (R/W, 4.2): Sample Rate = Gyroscope Output Rate / (1 + SMPLRT_DIV); the gyroscope output
  /// rate is 1 kHz when the DLPF is enabled (DLPF_CFG 1...6), 8 kHz when not (0 or 7).
  public static let smplrtDiv: UInt8 = 0x19
  /// CONFIG (R/W, 4.3): D5:3 EXT_SYNC_SET, D2:0 DLPF_CFG (accelerometer bandwidth 260, 184, 94, 44, 21, 10,
  /// 5 Hz for 0...6).
  public static let config: UInt8 = 0x1A
  /// ACCEL_CONFIG (R/W, 4.5): D7 XA_ST, D6 YA_ST, D5 ZA_ST (self-test per axis), D4:3 AFS_SEL (±2/4/8/16 g).
  public static let accelConfig: UInt8 = 0x1C, accelSelfTestXYZ: UInt8 = 0xE0, accelRangeShift: UInt8 = 3
  /// FIFO_EN (R/W, 4.6): D7 TEMP, D6:4 XG/YG/ZG, D3 ACCEL_FIFO_EN (ACCEL_XOUT_H … ACCEL_ZOUT_L, 6 bytes per
  /// sample), D2:0 SLV2/1/0.
  public static let fifoEnable: UInt8 = 0x23, fifoEnableAccel: UInt8 = 0x08
  /// INT_PIN_CFG (R/W, 4.15): D7 INT_LEVEL (1 = active low), D6 INT_OPEN, D5 LATCH_INT_EN (1 = held high
  /// until cleared; 0 = 50 µs pulse), D4 INT_RD_CLEAR (0 = cleared only by reading INT_STATUS).
  public static let intPinConfig: UInt8 = 0x37, intPinActiveLow: UInt8 = 0x80, intPinLatch: UInt8 = 0x20
  /// INT_ENABLE (R/W, 4.16) and INT_STATUS (R, cleared by reading, 4.17): D4 FIFO_OFLOW, D3 I2C_MST_INT,
  /// D0 DATA_RDY. There is no FIFO watermark interrupt.
  public static let intEnable: UInt8 = 0x38, intStatus: UInt8 = 0x3A, intFIFOOverflow: UInt8 = 0x10, intDataReady: UInt8 = 0x01
  /// ACCEL_XOUT_H … ACCEL_ZOUT_L (R, 4.17): X, Y, Z as big-endian two's-complement pairs.
  public static let accelXOutH: UInt8 = 0x3B
  /// USER_CTRL (R/W, 4.29): D6 FIFO_EN, D5 I2C_MST_EN, D4 I2C_IF_DIS, D2 FIFO_RESET (resets the FIFO while
  /// FIFO_EN is 0; clears itself), D1 I2C_MST_RESET, D0 SIG_COND_RESET.
  public static let userControl: UInt8 = 0x6A, userFIFOEnable: UInt8 = 0x40, userFIFOReset: UInt8 = 0x04
  /// PWR_MGMT_1 (R/W, reset 0x40 = asleep, 4.30): D7 DEVICE_RESET, D6 SLEEP, D5 CYCLE, D3 TEMP_DIS,
  /// D2:0 CLKSEL (0 internal 8 MHz, 1 PLL with X-gyro reference: the recommended clock).
  public static let powerManagement1: UInt8 = 0x6B, powerDeviceReset: UInt8 = 0x80, powerSleep: UInt8 = 0x40, powerClockPLLX: UInt8 = 0x01
  /// PWR_MGMT_2 (R/W, 4.31): standby bits per axis.
  public static let powerManagement2: UInt8 = 0x6C
  /// FIFO_COUNTH/FIFO_COUNTL (R, 4.33): bytes in the FIFO, big-endian (at most 1024).
  public static let fifoCountH: UInt8 = 0x72, fifoCountL: UInt8 = 0x73
  /// FIFO_R_W (R/W, 4.34): reading pops the FIFO; a burst read keeps reading it (no auto-increment).
  public static let fifoReadWrite: UInt8 = 0x74
  /// WHO_AM_I (R, 4.32): 0x68 (bits 6:1 of the address; AD0 is not reflected).
  public static let whoAmI: UInt8 = 0x75, whoAmIValue: UInt8 = 0x68

  /// FIFO size, bytes (Product Specification 7.17).
  public static let fifoBytes = 1024
  /// Bytes per FIFO sample with only ACCEL_FIFO_EN set.
  public static let frameBytes = 6
  /// Whole accelerometer samples the FIFO holds: ⌊1024 / 6⌋ = 170 (1020 bytes).
  public static let fifoDepth = fifoBytes / frameBytes
}
