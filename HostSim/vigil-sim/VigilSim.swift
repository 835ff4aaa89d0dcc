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
    subcommands: [Train.self, Replay.self, Features.self, Inspect.self, FuzzModel.self])
}

/// Prints to standard error (progress, notes), keeping standard output for results.
func note(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

/// Opens a recording: a PRONOSTIA folder (acc_*.csv) or a CbM `;`-CSV file.
func openSource(_ path: String) throws -> SegmentSource {
  let url = URL(fileURLWithPath: path)
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
    throw ValidationError("no such file or folder: \(path)")
  }
  if isDir.boolValue { return try PronostiaSource(folder: url) }
  if path.hasSuffix(".csv") { return try CbMSource(url: url) }
  throw ValidationError("\(path): unknown recording format (expected a PRONOSTIA folder or a CbM .csv)")
}

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Train an autoencoder model on the healthy start of a recording.")

  @Argument(help: "Recording: a PRONOSTIA folder (acc_NNNNN.csv) or a CbM .csv file.")
  var recording: String
  @Option(help: "Fraction of the segments (from the start) that are healthy training data.")
  var trainFraction = 0.2
  @Option(name: .shortAndLong, help: "Model file to write.")
  var output = "model.vglm"
  @Option(help: "Also write the model as Swift source (a constant table for a firmware build).")
  var swift: String?
  @Option(help: "Random seed (same seed, same data: same model).")
  var seed: UInt64 = 1
  @Option(help: "Window length N (power of two, 64...4096).")
  var window = 1024
  @Option(help: "Bands per axis (1...32).")
  var bands = 24
  @Option(help: "Threshold = margin × this quantile of held-out healthy scores.")
  var quantile = 0.995
  @Option(help: "Threshold margin.")
  var margin = 1.5
  @Option(help: "Also write the float model (JSON), the reference the quantized model is compared with.")
  var floatModel: String?
  @Flag(help: "Skip replaying the whole recording to compare the quantized model with the float one.")
  var noCheck = false

  func validate() throws {
    guard trainFraction > 0, trainFraction <= 1 else { throw ValidationError("--train-fraction must be in (0, 1]") }
    guard quantile > 0, quantile <= 1 else { throw ValidationError("--quantile must be in (0, 1]") }
    guard margin > 0 else { throw ValidationError("--margin must be positive") }
  }

  func run() throws {
    let source = try openSource(recording)
    var plan = FrontEndPlan(sampleRate: source.sampleRate, axes: source.axes)
    plan.windowLength = window; plan.bands = bands
    let config = try plan.config()
    let end = max(2, Int(Double(source.segmentCount) * trainFraction))
    var options = TrainingOptions(); options.seed = seed
    let t0 = Date()
    let trained = try trainModel(source: source, segments: 0..<min(end, source.segmentCount), config: config, options: options,
                                 calibration: Calibration(quantile: quantile, margin: margin), progress: note)
    let bytes = trained.model.fileBytes()
    try Data(bytes).write(to: URL(fileURLWithPath: output))
    if let swift { try trained.model.swiftSource().write(toFile: swift, atomically: true, encoding: .utf8) }
    if let floatModel { try JSONEncoder().encode(trained.float).write(to: URL(fileURLWithPath: floatModel)) }
    print("""
      trained on \(trained.trainWindows) windows (\(end) of \(source.segmentCount) segments), \
      \(trained.float.parameterCount) parameters, best epoch \(trained.report.bestEpoch) of \(trained.report.epochs)
      threshold \(String(format: "%.4f", Double(trained.model.threshold) / 65536)) σ² \
      (\(margin) × the \(quantile) quantile of \(trained.validationScores.count) held-out healthy windows)
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
  static let configuration = CommandConfiguration(abstract: "Describe a model file.")
  @Argument(help: "A model file (.vglm).")
  var model: String

  func run() throws {
    guard let data = FileManager.default.contents(atPath: model) else { throw ValidationError("cannot read \(model)") }
    let m: Model
    do { m = try Model.parse(bytes: [UInt8](data)) } catch {
      throw ValidationError("\(model): \(error.message)")
    }
    let fe = m.frontEnd
    print("model \(model): \(data.count) bytes, version \(Model.version), detector \(m.detector)")
    print("front end: \(fe.axes) axes, N = \(fe.windowLength), hop \(fe.hop), \(fe.bands.count) bands, " +
          "\(fe.filter.count) filter sections, decimation \(fe.decimation); fingerprint \(String(format: "%08x", fe.fingerprint))")
    if m.detector == .autoencoder {
      let sizes = [m.autoencoder.featureCount] + (0..<m.autoencoder.layerCount).map { m.autoencoder.layer($0).outputs }
      print("autoencoder: " + sizes.map(String.init).joined(separator: " → ") + ", int8 weights, int16 activations")
    }
    let frac = m.detector.scoreFractionBits
    print("threshold: \(Double(m.threshold) / pow(2, Double(frac))) (calibration: \(m.calibrationMarginQ16 > 0 ? String(format: "%.2f", Double(m.calibrationMarginQ16) / 65536) : "-") × quantile \(Double(m.calibrationQuantilePPM) / 1e6))")
    let p = m.policy
    print("alert policy: warm-up \(p.warmUpWindows), EWMA \(Double(p.smoothingQ15) / 32768), raise \(Double(p.raiseRatioQ16) / 65536)×, clear \(Double(p.clearRatioQ16) / 65536)×, critical \(Double(p.criticalRatioQ16) / 65536)×, debounce \(p.debounceK)-of-\(p.debounceN), heartbeat every \(p.heartbeatWindows) windows")
  }
}
