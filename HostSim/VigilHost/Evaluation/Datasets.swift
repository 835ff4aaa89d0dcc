// The evaluations of issue 4, one function per dataset. Each trains only on the data named "train" and
// reports the autoencoder and the RMS and kurtosis baselines side by side.

import Foundation
import VigilCore

/// The alert policy for snapshot streams (a few windows per snapshot, snapshots seconds to minutes apart):
/// debounce over about four snapshots so that one odd snapshot neither raises nor clears an alert; against
/// flapping, an episode needs the raise condition for 6 snapshots more (a minute at PRONOSTIA's 10 s
/// cadence), clears only after 90 snapshots of the clear condition (15 minutes there: a dip and re-raise
/// inside that is one episode), and a warning that lasts 360 snapshots (an hour) escalates to critical.
/// Chosen on PRONOSTIA Bearing1_1 natively and as each I2C sensor (README, Evaluation): raise holds of 3–6
/// and clear holds of 60–120 snapshots all give no early alert and no episode that cleared.
public func snapshotPolicy(windowsPerSegment w: Int) -> AlertPolicy {
  let n = Int32(min(32, max(5, 4 * w)))
  let w32 = Int32(min(max(w, 1), 1 << 16))
  return AlertPolicy(warmUpWindows: 2 * w32, smoothingQ15: 8192, raiseRatioQ16: 65536, clearRatioQ16: 52429,
                     criticalRatioQ16: 131072, debounceK: (3 * n + 3) / 4, debounceN: n, heartbeatWindows: Int32(min(60 * w, 1 << 20)),
                     raiseHoldWindows: 6 * w32, clearHoldWindows: 90 * w32, escalateAfterWindows: 360 * w32)
}

/// The standard front-end plan for a source (window fitted to the segments, up to 1024; bands from
/// 2 bins up, 24 of them, 16 for windows under 256 or 3 axes).
public func standardPlan(for source: SensorSource, hopDivisor: Int = 2) throws -> FrontEndPlan {
  var p = FrontEndPlan(sampleRate: source.sampleRate, axes: source.axes)
  let frames = try source.framesPerSegment()
  var n = 1024
  while n > 64 && n > frames { n /= 2 }
  guard frames >= 64 else { throw SensorError("segments of \(frames) samples are shorter than the smallest window (64)") }
  p.windowLength = n
  p.hopDivisor = hopDivisor
  // 24 bands per axis, 16 for short windows and for 3 axes (so a 3-axis model stays within 8 KiB).
  p.bands = n < 256 || source.axes >= 3 ? 16 : 24
  p.lowestBand = max(2 * source.sampleRate / Double(n), 10)
  return p
}

// MARK: - PRONOSTIA run to failure

public struct RunToFailureResult {
  public var sensor: String
  public var windowLength: Int
  public var outcomes: [(detector: String, outcome: RunOutcome)]
  /// Autoencoder: quantized vs float on every window of the run.
  public var spearman: Double
  public var agreement: DecisionAgreement
  public var seconds: Double

  /// The autoencoder's outcome against the float reference's (outcomes 0 and 1).
  public var floatOutcome: FloatOutcomeAgreement {
    FloatOutcomeAgreement(fixed: outcomes[0].outcome, float: outcomes[1].outcome)
  }
}

/// How a run-to-failure outcome of the device's quantized autoencoder compares with the float reference's
/// (the float network calibrated the same way on its own held-out scores).
public struct FloatOutcomeAgreement: Sendable, Codable, CustomStringConvertible {
  /// Same verdict: sustained alert or not, episodes, episodes that cleared, early alerts (`RunOutcome.verdict`).
  public var same: Bool
  public var fixedVerdict: String, floatVerdict: String
  /// Start of the sustained alert, float minus fixed (hours; nil when either has none).
  public var sustainedDifferenceHours: Double?

  public init(fixed: RunOutcome, float: RunOutcome) {
    same = fixed.sameOutcome(as: float)
    fixedVerdict = fixed.verdict; floatVerdict = float.verdict
    if let a = fixed.sustainedFrom, let b = float.sustainedFrom { sustainedDifferenceHours = (b - a) / 3600 }
  }

  public var description: String {
    (same ? "same outcome (\(fixedVerdict))" : "DIFFERENT outcome (fixed: \(fixedVerdict); float: \(floatVerdict))")
      + (sustainedDifferenceHours.map { $0 == 0 ? "; sustained alert from the same window"
                                                : String(format: "; the float's sustained alert starts %+.1f min from the fixed one's", $0 * 60) } ?? "")
  }
}

/// Trains on the first `trainFraction` of the run, replays all of it; first alert, sustained alert and
/// lead time, false alerts for each detector.
public func evaluateRunToFailure(_ source: SensorSource, trainFraction: Double = 0.2, earlyFraction: Double = 0.3,
                                 calibration: Calibration = .init(), features: FeatureSet = [],
                                 progress: ((String) -> Void)? = nil) throws -> RunToFailureResult {
  let t0 = Date()
  var plan = try standardPlan(for: source)
  plan.features = features
  let config = try plan.config()
  let perSegment = (try source.framesPerSegment() - plan.windowLength) / config.hop + 1
  let policy = snapshotPolicy(windowsPerSegment: perSegment)
  let trainEnd = Int(Double(source.segmentCount) * trainFraction)
  progress?("\(source.sensor): N = \(plan.windowLength), \(perSegment) windows per snapshot; training on \(trainEnd) snapshots")
  let set = try DetectorSet.train(source, segments: 0..<trainEnd, config: config, policy: policy, calibration: calibration)
  var outcomes: [(String, RunOutcome)] = []
  var aeReplay = ReplayResult()
  for (name, model) in set.all {
    let r = try replay(source, model: model, keepFeatures: model.detector == .autoencoder)
    if model.detector == .autoencoder { aeReplay = r }
    outcomes.append((name, RunOutcome(events: r.events, windows: r.windows, earlyFraction: earlyFraction)))
    progress?("  \(name): replayed \(r.windows.count) windows in \(String(format: "%.2f", r.seconds)) s")
  }
  let f = floatReplay(set.autoencoder.float, windows: aeReplay.windows, threshold: set.autoencoder.floatThreshold, policy: policy)
  outcomes.insert(("AE float ref.", RunOutcome(events: f.events, windows: aeReplay.windows, earlyFraction: earlyFraction)), at: 1)
  return RunToFailureResult(sensor: source.sensor.description, windowLength: plan.windowLength, outcomes: outcomes,
                            spearman: spearman(aeReplay.windows.map { Double($0.score) }, f.scores),
                            agreement: compareDecisions(aeReplay.events, f.events, windows: aeReplay.windows.count),
                            seconds: Date().timeIntervalSince(t0))
}

// MARK: - Window-level detection (CWRU, CbM)

public struct DetectionResult {
  public var name: String
  /// Per condition: AUC of each detector (autoencoder, RMS, kurtosis).
  public var auc: [(condition: String, values: [Double])]
  /// Alerts raised (AE, RMS, kurtosis) on held-out healthy data.
  public var healthyAlerts: [Int]
  /// Held-out healthy windows, and how many of them score above each detector's threshold (empty: not measured).
  public var healthyWindows: Int = 0
  public var healthyWindowsOver: [Int] = []
  /// What the negatives are (for the printout).
  public var negatives: String = ""
  /// Held-out healthy windows the thresholds were calibrated on, and the warning when too few for the quantile.
  public var calibrationWindows: Int = 0
  public var calibrationWarning: String? = nil
  public var spearman: Double
  public var seconds: Double
}

/// CWRU 48 kHz, 0 hp: train on the first half of the normal file (drive end), test on its second half and
/// on each fault file: window AUC per fault, alerts on the normal half.
public func evaluateCWRU(folder: URL, calibration: Calibration = .init(), progress: ((String) -> Void)? = nil) throws -> DetectionResult {
  let t0 = Date()
  let normal = try MatRecording.open(folder.appendingPathComponent("normal_0hp_097.mat"), variable: "DE_time")
  let halfSeconds = 0.25
  let train = SensorSource(ContinuousRecording(name: "normal", sampleRate: normal.sampleRate, axes: normal.slice(0..<0.5).data,
                                               file: normal.file, segmentSeconds: halfSeconds), sensor: .native(fullScale: 16))
  let test = SensorSource(ContinuousRecording(name: "normal", sampleRate: normal.sampleRate, axes: normal.slice(0.5..<1).data,
                                              file: normal.file, segmentSeconds: halfSeconds), sensor: .native(fullScale: 16))
  var plan = try standardPlan(for: train, hopDivisor: 4)
  plan.lowestBand = 50
  let config = try plan.config()
  let set = try DetectorSet.train(train, segments: 0..<train.segmentCount, config: config, policy: .standard, calibration: calibration)
  let models = set.all.map(\.1)
  let negatives = windowScores(try featureVectors(test, segments: 0..<test.segmentCount, config: config).flatMap { $0 }, models: models)
  var healthyAlerts: [Int] = []
  for m in models {
    healthyAlerts.append(try replay(test, model: m).events.filter { $0.kind == .raise }.count)
  }
  var auc: [(String, [Double])] = []
  var aeQ: [Double] = [], aeF: [Double] = []
  let faults = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mat") && !$0.hasPrefix("normal") }.sorted()
  for file in faults {
    let rec = try MatRecording.open(folder.appendingPathComponent(file), variable: "DE_time")
    let src = SensorSource(ContinuousRecording(name: file, sampleRate: rec.sampleRate, axes: rec.data, file: rec.file,
                                               segmentSeconds: halfSeconds), sensor: .native(fullScale: 16))
    let vectors = try featureVectors(src, segments: 0..<src.segmentCount, config: config).flatMap { $0 }
    let positives = windowScores(vectors, models: models)
    auc.append((String(file.dropLast(4)), (0..<models.count).map { rocAUC(negatives: negatives[$0], positives: positives[$0]) }))
    progress?("  \(file): AUC " + auc.last!.1.map { String(format: "%.4f", $0) }.joined(separator: " / "))
    aeQ += positives[0]
    aeF += vectors.map { set.autoencoder.float.score($0).score }
  }
  return DetectionResult(name: "CWRU 48k 0 hp (drive end)", auc: auc, healthyAlerts: healthyAlerts,
                         spearman: spearman(aeQ, aeF), seconds: Date().timeIntervalSince(t0))
}

/// CbM ADXL356C, per speed, two protocols (each recording is one 2 s session, so negatives from the training
/// file's own tail say little about another day):
/// - both loads: train on the healthy motor (`GoB_GS_BaLo_WA`) at 0 and 11 lb together, the first 80% of each;
///   negatives = the held-out last 20% of both; AUC for every other condition at both loads, windows over the
///   threshold and raises on the held-out healthy windows of each load;
/// - leave one load out: train on 0 lb only; negatives = the whole healthy 11 lb recording; AUC for the
///   11 lb conditions; windows over the threshold and raises on healthy 11 lb (its false-alert rate).
public func evaluateCbM(folder: URL, speeds: [String] = ["0600", "1800", "3000"], calibration: Calibration = .init(),
                        progress: ((String) -> Void)? = nil) throws -> [DetectionResult] {
  var results: [DetectionResult] = []
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
  let seg = 0.1
  for speed in speeds {
    let bases = ["00lb", "11lb"].map { "\(speed)_GoB_GS_BaLo_WA_\($0).Wfm.csv" }
    for base in bases where !files.contains(base) { throw RecordingError(file: folder.appendingPathComponent(base).path, "missing") }
    let healthy = try bases.map { try CbMSource(url: folder.appendingPathComponent($0), segmentSeconds: seg) }
    var plan = try standardPlan(for: healthy[0], hopDivisor: 4)
    plan.windowLength = 1024; plan.lowestBand = 20
    let config = try plan.config()
    // Windows of 1024 at 20 kHz in 0.1 s segments: 2000 frames → (2000 − 1024)/256 + 1 = 4 windows each.
    let conditions = try files.filter { $0.hasPrefix(speed + "_") && !bases.contains($0) }.map { file in
      (String(file.dropFirst(5).dropLast(8)), try featureVectors(CbMSource(url: folder.appendingPathComponent(file), segmentSeconds: seg),
                                                                 segments: 0..<20, config: config).flatMap { $0 })
    }
    func detection(name: String, negativesLabel: String, trainParts: [(SegmentSource, Range<Int>)],
                   heldOut: [(SegmentSource, Range<Int>)], only suffix: String?) throws -> DetectionResult {
      let t0 = Date()
      let set = try DetectorSet.train(parts: trainParts, config: config, policy: .standard, calibration: calibration)
      let models = set.all.map(\.1)
      var negVectors: [[Int32]] = []
      var raises = [Int](repeating: 0, count: models.count)
      for (src, range) in heldOut {
        negVectors += try featureVectors(src, segments: range, config: config).flatMap { $0 }
        for (d, m) in models.enumerated() { raises[d] += try replay(src, model: m, segments: range).events.filter { $0.kind == .raise }.count }
      }
      let negatives = windowScores(negVectors, models: models)
      var auc: [(String, [Double])] = []
      var aeQ: [Double] = negatives[0], aeF: [Double] = negVectors.map { set.autoencoder.float.score($0).score }
      for (condition, vectors) in conditions where suffix.map({ condition.hasSuffix($0) }) ?? true {
        let positives = windowScores(vectors, models: models)
        auc.append((condition, (0..<models.count).map { rocAUC(negatives: negatives[$0], positives: positives[$0]) }))
        aeQ += positives[0]
        aeF += vectors.map { set.autoencoder.float.score($0).score }
      }
      progress?("  \(name): \(auc.count) conditions")
      var r = DetectionResult(name: name, auc: auc, healthyAlerts: raises, spearman: spearman(aeQ, aeF), seconds: Date().timeIntervalSince(t0))
      r.healthyWindows = negVectors.count
      r.healthyWindowsOver = zip(negatives, models).map { s, m in s.filter { $0 > Double(m.threshold) }.count }
      r.negatives = negativesLabel
      r.calibrationWindows = set.autoencoder.validationScores.count
      r.calibrationWarning = calibration.sizeWarning(windows: r.calibrationWindows)
      return r
    }
    let split = Int(Double(healthy[0].segmentCount) * 0.8)
    results.append(try detection(name: "CbM \(speed) rpm, trained on the healthy motor at 0 and 11 lb",
                                 negativesLabel: "held-out last 20% of healthy 0 lb and 11 lb",
                                 trainParts: healthy.map { ($0, 0..<split) }, heldOut: healthy.map { ($0, split..<$0.segmentCount) }, only: nil))
    results.append(try detection(name: "CbM \(speed) rpm, leave one load out: trained on 0 lb only, tested at 11 lb",
                                 negativesLabel: "the whole healthy 11 lb recording (a load the model never saw)",
                                 trainParts: [(healthy[0], 0..<split)], heldOut: [(healthy[1], 0..<healthy[1].segmentCount)], only: "11lb"))
  }
  return results
}

// MARK: - IMS

public struct IMSResult {
  /// Raises (AE, RMS, kurtosis) on the 25 held-out healthy test-1 snapshots.
  public var healthyAlerts: [Int]
  /// Per file (NA: healthy test 1; OF: test-2 failure; IF, BF: end of test 1), per snapshot: is each
  /// detector's score above its threshold? and the scores relative to the threshold.
  public var flagged: [(file: String, ratios: [[Double]])]
  public var seconds: Double
}

/// IMS: a model trained on the first 25 healthy test-1 snapshots (bearing 1, channel 0) must raise nothing on
/// the other 25; the test-2 failure snapshots (ims/mat/OF.mat) must be flagged.
public func evaluateIMS(folder: URL, calibration: Calibration = .init(), progress: ((String) -> Void)? = nil) throws -> IMSResult {
  let t0 = Date()
  let source = SensorSource(try IMSRecording(folder: folder.appendingPathComponent("test1_first50"), channels: [0]), sensor: .native(fullScale: 16))
  var plan = try standardPlan(for: source, hopDivisor: 2)
  plan.lowestBand = 20
  let config = try plan.config()
  let perSegment = (try source.framesPerSegment() - plan.windowLength) / config.hop + 1
  let policy = AlertPolicy(warmUpWindows: 8, smoothingQ15: 8192, raiseRatioQ16: 65536, clearRatioQ16: 52429, criticalRatioQ16: 131072,
                           debounceK: 6, debounceN: 8, heartbeatWindows: Int32(10 * perSegment))
  let set = try DetectorSet.train(source, segments: 0..<25, config: config, policy: policy, calibration: calibration)
  var healthy: [Int] = []
  for (_, m) in set.all { healthy.append(try replay(source, model: m, segments: 25..<50).events.filter { $0.kind == .raise }.count) }
  var flagged: [(String, [[Double]])] = []
  for name in ["NA", "OF", "IF", "BF"] {
    let rec = try MatRecording.open(folder.appendingPathComponent("mat/\(name).mat"))
    let src = SensorSource(ContinuousRecording(name: name, sampleRate: 20_000, axes: rec.data, file: rec.file, segmentSeconds: 1.024),
                           sensor: .native(fullScale: 16))
    var perSnapshot: [[Double]] = []
    for vectors in try featureVectors(src, segments: 0..<src.segmentCount, config: config) {
      let scores = windowScores(vectors, models: set.all.map(\.1))
      // a snapshot is flagged when its median window score is above the threshold
      perSnapshot.append(zip(scores, set.all.map(\.1)).map { s, m in
        let sorted = s.sorted(); return sorted[sorted.count / 2] / Double(m.threshold)
      })
    }
    flagged.append((name, perSnapshot))
    progress?("  \(name).mat: \(perSnapshot.count) snapshots")
  }
  return IMSResult(healthyAlerts: healthy, flagged: flagged, seconds: Date().timeIntervalSince(t0))
}
