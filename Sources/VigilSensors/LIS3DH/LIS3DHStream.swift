// LIS3DH FIFO drain. FIFO_SRC_REG says how many entries are unread; with FIFO_EN the output registers'
// read pointer rolls back from OUT_Z_H to OUT_X_L, so one auto-increment read (sub-address 0x28 | 0x80) of
// 6·n bytes pops n entries (AN3308, "Retrieving data from FIFO"). A drain is one FIFO_SRC_REG read plus
// ⌈n / k⌉ burst reads, k = the bus's longest read / 6 (5 frames in a 32-byte SMBus block read, the whole
// FIFO in one I2C_RDWR read).

extension LIS3DHDriver {
  /// Frames per burst read: what fits the bus's longest read, at most the FIFO (the read buffer's size).
  var framesPerRead: Int {
    let k = bus.maxReadLength / LIS3DHRegisters.frameBytes
    return k < LIS3DHRegisters.fifoDepth ? k : LIS3DHRegisters.fifoDepth
  }

  /// Drains what FIFO_SRC_REG reports (at most `buffer.count / axes` frames), decoding the first `axes`
  /// axes of each entry. OVRN_FIFO (all 32 slots filled: samples are being overwritten) is an overrun with
  /// no frames: the FIFO must be recovered and a new segment started. A bus error stops the drain; the
  /// frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    typealias R = LIS3DHRegisters
    var result = FIFODrain()
    let status: UInt8
    do { status = try bus.read(register: R.fifoSrcReg) } catch { result.error = .bus(error); return result }
    let count = Int(status & R.fifoSrcCountMask)
    let empty = status & R.fifoSrcEmpty != 0, full = status & R.fifoSrcOverrun != 0
    // EMPTY with unread samples or with OVRN, or neither EMPTY nor OVRN with FSS = 0: no working part says so.
    if empty ? (count != 0 || full) : (count == 0 && !full) {
      result.error = .implausibleStatus(register: R.fifoSrcReg, value: status); return result
    }
    if full { result.overrun = true; return result }
    let capacity = axes > 0 ? buffer.count / axes : 0
    let n = count < capacity ? count : capacity
    let perRead = framesPerRead
    if perRead == 0 { result.error = .bus(.io); return result }
    var raw = InlineArray<192, UInt8>(repeating: 0)               // fifoDepth × frameBytes
    let bits = self.bits
    var i = 0
    while i < n {
      let k = n &- i < perRead ? n &- i : perRead
      let failed: BusError? = withUnsafeMutablePointer(to: &raw) { p in
        p.withMemoryRebound(to: UInt8.self, capacity: 192) { q in
          do throws(BusError) {
            try bus.read(register: R.outXL | R.autoIncrement, into: UnsafeMutableBufferPointer(start: q, count: k &* R.frameBytes))
          } catch { return error }
          var j = 0
          while j < k {
            LIS3DHDecoder.decode(entry: UnsafePointer(q + j &* R.frameBytes), bits: bits, axes: axes,
                                 into: buffer.baseAddress! + (i &+ j) &* axes)
            j &+= 1
          }
          return nil
        }
      }
      if let failed { result.error = .bus(failed); break }
      i &+= k
    }
    result.frames = i
    result.remaining = count &- i
    return result
  }
}
