// vigil-sim: the host simulator. Real recordings through the same core the device runs.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

@main
struct VigilSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vigil-sim",
    abstract: "Vigil host simulator: train, replay and evaluate the on-device vibration monitor on recordings.",
    subcommands: [Demo.self, Train.self, Replay.self, Evaluate.self, Report.self, Export.self, Features.self, Inspect.self, FuzzModel.self])
}

/// Bad input — a file that is missing, unreadable or malformed: `Error: <message>`, exit status 1 (flag
/// mistakes are `ValidationError`s: usage text, exit status 64).
struct InputError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}

/// Reads and checks a model file.
func loadModel(_ path: String) throws -> Model {
  guard let bytes = filePrefix(path, count: 1 << 22) else { throw InputError("\(path): cannot read the model file") }
  do { return try Model.parse(bytes: bytes) } catch { throw InputError("\(path): \(error.message)") }
}

/// Prints to standard error (progress, notes), keeping standard output for results.
func note(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

/// Recording options shared by the commands.
struct RecordingFlags: ParsableArguments {
  @Option(help: "Sensor the replay models: native[:G], adxl345[@HZ][:G], mpu6050[@HZ][:G], lis3dh[@HZ][:G], +noise (e.g. adxl345@1600:16).")
  var sensor = "native"
  @Option(help: "IMS channels to use as axes (comma-separated, 0-based).")
  var channels: String?
  @Option(help: "MAT-file variable (name or suffix, e.g. DE_time, FE_time).")
  var variable: String?
  @Option(help: "Raw Int16 recordings: sample rate (Hz).")
  var rate: Double?
  @Option(help: "Raw Int16 recordings: interleaved axes.")
  var axes: Int?
  @Option(help: "Full scale in g of integer recordings (raw, WAV PCM).")
  var fullScale = 16.0
  @Option(help: "Cut continuous recordings (CWRU, CbM, WAV) into segments of this many seconds.")
  var segmentSeconds: Double?

  func open(_ path: String, segmentSeconds override: Double? = nil) throws -> SensorSource {
    var o = RecordingOptions()
    o.segmentSeconds = override ?? segmentSeconds
    o.channels = try channels.map { try $0.split(separator: ",").map { guard let v = Int($0) else { throw ValidationError("--channels: '\($0)' is not a number") }; return v } }
    o.variable = variable; o.rawRate = rate; o.rawAxes = axes; o.fullScale = fullScale
    let recording = try openRecording(path, options: o)
    var model = try SensorModel.parse(sensor)
    if model.profile == nil, sensor == "native" {
      // Native default full scale: PRONOSTIA peaks near 48 g, CbM is an ADXL356C (±10 g), others ±16 g.
      model = .native(fullScale: recording is PronostiaRun ? 50 : (recording.name.hasSuffix(".Wfm.csv") ? 10 : fullScale))
    }
    return SensorSource(recording, sensor: model)
  }
}

/// How thresholds are calibrated (shared by train and evaluate).
struct CalibrationFlags: ParsableArguments {
  @Option(help: "Threshold = margin × this quantile of held-out healthy scores.")
  var quantile = Calibration().quantile
  @Option(help: "Threshold margin.")
  var margin = Calibration().margin
  var value: Calibration { Calibration(quantile: quantile, margin: margin) }

  func validate() throws {
    guard quantile > 0, quantile <= 1 else { throw ValidationError("--quantile must be in (0, 1]") }
    guard margin > 0 else { throw ValidationError("--margin must be positive") }
  }
}

/// The standard plan, with optional overrides from the command line.
func plan(for source: SensorSource, window: Int? = nil, bands: Int? = nil) throws -> FrontEndPlan {
  var p = try standardPlan(for: source)
  if let window { p.windowLength = window; p.lowestBand = max(2 * source.sampleRate / Double(window), 10) }
  if let bands { p.bands = bands }
  return p
}

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Train an autoencoder model on the healthy start of a recording.")

  @Argument(help: "Recording: PRONOSTIA or IMS folder, .mat (CWRU, IMS), CbM .csv, .wav, .raw.")
  var recording: String
  @OptionGroup var input: RecordingFlags
  @Option(help: "Fraction of the segments (from the start) that are healthy training data.")
  var trainFraction = 0.2
  @Option(name: .shortAndLong, help: "Model file to write.")
  var output = "model.vglm"
  @Option(help: "Also write the model as Swift source (a constant table for a firmware build).")
  var swift: String?
  @Option(help: "Random seed (same seed, same data: same model).")
  var seed: UInt64 = 1
  @Option(help: "Window length N (power of two, 64...4096; default: fitted to the segments, up to 1024).")
  var window: Int?
  @Option(help: "Bands per axis (1...32; default 24, 16 for short windows).")
  var bands: Int?
  @OptionGroup var calibration: CalibrationFlags
  @Option(help: "Also write the float model (JSON), the reference the quantized model is compared with.")
  var floatModel: String?
  @Flag(help: "Skip replaying the whole recording to compare the quantized model with the float one.")
  var noCheck = false
  @Option(help: "Detector: autoencoder, or a baseline (rms, kurtosis) calibrated the same way on the same windows.")
  var detector = "autoencoder"

  func validate() throws {
    guard trainFraction > 0, trainFraction <= 1 else { throw ValidationError("--train-fraction must be in (0, 1]") }
    guard ["autoencoder", "rms", "kurtosis"].contains(detector) else { throw ValidationError("--detector must be autoencoder, rms or kurtosis") }
  }

  func run() throws {
    var source = try input.open(recording)
    if source.segmentCount == 1 && input.segmentSeconds == nil {
      // One continuous recording: cut it into 10 pieces so that the last ones can be held out.
      let seconds = Double(try source.framesPerSegment()) / source.recording.sampleRate / 10
      note(String(format: "continuous recording: cut into 10 segments of %.3g s (the last 20%% held out)", seconds))
      source = try input.open(recording, segmentSeconds: seconds)
    }
    let config = try plan(for: source, window: window, bands: bands).config()
    let end = max(2, Int(Double(source.segmentCount) * trainFraction))
    var options = TrainingOptions(); options.seed = seed
    // Snapshot-style recordings (many short segments) get the snapshot policy (debounce over ~4 snapshots).
    let perSegment = (try source.framesPerSegment() - config.windowLength) / config.hop + 1
    let policy = source.segmentCount > 1 ? snapshotPolicy(windowsPerSegment: perSegment) : .standard
    let t0 = Date()
    if detector != "autoencoder" {
      let kind: DetectorKind = detector == "rms" ? .rms : .kurtosis
      let m = try baselineModel(kind, source: source, segments: 0..<min(end, source.segmentCount), config: config,
                                calibration: calibration.value, policy: policy)
      try Data(m.fileBytes()).write(to: URL(fileURLWithPath: output))
      print("\(detector) threshold \(Double(m.threshold) / pow(2, Double(kind.scoreFractionBits))) calibrated on \(end) segments; wrote \(output)")
      return
    }
    let trained = try trainModel(source: source, segments: 0..<min(end, source.segmentCount), config: config, options: options,
                                 calibration: calibration.value, policy: policy, progress: note)
    let bytes = trained.model.fileBytes()
    try Data(bytes).write(to: URL(fileURLWithPath: output))
    if let swift { try trained.model.swiftSource().write(toFile: swift, atomically: true, encoding: .utf8) }
    if let floatModel { try JSONEncoder().encode(trained.float).write(to: URL(fileURLWithPath: floatModel)) }
    print("""
      trained on \(trained.trainWindows) windows (\(end) of \(source.segmentCount) segments), \
      \(trained.float.parameterCount) parameters, best epoch \(trained.report.bestEpoch) of \(trained.report.epochs)
      threshold \(String(format: "%.4f", Double(trained.model.threshold) / 65536)) σ² \
      (\(calibration.margin) × the \(calibration.quantile) quantile of \(trained.validationScores.count) held-out healthy windows)
      wrote \(output) (\(bytes.count) bytes, front-end fingerprint \(String(format: "%08x", config.fingerprint))) \
      in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s
      """)
    if noCheck { return }
    // Quantized vs float on every window of the recording (healthy and faulty).
    let q = try replay(source, model: trained.model, keepFeatures: true)
    let f = floatReplay(trained.float, windows: q.windows, threshold: trained.model.threshold, policy: trained.model.policy)
    let rho = spearman(q.windows.map { Double($0.score) }, f.scores)
    let same = q.events.map { "\($0.kind)@\($0.window)" } == f.events.map { "\($0.kind)@\($0.window)" }
    print(String(format: "quantized vs float on all %d windows: Spearman %.5f; alert events %@ (%d vs %d)",
                 q.windows.count, rho, same ? "identical" : "differ", q.events.count, f.events.count))
    print("  " + compareDecisions(q.events, f.events, windows: q.windows.count).description)
    if !same {
      print("  quantized: " + q.events.filter { $0.kind != .heartbeat }.map { "\($0.kind)@\($0.window)" }.joined(separator: " "))
      print("  float:     " + f.events.filter { $0.kind != .heartbeat }.map { "\($0.kind)@\($0.window)" }.joined(separator: " "))
    }
  }
}

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Describe a model file or a recording.")
  @Argument(help: "A model file (.vglm) or a recording.")
  var path: String
  @OptionGroup var input: RecordingFlags

  func run() throws {
    if filePrefix(path, count: 4) != Array("VGLM".utf8) { return try inspectRecording() }
    let model = path
    let m = try loadModel(model)
    let size = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
    let fe = m.frontEnd
    print("model \(model): \(size) bytes, version \(Model.version), detector \(m.detector)")
    print("front end: \(fe.axes) axes, N = \(fe.windowLength), hop \(fe.hop), \(fe.bands.count) bands, " +
          "\(fe.filter.count) filter sections, decimation \(fe.decimation); fingerprint \(String(format: "%08x", fe.fingerprint))")
    if m.detector == .autoencoder {
      let sizes = [m.autoencoder.featureCount] + (0..<m.autoencoder.layerCount).map { m.autoencoder.layer($0).outputs }
      print("autoencoder: " + sizes.map(String.init).joined(separator: " → ") + ", int8 weights, int16 activations")
    }
    let frac = m.detector.scoreFractionBits
    print("threshold: \(Double(m.threshold) / pow(2, Double(frac))) (calibration: \(m.calibrationMarginQ16 > 0 ? String(format: "%.2f", Double(m.calibrationMarginQ16) / 65536) : "-") × quantile \(Double(m.calibrationQuantilePPM) / 1e6))")
    let p = m.policy
    print("alert policy: warm-up \(p.warmUpWindows), EWMA \(Double(p.smoothingQ15) / 32768), raise \(Double(p.raiseRatioQ16) / 65536)×, clear \(Double(p.clearRatioQ16) / 65536)×, critical \(Double(p.criticalRatioQ16) / 65536)×, debounce \(p.debounceK)-of-\(p.debounceN), heartbeat every \(p.heartbeatWindows) windows; raise after \(p.raiseHoldWindows) windows more, clear after \(p.clearHoldWindows), escalate after \(p.escalateAfterWindows)")
  }
}

extension Inspect {
  func inspectRecording() throws {
    let source = try input.open(path)
    let r = source.recording
    let first = try r.segment(0)
    let last = r.segmentCount > 1 ? try r.segment(r.segmentCount - 1) : first
    print("recording \(r.name): \(r.axisCount) axes at \(String(format: "%g", r.sampleRate)) Hz, \(r.segmentCount) segment(s) of \(first.frames) frames")
    print(String(format: "time: %.1f s to %.1f s (%.2f h)", first.time, last.time, (last.time - first.time) / 3600))
    for (name, seg) in [("first", first), ("last", last)] {
      let rms = seg.axes.map { a in (a.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, a.count))).squareRoot() }
      let peak = seg.axes.map { a in Double(a.map(abs).max() ?? 0) }
      print("\(name) segment: RMS " + rms.map { String(format: "%.4f g", $0) }.joined(separator: ", ") +
            "; peak " + peak.map { String(format: "%.3f g", $0) }.joined(separator: ", "))
    }
    if let p = r as? PronostiaRun, !p.repairedTimes.isEmpty {
      print("note: unusable clock in \(p.repairedTimes.joined(separator: ", ")): time repaired from the 10 s cadence")
    }
    print("as the core sees it: \(source.sensor), \(String(format: "%g", source.sampleRate)) Hz, \(try source.framesPerSegment()) frames per segment")
  }
}
