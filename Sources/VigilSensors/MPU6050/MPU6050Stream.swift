// MPU-6050 FIFO drain. FIFO_COUNTH/L (big-endian) say how many bytes the FIFO holds; reading FIFO_R_W pops
// them, and a burst read keeps reading FIFO_R_W (Register Map Rev. 4.2, 4.33–4.34), so whole samples are
// read many at a time: as many as the bus's longest read allows (5 per 30-byte SMBus block read, 64 per
// I2C_RDWR read into the 384-byte scratch buffer). INT_STATUS is read only when the FIFO is full: an
// overflow drops the oldest bytes and leaves 1024 bytes (not a multiple of 6), FIFO_OFLOW_INT set.
// The burst loop is RegisterBus.drainFrames (FIFOFrameReader.swift); this file says what is particular to
// the part.

extension MPU6050Driver: IdentifiedPart {
  public static var identity: (register: UInt8, value: UInt8) { (MPU6050Registers.whoAmI, MPU6050Registers.whoAmIValue) }

  /// Drains what FIFO_COUNT reports (at most `buffer.count / axes` frames), decoding the first `axes` axes
  /// of each sample. A bus error stops the drain; the frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    let perRead = (bus.maxReadLength < burstScratchBytes ? bus.maxReadLength : burstScratchBytes) / MPU6050Registers.frameBytes
    let waiting = Result { () throws(DriverError) in try waitingFrames() }
    return bus.drainFrames(waiting: waiting, register: MPU6050Registers.fifoReadWrite,
                           frameBytes: MPU6050Registers.frameBytes, perRead: perRead, into: buffer, axes: axes) { frame, out in
      MPU6050Decoder.decode(sample: frame, axes: axes, into: out)
    }
  }

  /// FIFO_COUNT in whole samples; nil when the FIFO is full and INT_STATUS says FIFO_OFLOW or the count is
  /// not a whole number of samples.
  mutating func waitingFrames() throws(DriverError) -> Int? {
    typealias R = MPU6050Registers
    var countBytes = InlineArray<2, UInt8>(repeating: 0)               // FIFO_COUNTH, FIFO_COUNTL
    try bus.read(R.fifoCountH, count: 2, into: &countBytes)
    let high = countBytes[0]
    let count = Int(UInt16(high) &<< 8 | UInt16(countBytes[1]))
    if count > R.fifoBytes { throw .implausibleStatus(register: R.fifoCountH, value: high) }
    if count >= R.fifoDepth &* R.frameBytes {
      let status = try bus.value(of: R.intStatus)
      if status & R.intFIFOOverflow != 0 || count % R.frameBytes != 0 { return nil }
    }
    return count / R.frameBytes
  }
}
