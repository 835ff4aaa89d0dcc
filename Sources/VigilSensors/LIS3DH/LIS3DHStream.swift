// LIS3DH FIFO drain. FIFO_SRC_REG says how many entries are unread; with FIFO_EN the output registers'
// read pointer rolls back from OUT_Z_H to OUT_X_L, so one auto-increment read (sub-address 0x28 | 0x80) of
// 6·n bytes pops n entries (AN3308, "Retrieving data from FIFO"). A drain is one FIFO_SRC_REG read plus
// ⌈n / k⌉ burst reads, k = the bus's longest read / 6 (5 frames in a 32-byte SMBus block read, the whole
// FIFO in one I2C_RDWR read). The burst loop is RegisterBus.drainFrames (FIFOFrameReader.swift); this file
// says what is particular to the part.

extension LIS3DHDriver: IdentifiedPart {
  public static var identity: (register: UInt8, value: UInt8) { (LIS3DHRegisters.whoAmI, LIS3DHRegisters.whoAmIValue) }

  /// Frames per burst read: what fits the bus's longest read, at most the FIFO.
  var framesPerRead: Int {
    let k = bus.maxReadLength / LIS3DHRegisters.frameBytes
    return k < LIS3DHRegisters.fifoDepth ? k : LIS3DHRegisters.fifoDepth
  }

  /// Drains what FIFO_SRC_REG reports (at most `buffer.count / axes` frames), decoding the first `axes`
  /// axes of each entry. OVRN_FIFO (all 32 slots filled: samples are being overwritten) is an overrun with
  /// no frames: the FIFO must be recovered and a new segment started. A bus error stops the drain; the
  /// frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    let bits = self.bits, perRead = framesPerRead
    let waiting = Result { () throws(DriverError) in try waitingFrames() }
    return bus.drainFrames(waiting: waiting,
                           register: LIS3DHRegisters.outXL | LIS3DHRegisters.autoIncrement, frameBytes: LIS3DHRegisters.frameBytes,
                           perRead: perRead, into: buffer, axes: axes) { frame, out in
      LIS3DHDecoder.decode(entry: frame, bits: bits, axes: axes, into: out)
    }
  }

  /// FIFO_SRC_REG's FSS; nil for OVRN_FIFO.
  mutating func waitingFrames() throws(DriverError) -> Int? {
    typealias R = LIS3DHRegisters
    let status = try bus.value(of: R.fifoSrcReg)
    let count = Int(status & R.fifoSrcCountMask)
    let empty = status & R.fifoSrcEmpty != 0, full = status & R.fifoSrcOverrun != 0
    // EMPTY with unread samples or with OVRN, or neither EMPTY nor OVRN with FSS = 0: no working part says so.
    if empty ? (count != 0 || full) : (count == 0 && !full) { throw .implausibleStatus(register: R.fifoSrcReg, value: status) }
    return full ? nil : count
  }
}
