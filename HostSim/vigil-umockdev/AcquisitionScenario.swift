// The sensor layer's own code through the Linux layer: VigilSensors' ADXL345 driver and Acquisition over
// LinuxI2CBus + GPIOEdgeLine (real libi2c, real libgpiod), against HostSim's register-level ADXL345
// emulator on the emulated /dev/i2c-1. The emulator runs in REAL time here (its clock is CLOCK_MONOTONIC,
// advanced by a pump thread that also forwards its INT1 edges), because the acquisition takes its time from
// the line, and GPIOEdgeLine's clock is CLOCK_MONOTONIC, as on the Pi.

import Foundation
import UmockdevHarness
import VigilCore
import VigilHost
import VigilLinux
import VigilSensors

/// A 3-axis test vibration at 3200 Hz (g): two tones and gravity on Z, seen as an ADXL345 at 200 Hz, ±16 g
/// (200 Hz: the FIFO holds 160 ms, slack for a loaded CI machine running this in real time).
func toneSource(seconds: Double) throws -> SensorSource {
  let rate = 3200.0, n = Int(seconds * rate)
  let x = (0..<n).map { Float(0.6 * sin(2 * .pi * 40 * Double($0) / rate)) }
  let y = (0..<n).map { Float(0.3 * sin(2 * .pi * 110 * Double($0) / rate)) }
  let z = (0..<n).map { 1 + Float(0.1 * sin(2 * .pi * 40 * Double($0) / rate)) }
  return SensorSource(ContinuousRecording(name: "tones", sampleRate: rate, axes: [x, y, z], file: "tones"),
                      sensor: try SensorModel.parse("adxl345@200:16"))
}

/// Runs the driver + acquisition for `seconds` of real time with `emulator` on the bus; `unplug` (seconds
/// after the start) unplugs the part and plugs it back.
func acquisition(_ c: Checks, seconds: Double, unplug: (at: Double, back: Double)? = nil) throws {
  let source = try toneSource(seconds: seconds + 2)
  var plan = FrontEndPlan(sampleRate: source.sampleRate, axes: 3)
  plan.windowLength = 256; plan.bands = 16; plan.lowestBand = 10
  let model = try baselineModel(.rms, source: source, segments: 0..<1, config: plan.config())
  let start = MonotonicClock.now()
  let emulator = ADXL345Emulator(feed: SampleFeed(source: source, policy: .continuous), startTime: start)
  emulator.busClockHertz = 0                     // the real bus takes real time; the clock is the real one
  emulator.recordTrace = true
  if let u = unplug {
    emulator.faults.unplug = (at: start + UInt64(u.at * 1e9), replugAt: start + UInt64(u.back * 1e9))
  }
  let device = DeviceBox(bus: EmulatedBus(emulator, maxReadLength: 32), line: EmulatedLine(emulator), address: 0x53)
  attach(device)
  // The world: the part samples in real time; its edges go into the line's event pipe.
  let stop = Atomic(false)
  let pump = Thread {
    while !stop.value {
      device.locked { device.bus.emulator.advance(to: MonotonicClock.now()) }
      device.pumpEdges(offset: dataReadyLine)
      usleep(500)
    }
  }
  pump.start()
  defer { stop.value = true; while !pump.isFinished { usleep(1000) } }

  // The device: the same code the Pi runs.
  let driver = try ADXL345Driver(bus: try openBus(), configuration: ADXL345Configuration(rate: .hz200, range: .g16, watermark: 16))
  var acq = Acquisition(driver: driver, line: try openLine(), mode: .continuous, axes: 3)
  defer { acq.line.close(); acq.driver.bus.close() }
  let monitor = UnsafeMutablePointer<Monitor<4096>>.allocate(capacity: 1)
  monitor.initialize(to: try Monitor<4096>(model: model))
  defer { monitor.deinitialize(count: 1); monitor.deallocate() }
  try acq.start()
  let configured = device.locked { emulator.writes.count }
  c.check(configured >= 6, "ADXL345Driver probed and configured the emulator through libi2c: \(configured) register writes")
  var windows = 0
  let end = start + UInt64(seconds * 1e9)
  try acq.run(monitor: &monitor.pointee, while: { MonotonicClock.now() < end }) { _ in windows += 1 }
  acq.stop()
  stop.value = true
  while !pump.isFinished { usleep(1000) }
  let k = acq.counters
  let delivered = device.locked { emulator.feed.delivered }, queued = device.locked { Int(emulator.fifoCount) }
  print("     counters: \(k.summary); emulator delivered \(delivered), \(queued) left in its FIFO")
  c.check(k.windows == UInt32(windows) && windows > 0, "\(windows) windows scored by the Monitor from frames read through libi2c")
  if let u = unplug {
    c.check(k.faults.reprobes == 1 && k.faults.busErrors >= 3 && k.segments == 2,
            "unplugged at \(u.at) s, back at \(u.back) s: bus errors \(k.faults.busErrors) (libi2c −121 → noAcknowledge), re-probed \(k.faults.reprobes), new segment")
    let expectedLost = UInt64((u.back - u.at) * 200)
    c.check(k.faults.lostSamples >= expectedLost / 2 && k.faults.lostSamples <= expectedLost * 2 + 32,
            "lost samples \(k.faults.lostSamples) reported for a \(Int((u.back - u.at) * 1000)) ms outage (\(expectedLost) at 200 Hz)")
  } else {
    c.check(k.faults.busErrors == 0 && k.wakeups.edges >= UInt32(seconds * 200 / 16 / 2),
            "no bus error; \(k.wakeups.edges) watermark edges through libgpiod (\(Int(seconds * 200 / 16)) at 200 Hz / 16)")
    if k.faults.overruns == 0 {
      c.check(k.frames + UInt64(queued) == UInt64(delivered),
              "every frame the part measured was drained or is still in its FIFO: \(k.frames) + \(queued) = \(delivered)")
    } else {
      // The host fell more than 160 ms behind (a loaded machine): each overrun must be counted, recovered
      // and start a new segment (the one after the last overrun starts with the next frames pushed, which
      // the end of the run may cut off), and frames were lost.
      c.check(k.segments >= k.faults.overruns && k.segments <= 1 + k.faults.overruns && k.frames + UInt64(queued) < UInt64(delivered),
              "host too slow for real time here: \(k.faults.overruns) overruns, each counted, recovered and a new segment (\(k.segments))")
    }
  }
  attach(box)                                    // the fake back on the bus for the next scenario
}

/// A flag shared with the pump thread.
final class Atomic<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var v: T
  init(_ v: T) { self.v = v }
  var value: T {
    get { lock.lock(); defer { lock.unlock() }; return v }
    set { lock.lock(); v = newValue; lock.unlock() }
  }
}
