// ADXL345 FIFO drain. The part pops one FIFO entry per multi-byte read of DATAX0…DATAZ1 (datasheet Rev. E,
// "Retrieving Data from FIFO"), and the Pi's I2C controller allows one read per transaction, so a drain is
// one FIFO_STATUS read plus one 6-byte read per entry; INT_SOURCE is read only when the FIFO is full
// (an overrun in stream mode always leaves it full), so a normal drain of n entries is n + 1 transactions.

extension ADXL345Driver {
  /// Drains what FIFO_STATUS reports (at most `buffer.count / axes` frames), decoding the first `axes`
  /// axes of each entry. A bus error stops the drain; the frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    typealias R = ADXL345Registers
    var result = FIFODrain()
    let status: UInt8
    do { status = try bus.read(register: R.fifoStatus) } catch { result.error = .bus(error); return result }
    let entries = Int(status & R.fifoEntriesMask)
    // 32 in the FIFO plus the sample in the output registers is the most the part reports.
    if entries > R.fifoDepth &+ 1 || status & 0x40 != 0 {
      result.error = .implausibleStatus(register: R.fifoStatus, value: status); return result
    }
    if entries >= R.fifoDepth {
      let source: UInt8
      do { source = try bus.read(register: R.intSource) } catch { result.error = .bus(error); return result }
      if source & R.intOverrun != 0 { result.overrun = true; return result }
    }
    let capacity = axes > 0 ? buffer.count / axes : 0
    let n = entries < capacity ? entries : capacity
    var raw: UInt64 = 0                                       // 6 bytes of one entry (8 for alignment)
    let format = configuration.format
    var i = 0
    while i < n {
      let failed: BusError? = withUnsafeMutableBytes(of: &raw) { bytes in
        let p = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        do throws(BusError) { try bus.read(register: R.dataX0, into: UnsafeMutableBufferPointer(start: p, count: R.frameBytes)) } catch { return error }
        ADXL345Decoder.decode(entry: UnsafePointer(p), format: format, axes: axes, into: buffer.baseAddress! + i &* axes)
        return nil
      }
      if let failed { result.error = .bus(failed); break }
      i &+= 1
    }
    result.frames = i
    result.remaining = entries &- i
    return result
  }
}
