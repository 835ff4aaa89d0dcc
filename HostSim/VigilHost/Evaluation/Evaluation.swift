// Evaluations on the real recordings: the autoencoder side by side with the RMS and kurtosis baselines,
// all computed in the same run from the same windows of the same core.

import Foundation
import VigilCore

/// Window-level ROC AUC: the probability that a random positive scores above a random negative (ties 1/2).
public func rocAUC(negatives: [Double], positives: [Double]) -> Double {
  guard !negatives.isEmpty, !positives.isEmpty else { return .nan }
  let all = negatives.map { ($0, false) } + positives.map { ($0, true) }
  let sorted = all.sorted { $0.0 < $1.0 }
  var rankSum = 0.0
  var i = 0
  while i < sorted.count {
    var j = i
    while j + 1 < sorted.count && sorted[j + 1].0 == sorted[i].0 { j += 1 }
    let rank = Double(i + j) / 2 + 1
    for k in i...j where sorted[k].1 { rankSum += rank }
    i = j + 1
  }
  let np = Double(positives.count), nn = Double(negatives.count)
  return (rankSum - np * (np + 1) / 2) / (np * nn)
}

/// The three detectors of an evaluation, trained / calibrated on the same healthy segments.
public struct DetectorSet {
  public var autoencoder: TrainedModel
  public var rms: Model
  public var kurtosis: Model
  public var all: [(String, Model)] { [("autoencoder", autoencoder.model), ("RMS", rms), ("kurtosis", kurtosis)] }

  /// Trains all three on the same healthy segments, featurized once: the last 20% held out for the
  /// autoencoder's early stopping and every threshold's calibration set.
  public static func train(_ source: SegmentSource, segments: Range<Int>, config: FrontEndConfig, policy: AlertPolicy,
                           options: TrainingOptions = .init(), calibration: Calibration = .init()) throws -> DetectorSet {
    try train(parts: [(source, segments)], config: config, policy: policy, options: options, calibration: calibration)
  }

  /// Trains all three on several healthy recordings as one healthy set (e.g. two loads): the last 20% of each
  /// part's segments held out, so that every operating condition is in the calibration set.
  public static func train(parts: [(SegmentSource, Range<Int>)], config: FrontEndConfig, policy: AlertPolicy,
                           options: TrainingOptions = .init(), calibration: Calibration = .init()) throws -> DetectorSet {
    let (train, validation, _) = try healthySet(parts, config: config)
    let ae = try trainModel(train: train, validation: validation, config: config, options: options,
                            calibration: calibration, policy: policy)
    return DetectorSet(autoencoder: ae,
                       rms: baselineModel(.rms, vectors: train + validation, config: config, calibration: calibration, policy: policy),
                       kurtosis: baselineModel(.kurtosis, vectors: train + validation, config: config, calibration: calibration, policy: policy))
  }
}

/// Scores of every vector under each model (detector units, as Double).
public func windowScores(_ vectors: [[Int32]], models: [Model]) -> [[Double]] {
  models.map { $0.scores(vectors).map(Double.init) }
}

/// The alert timeline of a run-to-failure replay.
public struct RunOutcome: Sendable {
  /// Time of the first raise (s since the start), nil if none.
  public var firstAlert: Double?
  /// Start of the alert that lasts to the end of the run (s), nil if the run ends in the normal state.
  public var sustainedFrom: Double?
  /// Time of the last segment (s).
  public var end: Double
  /// Raises before the sustained alert (episodes that cleared again).
  public var falseAlerts: Int
  /// Alert episodes in the run (raises), the sustained one included.
  public var episodes: Int
  /// Raises in the first `earlyFraction` of the run.
  public var earlyAlerts: Int
  public var lead: Double? { sustainedFrom.map { end - $0 } }

  public init(events: [AlertEvent], windows: [ReplayWindow], earlyFraction: Double) {
    let times = windows.map(\.time)
    end = times.last ?? 0
    let start = times.first ?? 0
    let raises = events.filter { $0.kind == .raise }
    episodes = raises.count
    firstAlert = raises.first.map { times[Int($0.window)] }
    let last = events.last { $0.kind == .raise || $0.kind == .clear }
    if let last, last.kind == .raise {
      sustainedFrom = times[Int(last.window)]
      falseAlerts = raises.count - 1
    } else {
      sustainedFrom = nil
      falseAlerts = raises.count
    }
    let earlyEnd = start + ((times.last ?? 0) - start) * earlyFraction
    earlyAlerts = raises.filter { times[Int($0.window)] < earlyEnd }.count
  }

  /// The run's alert outcome, what an operator sees: whether it ends in a sustained alert, how many episodes
  /// it raised, how many of them cleared again, and how many raised in the early (healthy) part.
  public var verdict: String {
    "\(sustainedFrom == nil ? "no sustained alert" : "sustained alert"), \(episodes) episode\(episodes == 1 ? "" : "s"), "
      + "\(falseAlerts) cleared, \(earlyAlerts) early"
  }

  /// Whether `other` has the same outcome (`verdict`); the times may differ.
  public func sameOutcome(as other: RunOutcome) -> Bool {
    (sustainedFrom == nil) == (other.sustainedFrom == nil) && episodes == other.episodes
      && falseAlerts == other.falseAlerts && earlyAlerts == other.earlyAlerts
  }
}
