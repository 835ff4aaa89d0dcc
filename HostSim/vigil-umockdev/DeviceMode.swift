// vigil-umockdev device: the device program itself (`vigil run`, `probe`, `selftest`, `record`: VigilDevice's
// vigilMain, the code the Pi runs) against a register emulator of HostSim/VigilHost fed by a real recording,
// through the REAL libi2c and libgpiod under umockdev. The emulator runs on the monotonic clock (its virtual
// time follows CLOCK_MONOTONIC), so the device's timers, ppoll and the line's edge timestamps all agree.
//   umockdev-wrapper vigil-umockdev device RECORDING --sensor adxl345@800:16|mpu6050@1000:16|lis3dh@1344:16 [--segments FROM:TO]
//                                   [--every SECONDS] [--time-scale K] [--unplug SECONDS:SECONDS]
//                                   [--term-after-data SECONDS] [--latency FILE] [--count-mallocs] [--rate HZ --axes N --full-scale G] -- VIGIL-ARGS...
// --term-after-data: SIGTERM to the device program that long after the emulator delivered the recording's
// last frame (a clean stop, as systemd's). Output lines the program requests (its alarm line) are logged;
// their physical levels are printed at the end ("output line N levels: 0 1 0").
// --latency FILE: the time from each watermark edge written into the GPIO event pipe to the next event line
// the program writes (nanoseconds, one a line; median and p99 on stderr). --count-mallocs: the heap
// allocations the device thread made inside vigilMain (HostSim/MallocCounter), on stderr, and those it made
// between its second event line and its last (the steady state: a model with a heartbeat every window
// writes one line per window).
// The data-ready line is GPIO 17 of the chip labelled pinctrl-bcm2711, the sensor on /dev/i2c-1 at 0x53 (ADXL345),
// 0x68 (MPU-6050) or 0x18 (LIS3DH).

import Foundation
import MallocCounter
import UmockdevHarness
import VigilCore
import VigilDevice
import VigilHost
import VigilLinux
import VigilSensors

/// The emulator's clock against the monotonic clock: virtual = t0 + (real − t0) × scale. A scale below 1
/// runs the part slower than its nominal rate (for a loaded machine, where a debug build and umockdev's
/// ioctl round trips cannot keep up with 800 Hz); edge timestamps are mapped back to the monotonic clock.
struct TimeScale {
  let t0: UInt64
  let scale: Double
  var virtualNow: UInt64 { t0 + UInt64(Double(MonotonicClock.now() - t0) * scale) }
  func real(_ virtual: UInt64) -> UInt64 { virtual <= t0 ? t0 : t0 + UInt64(Double(virtual - t0) / scale) }
}

/// The emulator's bus, brought up to the (scaled) monotonic clock before every transaction.
struct RealTimeBus: RegisterBus {
  var inner: EmulatedBus
  let clock: TimeScale
  var maxReadLength: Int { inner.maxReadLength }
  mutating func write(register: UInt8, value: UInt8) throws(BusError) {
    inner.emulator.advance(to: clock.virtualNow)
    try inner.write(register: register, value: value)
  }
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    inner.emulator.advance(to: clock.virtualNow)
    try inner.read(register: register, into: buffer)
  }
}

/// The emulator's interrupt output on the (scaled) monotonic clock; edges are pumped into the GPIO event pipe.
struct RealTimeLine: DataReadyLine {
  var inner: EmulatedLine
  let clock: TimeScale
  mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    inner.emulator.advance(to: clock.virtualNow)
    if case .edge(let t) = try inner.waitForEdge(timeoutNanoseconds: 0) { return .edge(timestampNanoseconds: clock.real(t)) }
    return .timeout
  }
  mutating func takeLostEdges() -> UInt32 { 0 }
  func now() -> UInt64 { MonotonicClock.now() }
}

func deviceMode(_ arguments: [String]) -> Int32 {
  func fail(_ s: String) -> Int32 { FileHandle.standardError.write("vigil-umockdev device: \(s)\n".data(using: .utf8)!); return 2 }
  // vigilMain reads TERM/INT/HUP through its signalfd: block them first thing, before any other thread starts (umockdev's,
  // the pump), or a signal sent to the process could be delivered to one of those and kill it.
  do { var blocked = try SignalInbox(SignalSet.terminate.union(.interrupt).union(.hangup)); blocked.close() }
  catch { return fail("cannot block the signals: \(error)") }
  guard let split = arguments.firstIndex(of: "--"), split >= 1 else { return fail("usage: device RECORDING [options] -- VIGIL-ARGS") }
  let own = Array(arguments[..<split]), vigilArgs = Array(arguments[(split + 1)...])
  let recordingPath = own[0]
  var sensor = "adxl345@800:16", segments: Range<Int>?, every = 0.0, scale = 1.0
  var unplug: (Double, Double)?
  var termAfter: Double?
  var latencyPath: String?, countMallocs = false
  var options = RecordingOptions()
  var i = 1
  while i < own.count {
    if own[i] == "--count-mallocs" { countMallocs = true; i += 1; continue }
    guard i + 1 < own.count else { return fail("\(own[i]) needs a value") }
    let v = own[i + 1]
    switch own[i] {
    case "--latency": latencyPath = v
    case "--rate": options.rawRate = Double(v)           // a raw .i16 recording (vigil record's): its rate,
    case "--axes": options.rawAxes = Int(v)              // axes
    case "--full-scale": options.fullScale = Double(v) ?? 16   // and full scale in g (counts × this / 32768)
    case "--sensor": sensor = v
    case "--segments":
      let p = v.split(separator: ":").compactMap { Int($0) }
      guard p.count == 2, p[0] < p[1] else { return fail("--segments FROM:TO") }
      segments = p[0]..<p[1]
    case "--every": every = Double(v) ?? 0
    case "--time-scale":
      guard let k = Double(v), k > 0, k <= 1 else { return fail("--time-scale K, 0 < K <= 1") }
      scale = k
    case "--unplug":
      let p = v.split(separator: ":").compactMap { Double($0) }
      guard p.count == 2 else { return fail("--unplug AT:REPLUG (seconds from the start)") }
      unplug = (p[0], p[1])
    case "--term-after-data":
      guard let t = Double(v), t >= 0 else { return fail("--term-after-data SECONDS") }
      termAfter = t
    default: return fail("unknown option \(own[i])")
    }
    i += 2
  }
  let source: SensorSource
  do {
    let recording = try openRecording(recordingPath, options: options)
    source = SensorSource(recording, sensor: try SensorModel.parse(sensor))
  } catch { return fail("\(recordingPath): \(error)") }
  let range = segments ?? 0..<source.segmentCount
  let feed = SampleFeed(source: source, segments: range, policy: every > 0 ? .segmentPerPowerUp : .continuous)
  do { try feed.preload() } catch { return fail("\(recordingPath): \(error)") }
  let t0 = MonotonicClock.now()
  let clock = TimeScale(t0: t0, scale: scale)
  // The part named by --sensor, at its default address (ADXL345 0x53, MPU-6050 0x68, LIS3DH 0x18).
  let partName = source.sensor.profile?.name ?? "adxl345"
  let emulator: SensorEmulator = partName == "mpu6050" ? MPU6050Emulator(feed: feed, startTime: t0)
    : partName == "lis3dh" ? LIS3DHEmulator(feed: feed, startTime: t0) : ADXL345Emulator(feed: feed, startTime: t0)
  let address: UInt8 = partName == "mpu6050" ? 0x68 : partName == "lis3dh" ? 0x18 : 0x53
  emulator.recordTrace = false
  if let (at, back) = unplug {
    emulator.faults.unplug = (at: t0 + UInt64(at * scale * 1e9), replugAt: t0 + UInt64(back * scale * 1e9))
  }
  let device = DeviceBox(bus: RealTimeBus(inner: EmulatedBus(emulator, maxReadLength: 8192), clock: clock),
                         line: RealTimeLine(inner: EmulatedLine(emulator), clock: clock), address: address)
  // The signals vigil reads through its signalfd are blocked before any thread starts (umockdev's, the
  // pump), so a SIGTERM is read by the device program's loop and never kills another thread.
  var blocked = sigset_t()
  sigemptyset(&blocked)
  for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&blocked, s) }
  pthread_sigmask(SIG_BLOCK, &blocked, nil)
  guard startTestbed(device, label: chipLabel) else { return fail("the umockdev testbed did not start") }
  // Pump: keep the emulator on the monotonic clock and its edges flowing into the GPIO event pipe.
  let running = ManagedAtomicFlag()
  nonisolated(unsafe) let pumpedFeed = feed   // only `exhausted` is read from the pump (a Bool)
  let termDelay = termAfter
  let edges = EdgeLog()
  let pump = Thread {
    var exhaustedAt: UInt64?, termSent = false
    while running.value {
      if device.pumpEdges(offset: dataReadyLine) > 0 { edges.note(MonotonicClock.now()) }
      if let t = termDelay, !termSent {
        if exhaustedAt == nil && pumpedFeed.exhausted { exhaustedAt = MonotonicClock.now() }
        if let e = exhaustedAt, MonotonicClock.now() - e >= UInt64(t * 1e9) { kill(getpid(), SIGTERM); termSent = true }
      }
      usleep(500)
    }
  }
  pump.start()
  let events = latencyPath != nil || countMallocs ? EventTimes() : nil
  // The device program, in this process (so the umockdev preload and handlers serve its ioctls).
  let argv = (["vigil"] + vigilArgs).map { strdup($0) } + [nil]
  if countMallocs { vigil_malloc_track_calling_thread() }
  let mallocsBefore = vigil_malloc_count()
  let status = argv.withUnsafeBufferPointer { vigilMain(argc: Int32(vigilArgs.count + 1), argv: $0.baseAddress!) }
  let mallocs = vigil_malloc_count() - mallocsBefore
  running.value = false
  Thread.sleep(forTimeInterval: 0.01)
  let arrivals = events?.finish() ?? []
  if countMallocs {
    let steady = arrivals.count >= 3 ? "; \(arrivals.last!.mallocs - arrivals[1].mallocs) between event line 2 and line \(arrivals.count)" : "; fewer than 3 event lines"
    FileHandle.standardError.write("vigil-umockdev device: \(mallocs) heap allocations on the device thread in vigilMain\(steady)\n".data(using: .utf8)!)
  }
  if let latencyPath {
    let latencies = arrivals.map(\.time).compactMap { t in edges.last(before: t).map { t - $0 } }.sorted()
    try? latencies.map(String.init).joined(separator: "\n").appending("\n").write(toFile: latencyPath, atomically: true, encoding: .utf8)
    if !latencies.isEmpty {
      let median = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
      FileHandle.standardError.write(String(format: "vigil-umockdev device: edge → event latency over %d events: median %.1f µs, p99 %.1f µs, max %.1f µs\n",
                                            latencies.count, Double(median) / 1e3, Double(p99) / 1e3, Double(latencies.last!) / 1e3).data(using: .utf8)!)
    }
  }
  FileHandle.standardError.write("vigil-umockdev device: emulator delivered \(feed.delivered) frames, exhausted: \(feed.exhausted)\n".data(using: .utf8)!)
  var levels: [UInt32: [Int32]] = [:]
  for i in 0..<vh_output_changes() {
    var offset: UInt32 = 0, level: Int32 = 0, t: UInt64 = 0
    if vh_output_change(i, &offset, &level, &t) == 0 { levels[offset, default: []].append(level) }
  }
  for (offset, l) in levels.sorted(by: { $0.key < $1.key }) {
    FileHandle.standardError.write("vigil-umockdev device: output line \(offset) levels: \(l.map(String.init).joined(separator: " "))\n".data(using: .utf8)!)
  }
  vh_stop()
  return status
}

/// A Bool shared with the pump thread.
final class ManagedAtomicFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var v = true
  var value: Bool {
    get { lock.lock(); defer { lock.unlock() }; return v }
    set { lock.lock(); v = newValue; lock.unlock() }
  }
}

/// When the pump wrote watermark edges into the GPIO event pipe (CLOCK_MONOTONIC), in order.
final class EdgeLog: @unchecked Sendable {
  private let lock = NSLock()
  private var times: [UInt64] = []
  init() { times.reserveCapacity(1 << 16) }
  func note(_ t: UInt64) { lock.lock(); times.append(t); lock.unlock() }
  /// The last edge written at or before `t`.
  func last(before t: UInt64) -> UInt64? {
    lock.lock(); defer { lock.unlock() }
    var lo = 0, hi = times.count                       // first index with times[i] > t
    while lo < hi { let mid = (lo + hi) / 2; if times[mid] <= t { lo = mid + 1 } else { hi = mid } }
    return lo == 0 ? nil : times[lo - 1]
  }
}

/// Standard output through a pipe read by a thread that stamps each line with CLOCK_MONOTONIC and the tracked
/// thread's allocation count when it arrives, and passes it on to the real standard output.
final class EventTimes: @unchecked Sendable {
  struct Arrival { let time: UInt64; let mallocs: UInt64 }
  private var times: [Arrival] = []
  private let original: Int32
  private let done = DispatchSemaphore(value: 0)
  init() {
    original = dup(1)
    var p: [Int32] = [0, 0]
    _ = pipe(&p)
    dup2(p[1], 1); close(p[1])
    let readEnd = p[0], out = original
    Thread { [self] in
      var buffer = [UInt8](repeating: 0, count: 65536), stamps: [Arrival] = []
      while true {
        let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        let now = Arrival(time: MonotonicClock.now(), mallocs: vigil_malloc_tracked_count())
        for b in buffer[0..<n] where b == 0x0A { stamps.append(now) }
        _ = buffer.withUnsafeBytes { write(out, $0.baseAddress, n) }
      }
      close(readEnd)
      times = stamps
      done.signal()
    }.start()
  }
  /// Restores standard output (the pipe's last writer closes), waits for the reader and returns the arrival
  /// time of every line.
  func finish() -> [Arrival] {
    dup2(original, 1); close(original)
    done.wait()
    return times
  }
}
