// What the report plots, computed from a replay: each window's time, the smoothed score the alert state
// machine compares with its levels (recomputed by the core's own AlertStateMachine), the training period,
// and the windows grouped into at most a few hundred columns for drawing.

import Foundation
import VigilCore

/// The part of a run a model was trained on (seconds on the replay's clock, like `ReplayWindow.time`):
/// the segments the autoencoder learned from, then the held-out healthy segments that set its threshold.
public struct TrainingPeriod: Sendable, Equatable {
  public var training: Range<Double>
  public var heldOut: Range<Double>
  public init(training: Range<Double>, heldOut: Range<Double>) { self.training = training; self.heldOut = heldOut }
}

/// The segments `vigil-sim train --train-fraction f` uses on `segmentCount` segments: the first
/// max(2, ⌊count·f⌋) are healthy; of those, `trainingSegments` train and the rest are held out.
public func trainingSplit(segmentCount: Int, trainFraction: Double) -> (training: Range<Int>, heldOut: Range<Int>) {
  let f = trainFraction.isFinite ? min(1, max(0, trainFraction)) : 0
  let end = min(segmentCount, max(2, Int(Double(segmentCount) * f)))
  let split = min(end, trainingSegments(end))
  return (0..<split, split..<end)
}

/// The training period `vigil-sim train --train-fraction f` used on `source` (the same segments; a single
/// continuous segment is cut into 10 pieces, as `train` does when no `--segment-seconds` is given). A
/// baseline detector (`train --detector rms|kurtosis`) is calibrated on all of them: nothing held out.
public func trainingPeriod(_ source: SegmentSource, trainFraction: Double, detector: DetectorKind = .autoencoder) throws -> TrainingPeriod {
  let p = try autoencoderTrainingPeriod(source, trainFraction: trainFraction)
  return detector == .autoencoder ? p
    : TrainingPeriod(training: p.training.lowerBound..<p.heldOut.upperBound, heldOut: p.heldOut.upperBound..<p.heldOut.upperBound)
}

func autoencoderTrainingPeriod(_ source: SegmentSource, trainFraction: Double) throws -> TrainingPeriod {
  guard source.segmentCount > 0 else { return TrainingPeriod(training: 0..<0, heldOut: 0..<0) }
  let first = try source.segment(0)
  let seconds = { (s: Segment) in Double(s.samples.count / max(1, source.axes)) / source.sampleRate }
  if source.segmentCount == 1 {
    let piece = seconds(first) / 10
    let (t, h) = trainingSplit(segmentCount: 10, trainFraction: trainFraction)
    func at(_ k: Int) -> Double { first.time + Double(k) * piece }
    return TrainingPeriod(training: at(t.lowerBound)..<at(t.upperBound), heldOut: at(h.lowerBound)..<at(h.upperBound))
  }
  let (t, h) = trainingSplit(segmentCount: source.segmentCount, trainFraction: trainFraction)
  func start(_ k: Int) throws -> Double {
    if k == 0 { return first.time }
    if k < source.segmentCount { return try source.segment(k).time }
    let last = try source.segment(source.segmentCount - 1)
    return last.time + seconds(last)
  }
  let a = try start(t.lowerBound), b = try start(t.upperBound), c = try start(h.upperBound)
  return TrainingPeriod(training: a..<max(a, b), heldOut: max(a, b)..<max(a, b, c))
}

/// The smoothed score after each window (detector units): the scores fed, in order, to a fresh copy of the
/// core's `AlertStateMachine` for `model` (the cap and EWMA the device applies before comparing with its
/// levels). For a replay from its first window, these are the values behind its events.
public func smoothedScores(_ scores: [Int32], model: Model) -> [Int32] {
  var machine = AlertStateMachine(threshold: model.threshold, detector: model.detector, policy: model.policy)
  return scores.map { s in
    _ = machine.update(Score(value: s), timestamp: 0)
    return machine.smoothedScore
  }
}

/// The end time of each window (seconds on the replay's clock: when the device has it and scores it).
/// Windows carry their own times when the replay timed them from the sample count; where every window of a
/// segment carries the segment's start time instead, window k of the segment ends `windowSeconds` +
/// k·`hopSeconds` after it. (A segment holding a single window keeps its time.)
public func windowTimes(_ windows: [ReplayWindow], windowSeconds: Double, hopSeconds: Double) -> [Double] {
  var out = windows.map(\.time)
  var i = 0
  while i < windows.count {
    var j = i
    while j + 1 < windows.count && windows[j + 1].segment == windows[i].segment { j += 1 }
    if j > i && windows[i...j].allSatisfy({ $0.time == windows[i].time }) {
      for k in i...j { out[k] = windows[i].time + windowSeconds + Double(k - i) * hopSeconds }
    }
    i = j + 1
  }
  return out
}

/// Consecutive windows drawn as one point of the report: one segment's windows within one time bin.
struct WindowGroup {
  var windows: Range<Int>
  /// Start of its first window, and the start of the next group's first window (or its last window's end).
  var start: Double, end: Double
  /// End of its last window (where its points are drawn).
  var time: Double
  /// Median raw score and the smoothed score after its last window (detector units, as Double).
  var score: Double, smoothed: Double
  /// Per axis: mean RMS (g), mean kurtosis, mean band energies (dB re full scale).
  var rms: [Double], kurtosis: [Double], bands: [[Double]]
}

/// Groups windows (`times`: their ends) by segment and by `columns` equal time bins over [t0, t1).
func groupWindows(_ windows: [ReplayWindow], times: [Double], t0: Double, t1: Double, smoothed: [Int32], scoreScale: Double,
                  config fe: FrontEndConfig, countsPerG: Double, windowSeconds: Double, columns: Int = 600) -> [WindowGroup] {
  guard t1 > t0 else { return [] }
  let bands = fe.bands.count, per = fe.featuresPerAxis, stats = fe.bandLikeCount
  func bin(_ t: Double) -> Int { min(columns - 1, Int((t - t0) / (t1 - t0) * Double(columns))) }
  var groups: [WindowGroup] = []
  var i = 0
  while i < windows.count {
    var j = i
    while j + 1 < windows.count && windows[j + 1].segment == windows[i].segment && bin(times[j + 1]) == bin(times[i]) { j += 1 }
    let ws = windows[i...j]
    let scores = ws.map { Double($0.score) / scoreScale }.sorted()
    func mean(_ index: Int, _ q: Double) -> Double {
      guard ws.allSatisfy({ $0.features.count > index }) else { return .nan }
      return ws.map { Double($0.features[index]) / q }.reduce(0, +) / Double(ws.count)
    }
    groups.append(WindowGroup(
      windows: i..<(j + 1), start: times[i] - windowSeconds, end: times[j], time: times[j], score: scores[scores.count / 2],
      smoothed: Double(smoothed[j]) / scoreScale,
      rms: (0..<fe.axes).map { a in mean(a * per + stats + Statistic.rms.rawValue, 1_073_741_824) * 32768 / countsPerG },
      kurtosis: (0..<fe.axes).map { a in mean(a * per + stats + Statistic.kurtosis.rawValue, 65536) },
      bands: (0..<fe.axes).map { a in (0..<bands).map { b in mean(a * per + b, 65536) } }))
    i = j + 1
  }
  for k in 0..<max(0, groups.count - 1) where groups[k + 1].start > groups[k].start {
    groups[k].end = groups[k + 1].start
  }
  return groups
}
