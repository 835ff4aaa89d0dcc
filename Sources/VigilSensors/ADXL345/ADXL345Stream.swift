// ADXL345 FIFO drain. The part pops one FIFO entry per multi-byte read of DATAX0…DATAZ1 (datasheet Rev. E,
// "Retrieving Data from FIFO"), and the Pi's I2C controller allows one read per transaction, so a drain is
// one FIFO_STATUS read plus one 6-byte read per entry; INT_SOURCE is read only when the FIFO is full
// (an overrun in stream mode always leaves it full), so a normal drain of n entries is n + 1 transactions.
// The burst loop is RegisterBus.drainFrames (FIFOFrameReader.swift); this file says what is particular to
// the part.

extension ADXL345Driver: IdentifiedPart {
  public static var identity: (register: UInt8, value: UInt8) { (ADXL345Registers.devid, ADXL345Registers.devidValue) }

  /// Drains what FIFO_STATUS reports (at most `buffer.count / axes` frames), decoding the first `axes`
  /// axes of each entry, one entry per read. A bus error stops the drain; the frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    let format = configuration.format
    let waiting = Result { () throws(DriverError) in try waitingFrames() }
    return bus.drainFrames(waiting: waiting, register: ADXL345Registers.dataX0,
                           frameBytes: ADXL345Registers.frameBytes, perRead: 1, into: buffer, axes: axes) { frame, out in
      ADXL345Decoder.decode(entry: frame, format: format, axes: axes, into: out)
    }
  }

  /// FIFO_STATUS entries; nil when the FIFO is full and INT_SOURCE says Overrun.
  mutating func waitingFrames() throws(DriverError) -> Int? {
    typealias R = ADXL345Registers
    let status = try bus.value(of: R.fifoStatus)
    let entries = Int(status & R.fifoEntriesMask)
    // 32 in the FIFO plus the sample in the output registers is the most the part reports.
    if entries > R.fifoDepth &+ 1 || status & 0x40 != 0 { throw .implausibleStatus(register: R.fifoStatus, value: status) }
    if entries >= R.fifoDepth, try bus.value(of: R.intSource) & R.intOverrun != 0 { return nil }
    return entries
  }
}
