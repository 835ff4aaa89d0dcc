// MPU-6050 FIFO drain. FIFO_COUNTH/L (big-endian) say how many bytes the FIFO holds; reading FIFO_R_W pops
// them, and a burst read keeps reading FIFO_R_W (Register Map Rev. 4.2, 4.33–4.34), so whole samples are
// read many at a time: as many as the bus's longest read allows (5 per 30-byte SMBus block read, 64 per
// I2C_RDWR read into the 384-byte scratch buffer). INT_STATUS is read only when the FIFO is full: an
// overflow drops the oldest bytes and leaves 1024 bytes (not a multiple of 6), FIFO_OFLOW_INT set.

extension MPU6050Driver {
  /// Scratch bytes for one burst (64 samples).
  static var scratchBytes: Int { 384 }

  /// Drains what FIFO_COUNT reports (at most `buffer.count / axes` frames), decoding the first `axes` axes
  /// of each sample. A bus error stops the drain; the frames before it are valid.
  public mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain {
    typealias R = MPU6050Registers
    var result = FIFODrain()
    var countBytes = InlineArray<2, UInt8>(repeating: 0)               // FIFO_COUNTH, FIFO_COUNTL
    let failed: BusError? = withUnsafeMutablePointer(to: &countBytes) { c in
      c.withMemoryRebound(to: UInt8.self, capacity: 2) { p in
        do throws(BusError) { try bus.read(register: R.fifoCountH, into: UnsafeMutableBufferPointer(start: p, count: 2)) } catch { return error }
        return nil
      }
    }
    if let failed { result.error = .bus(failed); return result }
    let high = countBytes[0]
    let count = Int(UInt16(high) &<< 8 | UInt16(countBytes[1]))
    if count > R.fifoBytes { result.error = .implausibleStatus(register: R.fifoCountH, value: high); return result }
    if count >= R.fifoDepth &* R.frameBytes {
      let status: UInt8
      do { status = try bus.read(register: R.intStatus) } catch { result.error = .bus(error); return result }
      if status & R.intFIFOOverflow != 0 || count % R.frameBytes != 0 { result.overrun = true; return result }
    }
    let entries = count / R.frameBytes
    let capacity = axes > 0 ? buffer.count / axes : 0
    let n = entries < capacity ? entries : capacity
    var maxRead = bus.maxReadLength < Self.scratchBytes ? bus.maxReadLength : Self.scratchBytes
    maxRead = maxRead / R.frameBytes
    if maxRead < 1 { result.error = .bus(.io); return result }
    var scratch = InlineArray<384, UInt8>(repeating: 0)
    var done = 0
    while done < n {
      let burst = n &- done < maxRead ? n &- done : maxRead
      let err: BusError? = withUnsafeMutablePointer(to: &scratch) { s in
        s.withMemoryRebound(to: UInt8.self, capacity: Self.scratchBytes) { p in
          do throws(BusError) {
            try bus.read(register: R.fifoReadWrite, into: UnsafeMutableBufferPointer(start: p, count: burst &* R.frameBytes))
          } catch { return error }
          var i = 0
          while i < burst {
            MPU6050Decoder.decode(sample: UnsafePointer(p + i &* R.frameBytes), axes: axes,
                                  into: buffer.baseAddress! + (done &+ i) &* axes)
            i &+= 1
          }
          return nil
        }
      }
      if let err { result.error = .bus(err); break }
      done &+= burst
    }
    result.frames = done
    result.remaining = entries &- done
    return result
  }
}
