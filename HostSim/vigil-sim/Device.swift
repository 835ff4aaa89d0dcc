// vigil-sim device: the device's sensor path on the host. A register-level emulator of the part, fed by a
// recording through the same sensor model as `--sensor`, behind the driver and the acquisition the device
// runs; events as JSON lines on stdout (as `replay` prints them), the driver's counters on stderr.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost
import VigilSensors

struct Device: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the device's sensor driver against an emulated sensor fed by a recording: events as JSON lines, driver counters on stderr.",
    discussion: """
      Snapshot recordings (many segments, e.g. PRONOSTIA) are measured in snapshot mode: one power-up per \
      segment, --every seconds apart; continuous recordings in continuous mode. Fault options take times in \
      seconds from the start of the run (virtual clock).
      """)
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Model file.")
  var model: String
  @Option(help: "Only the last N segments of the recording.")
  var last: Int?
  @Flag(help: "Measure continuously even on a snapshot recording.")
  var continuous = false
  @Option(help: "Seconds between snapshots (default: the recording's segment spacing).")
  var every: Double?
  @Option(help: "FIFO watermark, entries (1...31; ADXL345 only: the MPU-6050 has no watermark and is drained on a timer).")
  var watermark = 16
  @Flag(name: .customLong("allow-above-800hz"), help: "Allow ADXL345 rates above 800 Hz over I2C (the datasheet advises SPI for them).")
  var allowAbove800Hz = false
  @Option(help: "Fault: NACK every transaction for 2 ms from this time (s).")
  var nackAt: [Double] = []
  @Option(help: "Fault: unplug at T s and replug at R s: T[:R] (no R: never comes back).")
  var unplug: String?
  @Option(help: "Fault: the host is late: T:MS stalls the first wait at or after T s by MS milliseconds.")
  var stall: [String] = []
  @Option(help: "Fault: interrupt line stuck (no edges) from A to B s: A:B.")
  var stuckLine: [String] = []
  @Option(help: "Fault: the ID register reads this value (hex, e.g. 0x33).")
  var wrongId: String?

  func pair(_ text: String, _ flag: String) throws -> (Double, Double?) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    // At most a million (seconds, or milliseconds for --stall): the virtual clock is in UInt64 nanoseconds.
    guard (1...2).contains(parts.count), let a = Double(parts[0]), a.isFinite, a >= 0, a <= 1e6,
          parts.count == 1 || (Double(parts[1]).map { $0.isFinite && $0 >= 0 && $0 <= 1e6 } ?? false) else {
      throw ValidationError("\(flag) '\(text)': expected SECONDS or SECONDS:SECONDS (non-negative numbers up to 1000000)")
    }
    return (a, parts.count == 2 ? Double(parts[1]) : nil)
  }

  func validate() throws {
    guard (1...31).contains(watermark) else { throw ValidationError("--watermark must be 1...31 (the ADXL345 and LIS3DH FIFOs hold 32)") }
    if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    if let every, !(every > 0 && every <= 1e6) { throw ValidationError("--every must be a positive number of seconds up to 1000000") }
    for t in nackAt where !(t >= 0 && t <= 1e6) { throw ValidationError("--nack-at must be 0...1000000 seconds") }
    if let unplug { _ = try pair(unplug, "--unplug") }
    for s in stall { guard try pair(s, "--stall").1 != nil else { throw ValidationError("--stall '\(s)': expected T:MS") } }
    for s in stuckLine { guard try pair(s, "--stuck-line").1 != nil else { throw ValidationError("--stuck-line '\(s)': expected A:B") } }
    if let wrongId, UInt8(wrongId.replacingOccurrences(of: "0x", with: ""), radix: 16) == nil {
      throw ValidationError("--wrong-id '\(wrongId)': expected a byte in hex (e.g. 0x33)")
    }
  }

  func run() throws {
    let sensor = try SensorModel.parse(input.flags.sensor)
    guard let part = sensor.profile?.name, ["adxl345", "mpu6050", "lis3dh"].contains(part), let hz = sensor.rate else {
      throw ValidationError("--sensor: the emulated parts are the ADXL345, the MPU-6050 and the LIS3DH (e.g. --sensor adxl345@800:16, mpu6050@1000:16, lis3dh@1344:16); got '\(input.flags.sensor)'")
    }
    let milliHertz = UInt32((hz * 1000).rounded())
    let m = try loadModel(model)
    let source = try input.open()
    let n = source.segmentCount
    let segments = (last.map { max(0, n - $0) } ?? 0)..<n
    let sampling: DeviceSampling
    if continuous || n == 1 {
      sampling = .continuous
    } else {
      let spacing = n > 1 ? try source.segment(1).time - source.segment(0).time : 0
      guard let period = every ?? (spacing > 0 ? spacing : nil) else {
        throw InputError("\(input.recording): cannot tell the snapshot spacing from the segment times; pass --every")
      }
      sampling = .snapshot(every: period)
    }
    let start = try source.segment(segments.lowerBound).time
    func at(_ s: Double) -> UInt64 { UInt64(((start + s) * 1e9).rounded()) }
    func inject(_ emu: SensorEmulator) {
      emu.faults.nackDuring = nackAt.map { at($0)..<(at($0) + 2_000_000) }
      if let unplug, let (t, r) = try? pair(unplug, "--unplug") { emu.faults.unplug = (at: at(t), replugAt: r.map(at)) }
      emu.faults.stalls = stall.compactMap { try? pair($0, "--stall") }.map { (at: at($0.0), duration: UInt64(($0.1! * 1e6).rounded())) }
      emu.faults.stuckLine = stuckLine.compactMap { try? pair($0, "--stuck-line") }.map { at($0.0)..<at(max($0.0, $0.1!)) }
      emu.faults.wrongID = wrongId.flatMap { UInt8($0.replacingOccurrences(of: "0x", with: ""), radix: 16) }
    }
    let result: DeviceRunResult
    let partName: String
    do {
      if part == "lis3dh" {
        guard let rate = LIS3DHRate(milliHertz: milliHertz), let range = LIS3DHRange(g: Int(sensor.range)) else {
          throw ValidationError("--sensor '\(input.flags.sensor)': not a LIS3DH rate and range")
        }
        partName = String(format: "LIS3DH at %g Hz ±%d g (high resolution)", hz, range.g)
        result = try runDevice(source: source, model: m, segments: segments, sampling: sampling,
                               configuration: LIS3DHConfiguration(rate: rate, range: range, watermark: UInt8(watermark)), prepare: inject)
      } else if part == "mpu6050" {
        guard let rate = MPU6050Rate(milliHertz: milliHertz), let range = MPU6050Range(g: Int(sensor.range)) else {
          throw ValidationError("--sensor '\(input.flags.sensor)': not an MPU-6050 rate and range")
        }
        partName = String(format: "MPU-6050 at %g Hz ±%d g", hz, Int(sensor.range))
        result = try runDevice(source: source, model: m, segments: segments, sampling: sampling,
                               configuration: MPU6050Configuration(rate: rate, range: range), prepare: inject)
      } else {
        guard let rate = ADXL345Rate(milliHertz: milliHertz), let range = ADXL345Range(g: Int(sensor.range)) else {
          throw ValidationError("--sensor '\(input.flags.sensor)': not an ADXL345 rate and range")
        }
        partName = String(format: "ADXL345 at %g Hz ±%d g", hz, range.g)
        let config = ADXL345Configuration(rate: rate, range: range, watermark: UInt8(watermark), allowRateAboveI2CLimit: allowAbove800Hz)
        result = try runDevice(source: source, model: m, segments: segments, sampling: sampling, configuration: config, prepare: inject)
      }
    } catch let e as SensorError {
      throw InputError("\(input.recording): \(e.description)")
    }
    var buffer = [UInt8](repeating: 0, count: 512)
    for e in result.events {
      let k = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: m.frontEnd.bandLikeCount, into: $0) } ?? 0
      print(String(decoding: buffer[0..<max(0, k - 1)], as: UTF8.self))
    }
    let c = result.counters
    let mode = sampling == .continuous ? "continuous" : "snapshots"
    note("device: emulated \(partName), \(mode): \(c.windows) windows, \(c.frames) frames, \(c.snapshots) snapshots, \(result.events.count) events")
    note("counters: overruns \(c.overruns), bus errors \(c.busErrors), missed edges \(c.missedEdges), lost edges \(c.lostEdges), timed drains \(c.timedDrains), edges \(c.edges), re-probes \(c.reprobes), lost samples \(c.lostSamples), segments \(c.segments)")
  }
}
