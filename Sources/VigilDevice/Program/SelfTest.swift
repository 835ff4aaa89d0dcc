// `vigil selftest`: the datasheet self-test with its measured deltas and limits, the 1 g gravity check at
// rest, the noise floor, and the real output data rate measured from the data-ready timestamps against
// the nominal one. One PASS/FAIL line each; exit 1 when any fails.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

@inline(__always) func wide64(_ x: Int32) -> Int64 { (Int64(_truncatingBits: UInt(bitPattern: Int(x))) &<< 32) &>> 32 }
@inline(__always) func wide64(_ x: Int) -> Int64 { (Int64(_truncatingBits: UInt(bitPattern: x)) &<< 32) &>> 32 }

/// ⌊√x⌋.
func isqrt64(_ x: UInt64) -> UInt64 {
  if x < 2 { return x }
  var r: UInt64 = 0, bit: UInt64 = 1 &<< 62, v = x
  while bit > v { bit &>>= 2 }
  while bit != 0 {
    if v >= r &+ bit { v &-= r &+ bit; r = (r &>> 1) &+ bit } else { r &>>= 1 }
    bit &>>= 2
  }
  return r
}

/// Samples statistics of a sensor at rest: per-axis sums and the data-ready timing.
struct RestStatistics {
  var frames: Int64 = 0
  var sum = InlineArray<3, Int64>(repeating: 0), squares = InlineArray<3, Int64>(repeating: 0)
  /// The ODR measurement: frames and time between consecutive data-ready edges, over the intervals without a
  /// FIFO overrun (frames lost in an overrun would read as a slow part).
  var lastEdge: UInt64 = 0, framesBetweenEdges: Int64 = 0, edgeNanoseconds: UInt64 = 0
  var edges = 0, pendingFrames = 0, overrunSinceEdge = false, intervalsLeftOut = 0
  /// When measuring started, and when the last drain began (every sample before it has been read): the
  /// rate of a part without a data-ready edge (MPU-6050) is frames over that time.
  var startTime: UInt64 = 0, lastDrainTime: UInt64 = 0

  mutating func add(_ b: UnsafeBufferPointer<Int16>, frames n: Int) {
    for f in 0..<n {
      for a in 0..<3 {
        let v = wide64(Int32(b[f &* 3 &+ a]))
        sum[a] &+= v; squares[a] &+= v &* v
      }
    }
    frames &+= wide64(n)
  }
  func mean(_ a: Int) -> Int64 { frames > 0 ? sum[a] / frames : 0 }
  /// Standard deviation in thousandths of a count.
  func stdMilli(_ a: Int) -> UInt64 {
    guard frames > 1 else { return 0 }
    let n = frames
    let varTimesN2 = squares[a] &* n &- sum[a] &* sum[a]          // n²·variance
    guard varTimesN2 > 0 else { return 0 }
    return isqrt64(UInt64(bitPattern: varTimesN2) &* 1_000_000 / UInt64(bitPattern: n) / UInt64(bitPattern: n))
  }
}

nonisolated(unsafe) var drainBuffer = InlineArray<192, Int16>(repeating: unfoldedZero())

/// Drains `driver` for `milliseconds` on its data-ready line (timed drains when no edge comes).
func collect<D: AccelerometerDriver>(_ driver: inout D, line: inout GPIOEdgeLine, milliseconds: UInt32,
                                    into stats: inout RestStatistics) throws(DriverError) {
  try driver.start()
  let period = samplePeriodNanoseconds(milliHertz: driver.outputRateMilliHertz)
  let timeout = period &* UInt64(_truncatingBits: UInt(bitPattern: driver.fifoFrames)) / 2 &+ 1_000_000
  let end = line.now() &+ UInt64(_truncatingBits: UInt(milliseconds)) &* 1_000_000
  stats.startTime = line.now()
  while line.now() < end {
    let w: EdgeWait
    do throws(BusError) { w = try line.waitForEdge(timeoutNanoseconds: timeout) } catch { throw .bus(error) }
    var got = 0
    stats.lastDrainTime = line.now()
    repeat {
      let d = withUnsafeMutablePointer(to: &drainBuffer) { p in
        p.withMemoryRebound(to: Int16.self, capacity: 192) { q in
          let r = driver.drain(into: UnsafeMutableBufferPointer(start: q, count: 192), axes: 3)
          stats.add(UnsafeBufferPointer(start: q, count: r.frames &* 3), frames: r.frames)
          return r
        }
      }
      if let e = d.error { throw e }
      if d.overrun { try driver.recoverOverrun(); stats.overrunSinceEdge = true }
      got &+= d.frames
      if d.remaining == 0 { break }
    } while true
    stats.pendingFrames &+= got                                  // timed drains count toward the next edge
    if case .edge(let t) = w {
      if stats.edges > 0 {
        if !stats.overrunSinceEdge && t > stats.lastEdge {
          stats.framesBetweenEdges &+= wide64(stats.pendingFrames); stats.edgeNanoseconds &+= t &- stats.lastEdge
        } else { stats.intervalsLeftOut &+= 1 }
      }
      stats.pendingFrames = 0; stats.overrunSinceEdge = false
      stats.lastEdge = t
      stats.edges &+= 1
    }
  }
  try driver.stop()
}

func verdict(_ l: inout TextLine, _ pass: Bool) { l.put(pass ? "PASS  " : "FAIL  ") }

func selfTest(_ config: DeviceConfig, milliseconds: UInt32) -> Int32 {
  switch config.sensor {
  case .adxl345:
    guard let rate = ADXL345Rate(milliHertz: config.odrMilliHz), let range = ADXL345Range(g: Int(config.rangeG)) else {
      report("odr_hz is not an ADXL345 rate"); return 1
    }
    let c = ADXL345Configuration(rate: rate, range: range, watermark: 16, allowRateAboveI2CLimit: config.allowFastODR)
    // 3.9 mg/LSB in full resolution; the datasheet self-test with its limits scaled for a 3.3 V supply.
    return selfTest(config, milliseconds: milliseconds, nanoGPerCount: 3_906_250,
                    driver: { (bus) throws(DriverError) in try ADXL345Driver(bus: bus, configuration: c) },
                    datasheetTest: { (d, line) throws(DriverError) in try d.selfTest(line: &line, supply: .v3_3) })
  case .lis3dh:
    guard let c = lis3dhConfiguration(config) else { return 1 }
    return selfTest(config, milliseconds: milliseconds, nanoGPerCount: lis3dhScale(rangeG: config.rangeG).nanoGPerCount,
                    driver: { (bus) throws(DriverError) in try LIS3DHDriver(bus: bus, configuration: c) },
                    datasheetTest: { (d, line) throws(DriverError) in try d.selfTest(line: &line) })
  case .mpu6050:
    guard let c = mpu6050Configuration(config) else { return 1 }
    // 1/countsPerG g per LSB; noise: 400 µg/√Hz (Product Specification Table 6.2) over the 184 Hz DLPF is
    // ~5.4 mg rms: allow 20 mg X/Y, 30 mg Z.
    let lsb = wide64(c.range.countsPerG)                          // widened without the generic init (32-bit ARM)
    return selfTest(config, milliseconds: milliseconds, nanoGPerCount: 1_000_000_000 / lsb,
                    noiseLimitMicroG: (xy: 20_000, z: 30_000), combinedReads: true,
                    driver: { (bus) throws(DriverError) in MPU6050Driver(bus: bus, configuration: c) },
                    datasheetTest: { (d, line) throws(DriverError) in try d.selfTest(line: &line) })
  }
}

/// The four checks with the driver `makeDriver` builds and its datasheet self-test; `nanoGPerCount` is the
/// configured range's scale (for the gravity and noise figures in g), `noiseLimitMicroG` the noise floor
/// accepted at rest (default: ADXL345 290 µg/√Hz (X/Y) at 800 Hz is ~6 mg rms, LIS3DH 220 µg/√Hz at 1344 Hz
/// ~6 mg; 15.6 mg X/Y and 23.4 mg Z are 4 and 6 LSB of the ADXL345); `combinedReads`: see `openBus`.
func selfTest<D: AccelerometerDriver>(_ config: DeviceConfig, milliseconds: UInt32, nanoGPerCount: Int64,
                                      noiseLimitMicroG: (xy: Int64, z: Int64) = (15_625, 23_438), combinedReads: Bool = false,
                                      driver makeDriver: (LinuxI2CBus) throws(DriverError) -> D,
                                      datasheetTest: (inout D, inout GPIOEdgeLine) throws(DriverError) -> SelfTestResult) -> Int32
  where D.Bus == LinuxI2CBus {
  guard var bus = openBus(config, address: config.address, combinedReads: combinedReads) else { return 1 }
  guard var line = openLine(config) else { bus.close(); return 1 }
  defer { line.close() }
  var failed = 0
  do throws(DriverError) {
    var d = try makeDriver(bus)
    try d.probe()
    try d.configure()
    // 1. Datasheet self-test.
    let st = try datasheetTest(&d, &line)
    var l = TextLine(); verdict(&l, st.passed)
    l.put("self-test: change X "); l.put(decimal: st.delta.x); l.put(" (limits "); l.put(decimal: st.minimum.x); l.put("..."); l.put(decimal: st.maximum.x)
    l.put("), Y "); l.put(decimal: st.delta.y); l.put(" ("); l.put(decimal: st.minimum.y); l.put("..."); l.put(decimal: st.maximum.y)
    l.put("), Z "); l.put(decimal: st.delta.z); l.put(" ("); l.put(decimal: st.minimum.z); l.put("..."); l.put(decimal: st.maximum.z)
    l.put(") counts"); l.writeLine(to: StandardStream.output)
    if !st.passed { failed &+= 1 }
    try d.configure()
    // 2–4. At rest: gravity, noise, real ODR.
    var s = RestStatistics()
    try collect(&d, line: &line, milliseconds: milliseconds, into: &s)
    let mx = s.mean(0), my = s.mean(1), mz = s.mean(2)
    let g = isqrt64(UInt64(bitPattern: mx &* mx &+ my &* my &+ mz &* mz) &* 1_000_000)   // thousandths of a count
    let gMilli = Int64(bitPattern: g) &* nanoGPerCount / 1_000_000_000                            // mg
    var l2 = TextLine(); verdict(&l2, gMilli >= 800 && gMilli <= 1200)
    l2.put("gravity at rest: |g| = "); l2.put(ratio: gMilli, over: 1000, fractionDigits: 3)
    l2.put(" g (limits 0.8...1.2 g; mean counts "); l2.put(decimal: Int(truncatingIfNeeded: mx)); l2.put(", ")
    l2.put(decimal: Int(truncatingIfNeeded: my)); l2.put(", "); l2.put(decimal: Int(truncatingIfNeeded: mz)); l2.put(")")
    l2.writeLine(to: StandardStream.output)
    if !(gMilli >= 800 && gMilli <= 1200) { failed &+= 1 }
    var noisy = false
    var l3 = TextLine()
    // Standard deviations in µg (thousandths of a count × ng per count / 10^6).
    let sx = Int64(bitPattern: s.stdMilli(0)) &* nanoGPerCount / 1_000_000
    let sy = Int64(bitPattern: s.stdMilli(1)) &* nanoGPerCount / 1_000_000
    let sz = Int64(bitPattern: s.stdMilli(2)) &* nanoGPerCount / 1_000_000
    noisy = sx > noiseLimitMicroG.xy || sy > noiseLimitMicroG.xy || sz > noiseLimitMicroG.z
    verdict(&l3, !noisy && s.frames > 1)
    l3.put("noise floor: rms X "); l3.put(ratio: sx, over: 1000, fractionDigits: 1)
    l3.put(" mg, Y "); l3.put(ratio: sy, over: 1000, fractionDigits: 1)
    l3.put(" mg, Z "); l3.put(ratio: sz, over: 1000, fractionDigits: 1)
    l3.put(" mg over "); l3.put(decimal: UInt64(bitPattern: s.frames)); l3.put(" frames (limits ")
    l3.put(ratio: noiseLimitMicroG.xy, over: 1000, fractionDigits: 1); l3.put(" mg X/Y, ")
    l3.put(ratio: noiseLimitMicroG.z, over: 1000, fractionDigits: 1); l3.put(" mg Z)")
    l3.writeLine(to: StandardStream.output)
    if noisy || s.frames <= 1 { failed &+= 1 }
    var l4 = TextLine()
    if d.watermarkFrames == 0 {
      // No data-ready edge (MPU-6050: INT only on FIFO overflow): frames over the time they took.
      let span = s.lastDrainTime &- s.startTime
      let measured = span > 0 ? UInt64(bitPattern: s.frames) &* 1_000_000_000_000 / span : 0                // mHz
      let nominal = UInt64(_truncatingBits: UInt(config.odrMilliHz))
      let diff = measured > nominal ? measured &- nominal : nominal &- measured
      let ok = s.frames > 1 && diff &* 50 <= nominal                                            // within 2%
      verdict(&l4, ok)
      l4.put("output data rate: "); l4.put(milli: measured); l4.put(" Hz measured from "); l4.put(decimal: UInt64(bitPattern: s.frames))
      l4.put(" frames drained over "); l4.put(decimal: span / 1_000_000); l4.put(" ms, nominal "); l4.put(milli: nominal); l4.put(" Hz (limit 2%)")
      if !ok { failed &+= 1 }
    } else if s.edges >= 2 && s.edgeNanoseconds > 0 {
      let measured = UInt64(bitPattern: s.framesBetweenEdges) &* 1_000_000_000_000 / s.edgeNanoseconds   // mHz
      let nominal = UInt64(_truncatingBits: UInt(config.odrMilliHz))
      let diff = measured > nominal ? measured &- nominal : nominal &- measured
      let ok = diff &* 50 <= nominal                                                            // within 2%
      verdict(&l4, ok)
      l4.put("output data rate: "); l4.put(milli: measured); l4.put(" Hz measured from "); l4.put(decimal: s.edges)
      l4.put(" data-ready edges, nominal "); l4.put(milli: nominal); l4.put(" Hz (limit 2%)")
      if s.intervalsLeftOut > 0 { l4.put("; "); l4.put(decimal: s.intervalsLeftOut); l4.put(" interval(s) with a FIFO overrun left out") }
      if !ok { failed &+= 1 }
    } else {
      verdict(&l4, false)
      l4.put("output data rate: fewer than 2 data-ready edges in "); l4.put(decimal: milliseconds); l4.put(" ms (check the INT1 wire)")
      failed &+= 1
    }
    l4.writeLine(to: StandardStream.output)
    bus = d.bus
  } catch {
    report(error, bus: config.i2cBus, address: config.address)
    bus.close()
    return 1
  }
  bus.close()
  var l = TextLine(failed == 0 ? "selftest PASS: " : "selftest FAIL: "); l.put(decimal: 4 &- failed); l.put(" of 4 checks passed")
  l.writeLine(to: StandardStream.output)
  return failed == 0 ? 0 : 1
}
