// vigil-sim: the flag groups shared by the subcommands (the recording and how it is read, calibration).
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// The recording a command reads and how to read it: one group for every command that takes a recording.
struct RecordingInput: ParsableArguments {
  @Argument(help: "Recording: PRONOSTIA or IMS folder, .mat (CWRU, IMS), CbM .csv, .wav, .raw.")
  var recording: String
  @OptionGroup var flags: RecordingFlags

  /// Opens the recording as the chosen sensor delivers it.
  func open(segmentSeconds override: Double? = nil) throws -> SensorSource {
    try flags.open(recording, segmentSeconds: override)
  }
}

/// How a recording is read and which sensor it is replayed as (`inspect` takes these without the argument).
/// Every value is checked in `validate()`: a bad one is a usage error (exit 64) naming the flag.
struct RecordingFlags: ParsableArguments {
  @Option(help: "Sensor the replay models: native[:G], adxl345[@HZ][:G], mpu6050[@HZ][:G], lis3dh[@HZ][:G], +noise (e.g. adxl345@1600:16).")
  var sensor = "native"
  @Option(help: ArgumentHelp("IMS channels to use as axes (comma-separated, 0-based, 0...7).", valueName: "list"))
  var channels: String?
  @Option(help: "MAT-file variable (name or suffix, e.g. DE_time, FE_time).")
  var variable: String?
  @Option(help: ArgumentHelp("Raw Int16 recordings: sample rate (Hz, 100...1000000).", valueName: "hz"))
  var rate: Double?
  @Option(help: "Raw Int16 recordings: interleaved axes (1...3).")
  var axes: Int?
  @Option(help: ArgumentHelp("Full scale in g of integer recordings (raw, WAV PCM), 0.01...100000 (default: 16; an export's own).", valueName: "g"))
  var fullScale: Double?
  @Option(help: ArgumentHelp("Cut continuous recordings (CWRU, CbM, WAV) into segments of this many seconds (0.001...1000000).", valueName: "seconds"))
  var segmentSeconds: Double?

  func validate() throws {
    do { _ = try SensorModel.parse(sensor) } catch { throw ValidationError("--sensor: \(error)") }
    _ = try channelList()
    if let variable, variable.isEmpty || variable.contains("\0") { throw ValidationError("--variable must be a MAT variable name") }
    if let rate, !RecordingLimits.sampleRates.contains(rate) { throw ValidationError("--rate \(rate) is not a sample rate of 100...1000000 Hz") }
    if let axes, !(1...3).contains(axes) { throw ValidationError("--axes \(axes) is not 1...3") }
    if let fullScale, !SensorModel.nativeFullScales.contains(fullScale) {
      throw ValidationError("--full-scale \(fullScale) is not 0.01...100000 g")
    }
    if let segmentSeconds { try Self.checkSegmentSeconds(segmentSeconds) }
  }

  static func checkSegmentSeconds(_ s: Double) throws {
    guard s >= 0.001 && s <= 1_000_000 else { throw ValidationError("--segment-seconds \(s) is not 0.001...1000000 s") }
  }

  func channelList() throws -> [Int]? {
    try channels.map { text in
      try text.split(separator: ",", omittingEmptySubsequences: false).map {
        guard let v = Int($0.trimmingCharacters(in: .whitespaces)), (0...7).contains(v) else {
          throw ValidationError("--channels: '\($0)' is not a channel number 0...7")
        }
        return v
      }
    }
  }

  func open(_ path: String, segmentSeconds override: Double? = nil) throws -> SensorSource {
    var o = RecordingOptions()
    o.segmentSeconds = override ?? segmentSeconds
    o.channels = try channelList()
    o.variable = variable; o.rawRate = rate; o.rawAxes = axes; o.fullScale = fullScale ?? 16
    var model = try SensorModel.parse(sensor)
    if let export = try ExportMetadata.read(for: path) {
      // An export: its sidecar says what the counts are. Flags may repeat it, never contradict it.
      let sidecar = ExportMetadata.sidecarPath(path)
      if let rate, rate != export.sampleRate { throw ValidationError("--rate \(rate) contradicts \(sidecar) (\(export.sampleRate) Hz): leave it out") }
      if let axes, axes != export.axes { throw ValidationError("--axes \(axes) contradicts \(sidecar) (\(export.axes) axes): leave it out") }
      if let fullScale, abs(fullScale - export.fullScale) > 1e-9 * export.fullScale {
        throw ValidationError("--full-scale \(fullScale) contradicts \(sidecar) (\(export.countsPerG) counts per g = ±\(export.fullScale) g): leave it out")
      }
      if sensor != "native" && model.spec != export.sensor {
        throw ValidationError("--sensor \(sensor): \(path) already holds what \(export.sensor) delivered (\(sidecar)); leave --sensor out")
      }
      o.rawRate = export.sampleRate; o.rawAxes = export.axes; o.fullScale = export.fullScale
      if sensor == "native" { model = .native(fullScale: export.fullScale) }
      return SensorSource(try openRecording(path, options: o), sensor: model)
    }
    let recording = try openRecording(path, options: o)
    if model.profile == nil, sensor == "native" {
      // Native default full scale: PRONOSTIA peaks near 48 g, CbM is an ADXL356C (±10 g), others ±16 g.
      model = .native(fullScale: recording is PronostiaRun ? 50 : (recording.name.hasSuffix(".Wfm.csv") ? 10 : o.fullScale))
    }
    return SensorSource(recording, sensor: model)
  }
}

/// How thresholds are calibrated (shared by train and evaluate).
struct CalibrationFlags: ParsableArguments {
  /// The largest margin: 1000 × a healthy quantile is far past any useful alert level, and keeps the
  /// model's Q16.16 margin field and the threshold inside Int32.
  static let maxMargin = 1000.0
  @Option(help: "Threshold = margin × this quantile of held-out healthy scores (0 < q ≤ 1).")
  var quantile = Calibration().quantile
  @Option(help: "Threshold margin (0 < margin ≤ 1000).")
  var margin = Calibration().margin
  var value: Calibration { Calibration(quantile: quantile, margin: margin) }

  func validate() throws {
    guard quantile > 0, quantile <= 1 else { throw ValidationError("--quantile \(quantile) is not in (0, 1]") }
    guard margin > 0, margin <= Self.maxMargin else { throw ValidationError("--margin \(margin) is not in (0, \(Int(Self.maxMargin))]") }
  }
}

/// Which segments of a recording: "all", one index "7", a half-open range "0:20" (or "0..<20"), or a
/// comma-separated list of these ("0:5,9,12:14"). Shared by `export` and `features`.
struct SegmentSelection: ExpressibleByArgument, CustomStringConvertible {
  var parts: [Range<Int>]
  var all = false
  init?(argument: String) {
    if argument == "all" { parts = []; all = true; return }
    var out: [Range<Int>] = []
    for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
      let p = item.trimmingCharacters(in: .whitespaces)
      let bounds = p.contains("..<") ? p.components(separatedBy: "..<") : p.components(separatedBy: ":")
      guard let a = Int(bounds[0]), a >= 0, a < Int.max else { return nil }
      if bounds.count == 1 { out.append(a..<(a &+ 1)); continue }
      guard bounds.count == 2, let b = Int(bounds[1]), b > a else { return nil }
      out.append(a..<b)
    }
    parts = out
  }
  var description: String {
    all ? "all" : parts.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }.joined(separator: ",")
  }
  static let help = "Segments: all, N, FIRST:END (end excluded; FIRST..<END also works) or a comma-separated list of these (e.g. 0:20,30)."

  /// The indices, checked against `count` segments (`--segments` must name segments that exist).
  func indices(count: Int) throws -> [Int] {
    if all { return Array(0..<count) }
    var out: [Int] = []
    for r in parts {
      guard r.upperBound <= count else {
        throw ValidationError("--segments: \(r.count == 1 ? "\(r.lowerBound)" : "\(r.lowerBound):\(r.upperBound)") is outside the recording's \(count) segments (0:\(count))")
      }
      out += r
    }
    return out
  }
}
