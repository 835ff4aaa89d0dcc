// Shared helpers for the sensor tests: synthetic recordings, a small model (paths and the real-data folder
// come from TestSupport).

import Testing
import Foundation
import TestSupport
import VigilCore
import VigilHost
import VigilSensors

/// A synthetic 3-axis vibration at 3200 Hz (g): 50 Hz and 180 Hz tones with a little deterministic
/// broadband content, gravity on Z; `seconds` long, one continuous segment.
func vibration(seconds: Double = 10, rest: Bool = false) -> ContinuousRecording {
  let rate = 3200.0
  let n = Int(seconds * rate)
  var rng: UInt64 = 0x1234_5678
  func noise() -> Float {
    rng = rng &* 6364136223846793005 &+ 1442695040888963407
    return Float(Int64(bitPattern: rng) >> 40) / Float(1 << 23) * 0.05
  }
  var x = [Float](repeating: 0, count: n), y = x, z = x
  for i in 0..<n {
    let t = Double(i) / rate
    if rest { x[i] = 0.01; y[i] = -0.02; z[i] = 1; continue }
    x[i] = Float(0.8 * sin(2 * .pi * 50 * t) + 0.3 * sin(2 * .pi * 180 * t)) + noise()
    y[i] = Float(0.5 * sin(2 * .pi * 50 * t + 1)) + noise()
    z[i] = 1 + Float(0.2 * sin(2 * .pi * 180 * t)) + noise()
  }
  return ContinuousRecording(name: "vibration", sampleRate: rate, axes: [x, y, z], file: "synthetic")
}

/// The synthetic vibration as `sensor` sees it (default: an ADXL345 at 800 Hz, ±16 g; `lis3dhSource` and
/// `mpuSource` name the other parts' defaults).
func syntheticSource(_ sensor: String = "adxl345@800:16", seconds: Double = 10, rest: Bool = false) throws -> SensorSource {
  SensorSource(vibration(seconds: seconds, rest: rest), sensor: try SensorModel.parse(sensor))
}
/// As a LIS3DH at 1344 Hz, ±16 g (high resolution).
func lis3dhSource(seconds: Double = 10, rest: Bool = false) throws -> SensorSource { try syntheticSource("lis3dh@1344:16", seconds: seconds, rest: rest) }
/// As an MPU-6050 at 1 kHz, ±16 g.
func mpuSource(seconds: Double = 10, rest: Bool = false) throws -> SensorSource { try syntheticSource("mpu6050@1000:16", seconds: seconds, rest: rest) }

/// A bus trace in the datasheets' terms: "R0F" reads one byte of register 0x0F, "W20=07" writes 0x07 to
/// register 0x20 (hex, separated by spaces).
func busTrace(_ text: String) -> [BusTraceEntry] {
  text.split(separator: " ").map { op in
    let fields = op.dropFirst().split(separator: "=").map { UInt8($0, radix: 16)! }
    return op.first == "R" ? .read(register: fields[0], count: 1) : .write(register: fields[0], value: fields[1])
  }
}

/// A small model for the synthetic stream: 3 axes at 800 Hz, N = 256, hop 128, RMS baseline.
func syntheticModel(_ source: SensorSource, policy: AlertPolicy = .standard) throws -> Model {
  var plan = FrontEndPlan(sampleRate: source.sampleRate, axes: 3)
  plan.windowLength = 256; plan.bands = 16; plan.lowestBand = 10
  return try baselineModel(.rms, source: source, segments: 0..<1, config: plan.config(), policy: policy)
}

/// Events as the device sends them (JSON lines).
func json(_ events: [AlertEvent], bands: Int) -> [String] {
  var buffer = [UInt8](repeating: 0, count: 512)
  return events.map { e in
    let n = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: bands, into: $0) } ?? 0
    var line = String(decoding: buffer[0..<max(0, n - 1)], as: UTF8.self)
    // Without the timestamp: the host replay stamps each FIFO chunk with the segment's time plus the frames
    // pushed so far over the rate; the device stamps a snapshot's events with the snapshot's start (its clock).
    if let r = line.range(of: #""t":[0-9]+,"#, options: .regularExpression) { line.removeSubrange(r) }
    return line
  }
}

/// Nanoseconds from seconds.
func ns(_ seconds: Double) -> UInt64 { UInt64((seconds * 1e9).rounded()) }

/// PRONOSTIA Bearing1_1 seen through `sensor`, and a model trained on the first 20% of the run (as the
/// firmware parity test does): what the bit-exact device tests replay.
func pronostiaModel(_ sensor: String) throws -> (SensorSource, Model) {
  let source = SensorSource(try PronostiaRun(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1")),
                            sensor: try SensorModel.parse(sensor))
  let config = try standardPlan(for: source).config()
  var options = TrainingOptions(); options.epochs = 40
  let trained = try trainModel(source: source, segments: 0..<560, config: config, options: options,
                               policy: snapshotPolicy(windowsPerSegment: 1))
  return (source, trained.model)
}

/// What every part's clean continuous run must show: every frame of the recording (at most `slack` short:
/// the FIFO left at the end), the windows the replay scores with the same scores, and no gap of any kind.
func expectCleanRun(_ r: DeviceRunResult, source: SensorSource, model: Model, slack: UInt64, minimumWindows: Int) throws {
  let frames = UInt64(try source.framesPerSegment())
  #expect(r.counters.frames + slack >= frames && r.counters.frames <= frames, "\(r.counters)")
  let replayed = try replay(source, model: model)
  let n = r.windows.count
  #expect(n >= replayed.windows.count - 1 && n > minimumWindows)
  #expect(r.windows.map(\.score.value) == Array(replayed.windows.prefix(n).map(\.score)))
  #expect(r.counters.faults.overruns == 0 && r.counters.faults.busErrors == 0 && r.counters.wakeups.missedEdges == 0 && r.counters.segments == 1)
}
