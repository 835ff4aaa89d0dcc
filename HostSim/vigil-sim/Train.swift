// vigil-sim train: an autoencoder (or a baseline) trained on the healthy start of a recording.
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// The standard plan, with optional overrides from the command line.
func plan(for source: SensorSource, window: Int? = nil, bands: Int? = nil) throws -> FrontEndPlan {
  var p = try standardPlan(for: source)
  if let window { p.windowLength = window; p.lowestBand = max(2 * source.sampleRate / Double(window), 10) }
  if let bands { p.bands = bands }
  return p
}

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Train an autoencoder model on the healthy start of a recording.")

  @OptionGroup var input: RecordingInput
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
    var source = try input.open()
    if source.segmentCount == 1 && input.flags.segmentSeconds == nil {
      // One continuous recording: cut it into 10 pieces so that the last ones can be held out.
      let seconds = Double(try source.framesPerSegment()) / source.recording.sampleRate / 10
      note(String(format: "continuous recording: cut into 10 segments of %.3g s (the last 20%% held out)", seconds))
      source = try input.open(segmentSeconds: seconds)
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
