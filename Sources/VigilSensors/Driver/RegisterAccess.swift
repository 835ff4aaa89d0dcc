// What every part's driver does the same way over its bus: register writes and reads with the bus error
// wrapped as a DriverError, and the self-test's averaging of frames drained on the data-ready line.

extension AccelerometerDriver {
  /// Writes one register; a bus failure is `DriverError.bus`.
  @inline(__always)
  mutating func write(_ register: UInt8, _ value: UInt8) throws(DriverError) {
    do { try bus.write(register: register, value: value) } catch { throw .bus(error) }
  }

  /// Reads one register; a bus failure is `DriverError.bus`.
  @inline(__always)
  mutating func read(_ register: UInt8) throws(DriverError) -> UInt8 {
    do { return try bus.read(register: register) } catch { throw .bus(error) }
  }

  /// Mean of `frames` frames after dropping `discard`, waiting on the line (or its 400 ms timeout: the
  /// timed fallback for a missed edge at the self-tests' 100 Hz) for data. An overrun recovers the FIFO and
  /// goes on; five empty drains in a row are `selfTestNoData`.
  mutating func average<Line: DataReadyLine>(frames: Int, discard: Int, line: inout Line) throws(DriverError) -> Axes {
    var buffer = InlineArray<96, Int16>(repeating: 0)
    var sx: Int32 = 0, sy: Int32 = 0, sz: Int32 = 0
    var seen = 0, empty = 0
    while seen < discard &+ frames {
      do { _ = try line.waitForEdge(timeoutNanoseconds: 400_000_000) } catch { throw .bus(error) }
      let d = withUnsafeMutablePointer(to: &buffer) { p in
        p.withMemoryRebound(to: Int16.self, capacity: 96) { drain(into: UnsafeMutableBufferPointer(start: $0, count: 96), axes: 3) }
      }
      if let e = d.error { throw e }
      if d.overrun { try recoverOverrun(); continue }
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
}
