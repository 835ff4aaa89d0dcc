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
  @OptionGroup var schedule: DeviceScheduleFlags
  @Option(help: "FIFO watermark, entries (1...31; ADXL345 only: the MPU-6050 has no watermark and is drained on a timer).")
  var watermark = 16
  @Flag(name: .customLong("allow-above-800hz"), help: "Allow ADXL345 rates above 800 Hz over I2C (the datasheet advises SPI for them).")
  var allowAbove800Hz = false
  @OptionGroup var faults: DeviceFaultFlags

  func validate() throws {
    guard (1...31).contains(watermark) else { throw ValidationError("--watermark must be 1...31 (the ADXL345 and LIS3DH FIFOs hold 32)") }
  }

  func run() throws {
    let sensor = try SensorModel.parse(input.flags.sensor)
    guard let part = sensor.profile?.name, ["adxl345", "mpu6050", "lis3dh"].contains(part), let hz = sensor.rate else {
      throw ValidationError("--sensor: the emulated parts are the ADXL345, the MPU-6050 and the LIS3DH (e.g. --sensor adxl345@800:16, mpu6050@1000:16, lis3dh@1344:16); got '\(input.flags.sensor)'")
    }
    let milliHertz = UInt32((hz * 1000).rounded())
    let m = try loadModel(model)
    let source = try input.open()
    let (segments, sampling) = try schedule.plan(source, recording: input.recording)
    let start = try source.segment(segments.lowerBound).time
    let inject = { (emu: SensorEmulator) in faults.inject(into: emu, start: start) }
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
    note("counters: \(c.summary)")
  }
}
