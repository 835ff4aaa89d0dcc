// vigil-umockdev device: the device program itself (`vigil run`, `probe`, `selftest`, `record`: VigilDevice's
// vigilMain, the code the Pi runs) against a register emulator of HostSim/VigilHost fed by a real recording,
// through the REAL libi2c and libgpiod under umockdev. The emulator runs on the monotonic clock (its virtual
// time follows CLOCK_MONOTONIC), so the device's timers, ppoll and the line's edge timestamps all agree.
//   umockdev-wrapper vigil-umockdev device RECORDING --sensor adxl345@800:16|mpu6050@1000:16 [--segments FROM:TO]
//                                   [--every SECONDS] [--time-scale K] [--unplug SECONDS:SECONDS] -- VIGIL-ARGS...
// The data-ready line is GPIO 17 of the chip labelled pinctrl-bcm2711, the sensor at 0x53 (ADXL345) or 0x68
// (MPU-6050) on /dev/i2c-1.

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
  // The part named by --sensor, at its default address (ADXL345 0x53, MPU-6050 0x68).
  let mpu = source.sensor.profile?.name == "mpu6050"
  let emulator: SensorEmulator = mpu ? MPU6050Emulator(feed: feed, startTime: t0) : ADXL345Emulator(feed: feed, startTime: t0)
  emulator.recordTrace = false
  if let (at, back) = unplug {
    emulator.faults.unplug = (at: t0 + UInt64(at * scale * 1e9), replugAt: t0 + UInt64(back * scale * 1e9))
  }
  let device = DeviceBox(bus: RealTimeBus(inner: EmulatedBus(emulator, maxReadLength: 8192), clock: clock),
                         line: RealTimeLine(inner: EmulatedLine(emulator), clock: clock), address: mpu ? 0x68 : 0x53)
  guard startTestbed(device, label: chipLabel) else { return fail("the umockdev testbed did not start") }
  // Pump: keep the emulator on the monotonic clock and its edges flowing into the GPIO event pipe.
  let running = ManagedAtomicFlag()
  let pump = Thread {
    while running.value {
      device.pumpEdges(offset: dataReadyLine)
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
