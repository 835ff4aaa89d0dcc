// `vigil record --seconds S -o FILE.i16`: the sensor's raw counts as interleaved little-endian Int16 (X, Y,
// Z), with FILE.i16.segments.csv (`time_s,frames`: a new segment after every FIFO overrun, so no window
// spans a gap) and FILE.i16.json (rate, axes, counts per g: the sidecar `vigil-sim export` writes), so
// `vigil-sim train / replay / report` read it as it is: the way a user captures their own healthy machine.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

nonisolated(unsafe) var recordBuffer = InlineArray<4096, UInt8>(repeating: 0)

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

func record(_ config: DeviceConfig, milliseconds: UInt32, output: FixedPath) -> Int32 {
  switch config.sensor {
  case .adxl345:
    guard let rate = ADXL345Rate(milliHertz: config.odrMilliHz), let range = ADXL345Range(g: Int(config.rangeG)) else {
      report("odr_hz is not an ADXL345 rate"); return 1
    }
    return record(config, milliseconds: milliseconds, output: output, countsPerG: 256) { (bus) throws(DriverError) in
      try ADXL345Driver(bus: bus, configuration: ADXL345Configuration(rate: rate, range: range, watermark: 16,
                                                                      allowRateAboveI2CLimit: config.allowFastODR))
    }
  case .mpu6050:
    guard let c = mpu6050Configuration(config) else { return 1 }
    return record(config, milliseconds: milliseconds, output: output, countsPerG: Int(truncatingIfNeeded: c.range.countsPerG), combinedReads: true) {
      (bus) throws(DriverError) in MPU6050Driver(bus: bus, configuration: c)
    }
  default:
    return unsupported(config)
  }
}

/// `vigil record` with the driver `make` puts on the opened bus; `countsPerG` goes into the sidecar.
func record<D: AccelerometerDriver>(_ config: DeviceConfig, milliseconds: UInt32, output: FixedPath, countsPerG: Int,
                                    combinedReads: Bool = false,
                                    make: (LinuxI2CBus) throws(DriverError) -> D) -> Int32 where D.Bus == LinuxI2CBus {
  guard let indexPath = sidePath(output, ".segments.csv"), let metaPath = sidePath(output, ".json") else {
    report("output path too long"); return 1
  }
  // Every output is created before the sensor is touched: a bad path fails first.
  let fd = output.withCString { vigil_io_create($0) }
  if fd < 0 { report(errno: fd, doing: "cannot create", output); return 1 }
  let ifd = indexPath.withCString { vigil_io_create($0) }
  if ifd < 0 { report(errno: ifd, doing: "cannot create", indexPath); _ = vigil_io_close(fd); return 1 }
  let mfd = metaPath.withCString { vigil_io_create($0) }
  if mfd < 0 { report(errno: mfd, doing: "cannot create", metaPath); _ = vigil_io_close(fd); _ = vigil_io_close(ifd); return 1 }
  var samples = FileOutput(fd: fd)
  guard var bus = openBus(config, address: config.address, combinedReads: combinedReads) else {
    _ = samples.close(); _ = vigil_io_close(ifd); _ = vigil_io_close(mfd); return 1
  }
  guard var line = openLine(config) else {
    bus.close(); _ = samples.close(); _ = vigil_io_close(ifd); _ = vigil_io_close(mfd); return 1
  }
  defer { line.close() }
  var index = TextLine("time_s,frames\n")
  var totalFrames: UInt64 = 0, segments = 0, segmentFrames: UInt64 = 0, segmentStart: UInt64 = 0
  var overruns: UInt32 = 0
  do throws(DriverError) {
    var d = try make(bus)
    try d.probe(); try d.configure(); try d.start()
    let timeout = d.timedDrainNanoseconds &+ 1_000_000
    let t0 = line.now()
    let end = t0 &+ UInt64(_truncatingBits: UInt(milliseconds)) &* 1_000_000
    let wanted = UInt64(_truncatingBits: UInt(config.odrMilliHz)) &* UInt64(_truncatingBits: UInt(milliseconds)) / 1_000_000
    func closeSegment() {
      if segmentFrames > 0 {
        index.put(ratio: Int64(bitPattern: (segmentStart &- t0) / 1_000_000), over: 1000, fractionDigits: 3)
        index.put(","); index.put(decimal: segmentFrames); index.put("\n")
        segments &+= 1
      }
      segmentFrames = 0
    }
    segmentStart = t0
    while totalFrames < wanted && line.now() < end &+ 1_000_000_000 {
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
            totalFrames &+= UInt64(_truncatingBits: UInt(bitPattern: n)); segmentFrames &+= UInt64(_truncatingBits: UInt(bitPattern: n))
            return got
          }
        }
        if let e = r.error { throw e }
        if r.overrun {
          overruns &+= 1
          try d.recoverOverrun()
          closeSegment()
          segmentStart = line.now()
          break
        }
        if r.remaining == 0 { break }
      }
    }
    closeSegment()
    try d.stop()
    bus = d.bus
  } catch {
    report(error, bus: config.i2cBus, address: config.address)
    bus.close(); _ = samples.close(); _ = vigil_io_close(ifd); _ = vigil_io_close(mfd)
    return 1
  }
  bus.close()
  var status: Int32 = 0
  let r = samples.close()
  if r < 0 { report(errno: r, doing: "cannot write", output); status = 1 }
  var indexFile = FileOutput(fd: ifd)
  index.withBytes { indexFile.write($0) }
  let ri = indexFile.close()
  if ri < 0 { report(errno: ri, doing: "cannot write", indexPath); status = 1 }
  var meta = TextLine("{\"axes\": 3, \"countsPerG\": "); meta.put(decimal: countsPerG)
  meta.put(", \"description\": \""); meta.put(config.sensor.configName); meta.put(" at ")
  meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz))); meta.put(" Hz, ±"); meta.put(decimal: Int(config.rangeG))
  meta.put(" g (vigil record)\", \"format\": \"vigil-i16\", \"frames\": "); meta.put(decimal: totalFrames)
  meta.put(", \"sampleRate\": "); meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz)))
  meta.put(", \"segments\": "); meta.put(decimal: segments); meta.put(", \"sensor\": \""); meta.put(config.sensor.configName); meta.put("@")
  meta.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz))); meta.put(":"); meta.put(decimal: Int(config.rangeG)); meta.put("\"}\n")
  var metaFile = FileOutput(fd: mfd)
  meta.withBytes { metaFile.write($0) }
  let rm = metaFile.close()
  if rm < 0 { report(errno: rm, doing: "cannot write", metaPath); status = 1 }
  var l = TextLine("vigil: recorded "); l.put(decimal: totalFrames); l.put(" frames in "); l.put(decimal: segments)
  l.put(" segment(s), "); l.put(decimal: overruns); l.put(" overruns, to "); l.put(output)
  l.writeLine(to: StandardStream.error)
  return status
}
