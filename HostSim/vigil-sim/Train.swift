// vigil-sim train: an autoencoder (or a baseline) trained on the healthy start of a recording.
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// The standard plan, with optional overrides from the command line.
func plan(for source: SensorSource, window: Int? = nil, bands: Int? = nil, features: FeatureSet = []) throws -> FrontEndPlan {
  var p = try standardPlan(for: source)
  if let window { p.windowLength = window; p.lowestBand = max(2 * source.sampleRate / Double(window), 10) }
  if let bands { p.bands = bands }
  p.features = features
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
  @Option(help: ArgumentHelp("Opt-in front-end features, comma-separated: relative (bands relative to the window's total energy, plus the total), envelope (envelope band energies of a carrier band from fs/4 up, demodulated from the window's spectrum), or none. Recorded in the model (file version 3): a build without them refuses it.", valueName: "list"))
  var features = "none"
  @OptionGroup var calibration: CalibrationFlags
  @Option(help: "Also write the float model (JSON), the reference the quantized model is compared with.")
  var floatModel: String?
  @Flag(help: "Skip replaying the whole recording to compare the quantized model with the float one.")
  var noCheck = false
  enum Detector: String, ExpressibleByArgument, CaseIterable { case autoencoder, rms, kurtosis }
  @Option(help: "Detector: autoencoder, or a baseline (rms, kurtosis) calibrated the same way on the same windows.")
  var detector = Detector.autoencoder
  @Option(name: .customLong("also"), help: ArgumentHelp("Another healthy recording trained with the first as one healthy set (repeatable; e.g. the other load or speed): read with the same flags, the same --train-fraction of each, the last 20% of each held out for calibration.", valueName: "recording"))
  var also: [String] = []

  func validate() throws {
    guard trainFraction > 0, trainFraction <= 1 else { throw ValidationError("--train-fraction \(trainFraction) is not in (0, 1]") }
    if let window, !(64...4096).contains(window) || window & (window - 1) != 0 {
      throw ValidationError("--window \(window) is not a power of two from 64 to 4096")
    }
    if let bands, !(1...32).contains(bands) { throw ValidationError("--bands \(bands) is not 1...32") }
    do { _ = try parseFeatures(features) } catch { throw ValidationError("--features: \(error)") }
    // Every output is checked before any work (and before any file is written).
    for (flag, path) in [("--output", output), ("--swift", swift), ("--float-model", floatModel)] {
      if let path, let problem = outputProblem(path) { throw ValidationError("\(flag): \(path): cannot write: \(problem)") }
    }
  }

  /// Opens a healthy recording. A continuous one is cut into 10 pieces so that the last ones can be held
  /// out: one segment into tenths; a raw file whose index has a few rows of unequal length (a `vigil record`
  /// file with an overrun or two) into pieces of a tenth of its length, never across a gap. Returns the frames of each
  /// piece in the second case, where the training share is then measured in time: a stretch cut short by an
  /// overrun does not count as a whole tenth. `continuous`: cut here or by --segment-seconds (the standard
  /// alert policy), not a recording of snapshots (the snapshot policy).
  func openHealthy(_ path: String) throws -> HealthyRecording {
    var source = try input.flags.open(path)
    guard input.flags.segmentSeconds == nil else { return HealthyRecording(source: source, pieceFrames: nil, continuous: true) }
    if source.segmentCount == 1 {
      let seconds = Double(try source.framesPerSegment()) / source.recording.sampleRate / 10
      note("\(path): " + String(format: "continuous recording: cut into 10 segments of %.3g s (the first %g%% train; pass --segment-seconds to choose)",
                                 seconds, trainFraction * 100))
      return HealthyRecording(source: try input.flags.open(path, segmentSeconds: seconds), pieceFrames: nil, continuous: true)
    }
    // A few index rows of unequal length are the gap-free stretches of one continuous recording (a `vigil record`
    // file: a new row after an overrun or every 2^20 frames), not snapshots (which have equal lengths).
    if (2..<10).contains(source.segmentCount), let raw = source.recording as? RawInt16Recording,
       let shortest = raw.segments.map(\.frames).min(), let longest = raw.segments.map(\.frames).max(), 2 * shortest < longest {
      let seconds = Double(raw.segments.reduce(0) { $0 + $1.frames }) / raw.sampleRate / 10
      note("\(path): " + String(format: "%d gap-free stretches: cut into pieces of %.3g s, none across a gap (the first %g%% of the time trains; pass --segment-seconds to choose)",
                                 source.segmentCount, seconds, trainFraction * 100))
      source = try input.flags.open(path, segmentSeconds: seconds)
      return HealthyRecording(source: source, pieceFrames: (source.recording as? RawInt16Recording)?.segments.map(\.frames), continuous: true)
    }
    return HealthyRecording(source: source, pieceFrames: nil, continuous: false)
  }

  /// The healthy segments that train (and hold out their last fifth): the first `trainFraction` of them,
  /// or of the time when `pieceFrames` says how long each is; at least 2.
  func trainingRange(_ s: SensorSource, pieceFrames: [Int]?) -> Range<Int> {
    guard let frames = pieceFrames else { return 0..<min(max(2, Int(Double(s.segmentCount) * trainFraction)), s.segmentCount) }
    let goal = Double(frames.reduce(0, +)) * trainFraction
    var k = 0, sum = 0
    while k < frames.count && Double(sum) < goal * (1 - 1e-9) { sum += frames[k]; k += 1 }
    return 0..<min(max(2, k), s.segmentCount)
  }

  func run() throws {
    let first = try openHealthy(input.recording), source = first.source
    let frames = try source.framesPerSegment()
    if let window, window > frames {
      throw ValidationError("--window \(window) is longer than the segments (\(frames) frames at \(String(format: "%g", source.sampleRate)) Hz): use --window \(largestPowerOfTwo(atMost: frames)) or longer --segment-seconds")
    }
    let config: FrontEndConfig
    do {
      config = try plan(for: source, window: window, bands: bands, features: try parseFeatures(features)).config()
      try config.validate(capacity: maximumFFTLength)
    }
    catch let e as BandPlanError { throw ValidationError("--bands/--window: \(e)") }
    catch let e as SensorError { throw InputError("\(input.recording): \(e.description)") }
    catch let e as ConfigError { throw ValidationError("--bands/--window/--features: \(e.message)") }
    var parts: [(SegmentSource, Range<Int>)] = []
    for (path, h) in try [(input.recording, first)] + also.map({ ($0, try openHealthy($0)) }) {
      let s = h.source
      guard s.sampleRate == source.sampleRate && s.axes == source.axes else {
        throw InputError("\(path): \(s.axes) axes at \(s.sampleRate) Hz, but \(input.recording) has \(source.axes) at \(source.sampleRate) Hz: one model needs one stream format")
      }
      guard try s.framesPerSegment() >= config.windowLength else {
        throw InputError("\(path): segments shorter than the window (\(config.windowLength) samples) of \(input.recording)'s front end")
      }
      parts.append((s, trainingRange(s, pieceFrames: h.pieceFrames)))
    }
    let end = parts[0].1.upperBound
    var options = TrainingOptions(); options.seed = seed
    // Snapshot recordings (several segments of their own, e.g. PRONOSTIA) get the snapshot policy (debounce
    // over ~4 snapshots); continuous ones, even cut into pieces here or by --segment-seconds, the standard
    // one: the device measures them continuously (as `evaluate --manifest` decides).
    let perSegment = (try source.framesPerSegment() - config.windowLength) / config.hop + 1
    let policy = first.continuous ? .standard : snapshotPolicy(windowsPerSegment: perSegment)
    let t0 = Date()
    let set = try healthySet(parts, config: config)
    // Loud warnings: a level step inside one "healthy" recording, a calibration set too small for the quantile.
    for (k, vectors) in set.perPart.enumerated() {
      if let step = largestLevelStep(vectors), step.size >= levelStepWarning {
        let path = ([input.recording] + also)[k], name = featureName(step.feature, bandCount: config.bandLikeCount)
        note("warning: \(path): the training data is not stationary: \(name) steps by "
             + String(format: "%.1f standard deviations at %.0f%% of its %d windows", step.size, 100 * step.at, vectors.count)
             + " (a load or speed change?); train each condition as its own recording (--also) or pick a steady stretch")
      }
    }
    if let w = calibration.value.sizeWarning(windows: set.validation.count) { note("warning: " + w) }
    if detector != .autoencoder {
      let kind: DetectorKind = detector == .rms ? .rms : .kurtosis
      let m = baselineModel(kind, vectors: set.train + set.validation, config: config, calibration: calibration.value, policy: policy)
      try checkThreshold(m)
      try writeOutputFile(output, m.fileBytes())
      print("\(detector) threshold \(Double(m.threshold) / pow(2, Double(kind.scoreFractionBits))) calibrated on \(parts.map { "\($0.1.count)" }.joined(separator: " + ")) segments; wrote \(output)")
      return
    }
    let trained: TrainedModel
    do {
      trained = try trainModel(train: set.train, validation: set.validation, config: config, options: options,
                               calibration: calibration.value, policy: policy, progress: note)
    } catch let e as TrainingError {
      guard case .tooFewWindows = e else { throw e }
      let perSeg = max(0, perSegment)
      throw InputError("""
        \(input.recording): \(e) — \(end) training segments × \(perSeg) windows of N = \(config.windowLength) \
        (hop \(config.hop)) each. More windows: a larger --train-fraction (now \(trainFraction)), shorter --segment-seconds \
        (segments of \(frames) frames now), a shorter --window, or a longer healthy recording
        """)
    }
    try checkThreshold(trained.model)
    let bytes = trained.model.fileBytes()
    let floatJSON = try floatModel.map { _ in [UInt8](try JSONEncoder().encode(trained.float)) }
    try writeOutputFile(output, bytes)
    if let swift { try writeOutputFile(swift, text: trained.model.swiftSource()) }
    if let floatModel, let floatJSON { try writeOutputFile(floatModel, floatJSON) }
    print("""
      trained on \(trained.trainWindows) windows (\(end) of \(source.segmentCount) segments\(also.isEmpty ? "" : " and \(also.count) more recordings")), \
      \(trained.float.parameterCount) parameters, best epoch \(trained.report.bestEpoch) of \(trained.report.epochs)
      threshold \(String(format: "%.4f", Double(trained.model.threshold) / 65536)) σ² \
      (\(calibration.margin) × the \(calibration.quantile) quantile of \(trained.validationScores.count) held-out healthy windows)
      wrote \(output) (\(bytes.count) bytes, front-end fingerprint \(String(format: "%08x", config.fingerprint))) \
      in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s
      """)
    if noCheck { return }
    // Quantized vs float on every window of the recording (healthy and faulty).
    let q = try replay(source, model: trained.model, keepFeatures: true)
    let f = floatReplay(trained.float, windows: q.windows, threshold: trained.floatThreshold, policy: trained.model.policy)
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

  /// A threshold pinned at the top of the score range means the margin pushed it out of range: the model
  /// would never alert. Refused rather than written.
  func checkThreshold(_ m: Model) throws {
    if m.threshold == Int32.max {
      throw ValidationError("--margin \(calibration.margin): the threshold (margin × the \(calibration.quantile) quantile) is beyond the largest score the detector can report; use a smaller --margin")
    }
  }
}

/// The largest power of two ≤ n (at least 64: the smallest window).
func largestPowerOfTwo(atMost n: Int) -> Int {
  var p = 64
  while p * 2 <= n { p *= 2 }
  return p
}

/// A healthy recording as `train` opened it (`Train.openHealthy`).
struct HealthyRecording {
  let source: SensorSource
  /// The frames of each piece when a few gap-free stretches were cut (the training share is then in time).
  let pieceFrames: [Int]?
  /// Cut into pieces (here or by --segment-seconds): measured continuously, the standard alert policy.
  let continuous: Bool
}
