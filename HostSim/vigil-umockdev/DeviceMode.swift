// vigil-umockdev device: the device program itself (`vigil run`, `probe`, `selftest`, `record`: VigilDevice's
// vigilMain, the code the Pi runs) against a register emulator of HostSim/VigilHost fed by a real recording,
// through the REAL libi2c and libgpiod under umockdev. The emulator runs on the monotonic clock (its virtual
// time follows CLOCK_MONOTONIC), so the device's timers, ppoll and the line's edge timestamps all agree.
//   umockdev-wrapper vigil-umockdev device RECORDING --sensor adxl345@800:16 [--segments FROM:TO]
//                                   [--every SECONDS] [--time-scale K] [--unplug SECONDS:SECONDS]
//                                   [--term-after-data SECONDS] -- VIGIL-ARGS...
// --term-after-data: SIGTERM to the device program that long after the emulator delivered the recording's
// last frame (a clean stop, as systemd's). Output lines the program requests (its alarm line) are logged;
// their physical levels are printed at the end ("output line N levels: 0 1 0").
// The data-ready line is GPIO 17 of the chip labelled pinctrl-bcm2711, the sensor at 0x53 on /dev/i2c-1 (a
// LIS3DH, --sensor lis3dh@…, at 0x18).

import Foundation
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
  guard let split = arguments.firstIndex(of: "--"), split >= 1 else { return fail("usage: device RECORDING [options] -- VIGIL-ARGS") }
  let own = Array(arguments[..<split]), vigilArgs = Array(arguments[(split + 1)...])
  let recordingPath = own[0]
  var sensor = "adxl345@800:16", segments: Range<Int>?, every = 0.0, scale = 1.0
  var unplug: (Double, Double)?
  var termAfter: Double?
  var i = 1
  while i + 1 < own.count {
    let v = own[i + 1]
    switch own[i] {
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
    let recording = try openRecording(recordingPath, options: RecordingOptions())
    source = SensorSource(recording, sensor: try SensorModel.parse(sensor))
  } catch { return fail("\(recordingPath): \(error)") }
  let range = segments ?? 0..<source.segmentCount
  let feed = SampleFeed(source: source, segments: range, policy: every > 0 ? .segmentPerPowerUp : .continuous)
  do { try feed.preload() } catch { return fail("\(recordingPath): \(error)") }
  let t0 = MonotonicClock.now()
  let clock = TimeScale(t0: t0, scale: scale)
  // The part the sensor names: a LIS3DH at 0x18 (SA0 low), else an ADXL345 at 0x53.
  let lis3dh = sensor.hasPrefix("lis3dh")
  let emulator: SensorEmulator = lis3dh ? LIS3DHEmulator(feed: feed, startTime: t0) : ADXL345Emulator(feed: feed, startTime: t0)
  emulator.recordTrace = false
  if let (at, back) = unplug {
    emulator.faults.unplug = (at: t0 + UInt64(at * scale * 1e9), replugAt: t0 + UInt64(back * scale * 1e9))
  }
  let device = DeviceBox(bus: RealTimeBus(inner: EmulatedBus(emulator), clock: clock),
                         line: RealTimeLine(inner: EmulatedLine(emulator), clock: clock), address: lis3dh ? 0x18 : 0x53)
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
  let pump = Thread {
    var exhaustedAt: UInt64?, termSent = false
    while running.value {
      device.pumpEdges(offset: dataReadyLine)
      if let t = termDelay, !termSent {
        if exhaustedAt == nil && pumpedFeed.exhausted { exhaustedAt = MonotonicClock.now() }
        if let e = exhaustedAt, MonotonicClock.now() - e >= UInt64(t * 1e9) { kill(getpid(), SIGTERM); termSent = true }
      }
      usleep(500)
    }
  }
  pump.start()
  // The device program, in this process (so the umockdev preload and handlers serve its ioctls).
  let argv = (["vigil"] + vigilArgs).map { strdup($0) } + [nil]
  let status = argv.withUnsafeBufferPointer { vigilMain(argc: Int32(vigilArgs.count + 1), argv: $0.baseAddress!) }
  running.value = false
  Thread.sleep(forTimeInterval: 0.01)
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
