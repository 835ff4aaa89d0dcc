// The FIFO drain every part's driver shares (the identity probe: IdentifiedPart.swift). What differs
// between the ADXL345, the LIS3DH and the MPU-6050 is only the status read that says how many frames wait (or that the FIFO
// overran), the register a data read starts at, how many frames one bus read may pop, and the decoder;
// each part states those in its *Stream.swift and hands them to `RegisterBus.drainFrames`, which reads the
// frames in as few bus reads as that allows.
//
// The hot-path helpers are on RegisterBus and called on the driver's stored `bus`: code generic over
// AccelerometerDriver reaches `bus` through the protocol's accessor, which the unspecialised host (debug)
// build pays for with a heap allocation per access.

/// The largest burst `drainFrames` reads, bytes (64 six-byte frames).
let burstScratchBytes = 384

extension RegisterBus {
  /// Reads one register; a bus failure becomes `DriverError.bus`.
  @inline(__always)
  mutating func value(of register: UInt8) throws(DriverError) -> UInt8 {
    do { return try read(register: register) } catch { throw .bus(error) }
  }

  /// Reads `count` (at most `N`) consecutive bytes from `register` in one transaction into `bytes`; a bus
  /// failure becomes `DriverError.bus`.
  mutating func read<let N: Int>(_ register: UInt8, count: Int, into bytes: inout InlineArray<N, UInt8>) throws(DriverError) {
    let failed: BusError? = withUnsafeMutablePointer(to: &bytes) { b in
      b.withMemoryRebound(to: UInt8.self, capacity: N) { p in
        do throws(BusError) { try read(register: register, into: UnsafeMutableBufferPointer(start: p, count: count)) } catch { return error }
        return nil
      }
    }
    if let failed { throw .bus(failed) }
  }

  /// A FIFO drain: `waiting` is the part's status read (the frames waiting, nil for an overrun, or the error
  /// that stopped it); then at most `buffer.count / axes` frames of `frameBytes` are read from `register` in
  /// bursts of at most `perRead` frames (`perRead` < 1: the bus cannot read a frame, `.bus(.io)`), each
  /// frame's first `axes` axes decoded into `buffer` by `decode(frame, out)`. A bus error stops the drain;
  /// the frames before it are valid.
  mutating func drainFrames(waiting: Result<Int?, DriverError>, register: UInt8, frameBytes: Int, perRead: Int,
                            into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int,
                            decode: (UnsafePointer<UInt8>, UnsafeMutablePointer<Int16>) -> Void) -> FIFODrain {
    var result = FIFODrain()
    let count: Int
    switch waiting {
    case .failure(let e): result.error = e; return result
    case .success(nil): result.overrun = true; return result
    case .success(let n?): count = n
    }
    let capacity = axes > 0 ? buffer.count / axes : 0
    let n = count < capacity ? count : capacity
    if perRead < 1 { result.error = .bus(.io); return result }
    var scratch = InlineArray<384, UInt8>(repeating: 0)
    var done = 0
    while done < n {
      let burst = n &- done < perRead ? n &- done : perRead
      let failed: BusError? = withUnsafeMutablePointer(to: &scratch) { s in
        s.withMemoryRebound(to: UInt8.self, capacity: burstScratchBytes) { p in
          do throws(BusError) {
            try read(register: register, into: UnsafeMutableBufferPointer(start: p, count: burst &* frameBytes))
          } catch { return error }
          var i = 0
          while i < burst {
            decode(UnsafePointer(p + i &* frameBytes), buffer.baseAddress! + (done &+ i) &* axes)
            i &+= 1
          }
          return nil
        }
      }
      if let failed { result.error = .bus(failed); break }
      done &+= burst
    }
    result.frames = done
    result.remaining = count &- done
    return result
  }
}
