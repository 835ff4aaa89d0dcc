// Register access and sample averaging every part's driver shares: bus errors wrapped as driver errors,
// the mean of a run of frames drained from the FIFO, and the self-test's off/on comparison built on it.

extension AccelerometerDriver {
  /// Writes one register; a bus failure becomes `DriverError.bus`.
  @inline(__always)
  mutating func write(_ register: UInt8, _ value: UInt8) throws(DriverError) {
    do { try bus.write(register: register, value: value) } catch { throw .bus(error) }
  }

  /// Reads one register; a bus failure becomes `DriverError.bus`.
  @inline(__always)
  mutating func read(_ register: UInt8) throws(DriverError) -> UInt8 {
    do { return try bus.read(register: register) } catch { throw .bus(error) }
  }

  /// Mean of `frames` frames after dropping `discard`, draining the FIFO (the part must be measuring).
  /// Waits on `line` (an edge, or `timeoutNanoseconds` for a part without a watermark interrupt or a
  /// missed edge) only when the last drain emptied the FIFO; an overrun is recovered and the frames go on.
  mutating func average<Line: DataReadyLine>(frames: Int, discard: Int, timeoutNanoseconds: UInt64,
                                             line: inout Line) throws(DriverError) -> Axes {
    var buffer = InlineArray<96, Int16>(repeating: 0)
    var sx: Int32 = 0, sy: Int32 = 0, sz: Int32 = 0
    var seen = 0, empty = 0, remaining = 0
    while seen < discard &+ frames {
      if remaining == 0 {
        do { _ = try line.waitForEdge(timeoutNanoseconds: timeoutNanoseconds) } catch { throw .bus(error) }
      }
      let d = withUnsafeMutablePointer(to: &buffer) { p in
        p.withMemoryRebound(to: Int16.self, capacity: 96) { drain(into: UnsafeMutableBufferPointer(start: $0, count: 96), axes: 3) }
      }
      if let e = d.error { throw e }
      remaining = d.remaining
      if d.overrun { try recoverOverrun(); remaining = 0; continue }
      if d.frames == 0 { empty &+= 1; if empty > 4 { throw .selfTestNoData }; continue }
      empty = 0
      var i = 0
      while i < d.frames {
        if seen >= discard && seen < discard &+ frames {
          sx &+= Int32(buffer[3 &* i]); sy &+= Int32(buffer[3 &* i &+ 1]); sz &+= Int32(buffer[3 &* i &+ 2])
        }
        seen &+= 1; i &+= 1
      }
    }
    let n = Int32(truncatingIfNeeded: frames)
    return Axes(x: sx / n, y: sy / n, z: sz / n)
  }

  /// The datasheet self-tests' common core: starts measuring, averages with the self-test off, writes
  /// `register` = `on`, averages again, writes `register` = `off`, reconfigures (standby), and returns the
  /// change (on − off) per axis.
  mutating func selfTestChange<Line: DataReadyLine>(register: UInt8, off: UInt8, on: UInt8, frames: Int, discard: Int,
                                                    timeoutNanoseconds: UInt64, line: inout Line) throws(DriverError) -> Axes {
    try start()
    let a = try average(frames: frames, discard: discard, timeoutNanoseconds: timeoutNanoseconds, line: &line)
    try write(register, on)
    let b = try average(frames: frames, discard: discard, timeoutNanoseconds: timeoutNanoseconds, line: &line)
    try write(register, off)
    try configure()
    return Axes(x: b.x &- a.x, y: b.y &- a.y, z: b.z &- a.z)
  }
}
