// `vigil record --seconds S -o FILE.i16`: the sensor's raw counts as interleaved little-endian Int16 (X, Y,
// Z), with FILE.i16.segments.csv (`time_s,frames`: a new segment after every FIFO overrun, so no window
// spans a gap) and FILE.i16.json (rate, axes, counts per g: the sidecar `vigil-sim export` writes), so
// `vigil-sim train / replay / report` read it as it is: the way a user captures their own healthy machine.
// A recording that fails (the sensor, the bus or a write) leaves no file behind: the ones created are removed.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

nonisolated(unsafe) var recordBuffer = InlineArray<4096, UInt8>(repeating: unfoldedZero())

/// Buffered writes to one file; the first failure is kept and reported once.
struct FileOutput {
  var fd: Int32
  var used = 0
  var error: Int32 = 0
  mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
    for b in bytes {
      if used == 4096 { flush() }
      recordBuffer[used] = b
      used &+= 1
    }
  }
  mutating func flush() {
    guard used > 0 else { return }
    if error == 0 {
      let r = withUnsafeMutablePointer(to: &recordBuffer) { p in
        p.withMemoryRebound(to: UInt8.self, capacity: 4096) { vigil_io_write_all(fd, $0, UInt32(truncatingIfNeeded: used)) }
      }
      if r < 0 { error = r }
    }
    used = 0
  }
  /// Flushes, fsyncs and closes: 0 or −errno (the first error of any step).
  mutating func close() -> Int32 {
    flush()
    if error == 0 { let r = vigil_io_fsync(fd); if r < 0 { error = r } }
    let r = vigil_io_close(fd)
    if error == 0 && r < 0 { error = r }
    return error
  }
}

/// `<output><suffix>` as a path.
func sidePath(_ output: FixedPath, _ suffix: StaticString) -> FixedPath? {
  var l = TextLine(); l.put(output); l.put(suffix)
  guard !l.truncated else { return nil }
  return l.withBytes { FixedPath($0) }
}

/// The three files of a recording; each created one is removed again when the recording fails, so a failed
/// `vigil record` never leaves an empty or partial recording behind.
struct RecordingFiles {
  let paths: InlineArray<3, FixedPath>
  var created = 0
  /// Creates the files in order; false (after the message, with the ones created removed) on failure.
  mutating func create(_ fds: inout InlineArray<3, Int32>) -> Bool {
    for i in 0..<3 {
      let fd = paths[i].withCString { vigil_io_create($0) }
      if fd < 0 { report(errno: fd, doing: "cannot create", paths[i]); discard(fds); return false }
      fds[i] = fd; created &+= 1
    }
    return true
  }
  /// Closes the descriptors still open and removes every file created, saying so.
  mutating func discard(_ fds: InlineArray<3, Int32>) {
    for i in 0..<created {
      if fds[i] >= 0 { _ = vigil_io_close(fds[i]) }
      _ = paths[i].withCString { vigil_io_remove($0) }
      var l = TextLine("vigil: removed the incomplete "); l.put(paths[i]); l.writeLine(to: StandardStream.error)
    }
    created = 0
  }
}

func record(_ config: DeviceConfig, milliseconds: UInt32, output: FixedPath) -> Int32 {
  switch config.sensor {
  case .adxl345:
    guard let rate = ADXL345Rate(milliHertz: config.odrMilliHz), let range = ADXL345Range(g: Int(config.rangeG)) else {
      report("odr_hz is not an ADXL345 rate"); return 1
    }
    let c = ADXL345Configuration(rate: rate, range: range, watermark: 16, allowRateAboveI2CLimit: config.allowFastODR)
    return record(config, milliseconds: milliseconds, output: output, countsPerGMilli: 256_000) { (bus) throws(DriverError) in
      try ADXL345Driver(bus: bus, configuration: c)
    }
  case .lis3dh:
    guard let c = lis3dhConfiguration(config) else { return 1 }
    return record(config, milliseconds: milliseconds, output: output, countsPerGMilli: lis3dhScale(rangeG: config.rangeG).countsPerGMilli) {
      (bus) throws(DriverError) in try LIS3DHDriver(bus: bus, configuration: c)
    }
  case .mpu6050:
    guard let c = mpu6050Configuration(config) else { return 1 }
    let countsPerGMilli = UInt64(_truncatingBits: UInt(bitPattern: Int(c.range.countsPerG))) &* 1000
    return record(config, milliseconds: milliseconds, output: output, countsPerGMilli: countsPerGMilli, combinedReads: true) {
      (bus) throws(DriverError) in MPU6050Driver(bus: bus, configuration: c)
    }
  }
}

/// `vigil record` with the driver `makeDriver` builds over the bus (`combinedReads`: see `openBus`);
/// `countsPerGMilli` (thousandths) goes into the sidecar.
func record<D: AccelerometerDriver>(_ config: DeviceConfig, milliseconds: UInt32, output: FixedPath, countsPerGMilli: UInt64,
                                    combinedReads: Bool = false,
                                    driver makeDriver: (LinuxI2CBus) throws(DriverError) -> D) -> Int32 where D.Bus == LinuxI2CBus {
  guard let indexPath = sidePath(output, ".segments.csv"), let metaPath = sidePath(output, ".json") else {
    report("output path too long"); return 1
  }
  // The bus and the line are opened first (nothing is created when they cannot be), then the files (a bad
  // path fails before the sensor is configured); from then on every failure removes the files created.
  guard var bus = openBus(config, address: config.address, combinedReads: combinedReads) else { return 1 }
  guard var line = openLine(config) else { bus.close(); return 1 }
  defer { line.close() }
  var files = RecordingFiles(paths: [output, indexPath, metaPath])
  var fds = InlineArray<3, Int32>(repeating: -1)
  guard files.create(&fds) else { bus.close(); return 1 }
  var samples = FileOutput(fd: fds[0])
  var index = SegmentIndexFile(fd: fds[1], odrMilliHz: config.odrMilliHz)
  var totalFrames: UInt64 = 0
  var overruns: UInt32 = 0
  do throws(DriverError) {
    var d = try makeDriver(bus)
    try d.probe(); try d.configure(); try d.start()
    let timeout = d.timedDrainNanoseconds &+ 1_000_000
    let t0 = line.now()
    let end = t0 &+ UInt64(_truncatingBits: UInt(milliseconds)) &* 1_000_000
    let wanted = UInt64(_truncatingBits: UInt(config.odrMilliHz)) &* UInt64(_truncatingBits: UInt(milliseconds)) / 1_000_000
    index.begin(at: t0)
    // A failed write ends the recording at once (the files are removed below).
    while totalFrames < wanted && samples.error == 0 && index.error == 0 && line.now() < end &+ 1_000_000_000 {
      do throws(BusError) { _ = try line.waitForEdge(timeoutNanoseconds: timeout) } catch { throw .bus(error) }
      while totalFrames < wanted {
        let r = withUnsafeMutablePointer(to: &drainBuffer) { p in
          p.withMemoryRebound(to: Int16.self, capacity: 192) { q in
            let got = d.drain(into: UnsafeMutableBufferPointer(start: q, count: 192), axes: 3)
            var n = got.frames
            if UInt64(_truncatingBits: UInt(bitPattern: n)) > wanted &- totalFrames { n = Int(truncatingIfNeeded: wanted &- totalFrames) }
            q.withMemoryRebound(to: UInt8.self, capacity: 384) { b in
              samples.write(UnsafeBufferPointer(start: b, count: n &* 6))     // little-endian hosts (every Pi)
            }
            totalFrames &+= UInt64(_truncatingBits: UInt(bitPattern: n)); index.add(UInt64(_truncatingBits: UInt(bitPattern: n)))
            return got
          }
        }
        if let e = r.error { throw e }
        if r.overrun {
          overruns &+= 1
          try d.recoverOverrun()
          index.gap(nextAt: line.now())
          break
        }
        if r.remaining == 0 { break }
      }
    }
    index.close()
    try d.stop()
    bus = d.bus
  } catch {
    report(error, bus: config.i2cBus, address: config.address)
    bus.close()
    fds[0] = -1; _ = samples.close()
    files.discard(fds)
    return 1
  }
  bus.close()
  fds[0] = -1
  let r = samples.close()
  if r < 0 { report(errno: r, doing: "cannot write", output); files.discard(fds); return 1 }
  var indexFile = FileOutput(fd: fds[1])   // the rows are written; this fsyncs and closes, or reports their error
  indexFile.error = index.error
  fds[1] = -1
  let ri = indexFile.close()
  if ri < 0 { report(errno: ri, doing: "cannot write", indexPath); files.discard(fds); return 1 }
  var meta = TextLine("{\"axes\": 3, \"countsPerG\": "); meta.put(milli: countsPerGMilli)
  meta.put(", \"description\": \""); meta.put(config.sensor.configName); meta.put(" at ")
  meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz))); meta.put(" Hz, ±"); meta.put(decimal: Int(config.rangeG))
  meta.put(" g (vigil record)\", \"format\": \"vigil-i16\", \"frames\": "); meta.put(decimal: totalFrames)
  meta.put(", \"sampleRate\": "); meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz)))
  meta.put(", \"segments\": "); meta.put(decimal: index.rows); meta.put(", \"sensor\": \""); meta.put(config.sensor.configName); meta.put("@")
  meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz))); meta.put(":"); meta.put(decimal: Int(config.rangeG)); meta.put("\"}\n")
  var metaFile = FileOutput(fd: fds[2])
  meta.withBytes { metaFile.write($0) }
  fds[2] = -1
  let rm = metaFile.close()
  if rm < 0 { report(errno: rm, doing: "cannot write", metaPath); files.discard(fds); return 1 }
  var l = TextLine("vigil: recorded "); l.put(decimal: totalFrames); l.put(" frames in "); l.put(decimal: index.rows)
  l.put(" segment(s), "); l.put(decimal: overruns); l.put(" overruns, to "); l.put(output)
  l.writeLine(to: StandardStream.error)
  return 0
}
