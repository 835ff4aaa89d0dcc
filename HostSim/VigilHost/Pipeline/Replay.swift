// Replaying a recording through the core's Monitor, segment by segment, and the float reference path.

import Foundation
import VigilCore

/// One window of a replay.
public struct ReplayWindow: Sendable {
  public var segment: Int
  /// Wall-clock seconds since the start of the run.
  public var time: Double
  public var score: Int32
  public var features: [Int32]
  public var top: [Contribution]
}

/// A whole replay: every window and every event.
public struct ReplayResult: Sendable {
  /// Every window (empty when the replay was asked not to keep them; `windowCount` counts them anyway).
  public var windows: [ReplayWindow] = []
  /// Windows scored.
  public var windowCount = 0
  public var events: [AlertEvent] = []
  public var seconds = 0.0
  /// Rate of the stream the core saw (Hz).
  public var sampleRate = 0.0
}

/// Runs `segments` of `source` through a monitor for `model` (each segment its own; each FIFO chunk
/// timestamped, in ms, with the segment's time plus the frames pushed so far over the rate, as a device
/// clock would: a continuous recording without segments still gets times along the run). `keepFeatures`
/// keeps every window's features (for reports, float comparison); `keepWindows: false` keeps no window at
/// all (only events and the count: memory bounded by the segment).
public func replay(_ source: SegmentSource, model: Model, segments: Range<Int>? = nil, keepFeatures: Bool = false,
                   keepWindows: Bool = true, progress: ((Int, Int) -> Void)? = nil) throws -> ReplayResult {
  try checkCompatible(model, source)
  let monitor = try HostMonitor(model: model)
  var result = ReplayResult()
  result.sampleRate = source.sampleRate
  let range = segments ?? 0..<source.segmentCount
  let t0 = Date()
  for i in range {
    let seg = try source.segment(i)
    let chunk = (source as? SensorSource)?.sensor.chunkFrames ?? 32
    for (r, time) in monitor.run(seg, sampleRate: source.sampleRate, chunkFrames: chunk) {
      result.windowCount += 1
      if keepWindows { result.windows.append(ReplayWindow(segment: i, time: time, score: r.score.value,
                                         features: keepFeatures ? (0..<r.features.count).map { r.features[$0] } : [],
                                         top: (0..<3).map { r.score.top[$0] })) }
      if let e = r.event { result.events.append(e) }
    }
    progress?(i - range.lowerBound + 1, range.count)
  }
  result.seconds = Date().timeIntervalSince(t0)
  return result
}

/// An event timestamp (ms) for a segment time in seconds: NaN and negative times give 0, huge ones saturate
/// (readers reject such times; this only guarantees no trap).
public func timestampMillis(_ seconds: Double) -> UInt64 {
  let ms = seconds * 1000
  return ms.isNaN || ms <= 0 ? 0 : ms >= 1.8e19 ? UInt64.max : UInt64(ms)
}

/// Why a model cannot run on a stream.
public struct IncompatibleModel: Error, CustomStringConvertible {
  public var description: String
}

/// Refuses a model made for another number of axes or another sample rate (rather than a wrong answer).
public func checkCompatible(_ model: Model, _ source: SegmentSource) throws {
  let fe = model.frontEnd
  if fe.axes != source.axes {
    throw IncompatibleModel(description: "the model expects \(fe.axes) axes; this stream has \(source.axes)")
  }
  let rate = Double(fe.sampleRateMilliHz) / 1000
  if fe.sampleRateMilliHz != 0, abs(rate - source.sampleRate) > 1e-6 * rate {
    throw IncompatibleModel(description: String(format: "the model was made for %g Hz; this stream is %g Hz (train a model for it, or pick a --sensor at %g Hz)",
                                                rate, source.sampleRate, rate))
  }
}

/// The float reference path on the same windows: float scores (σ²) and the events the same state machine
/// emits when fed them (in Q16.16) against `threshold` (Q16.16).
public func floatReplay(_ float: FloatAutoencoder, windows: [ReplayWindow], threshold: Int32,
                        policy: AlertPolicy) -> (scores: [Double], events: [AlertEvent]) {
  var machine = AlertStateMachine(threshold: threshold, detector: .autoencoder, policy: policy)
  var scores: [Double] = [], events: [AlertEvent] = []
  for w in windows {
    let s = float.score(w.features).score
    scores.append(s)
    if let e = machine.update(Score(value: scoreQ16(s)), timestamp: timestampMillis(w.time)) { events.append(e) }
  }
  return (scores, events)
}

/// A float score (σ²) in the device's Q16.16, saturated as the device saturates.
public func scoreQ16(_ s: Double) -> Int32 {
  Int32(max(0, min(Double(Int32.max), (s * 65536).rounded())))
}

/// Spearman rank correlation of two equally long series (average ranks for ties).
public func spearman(_ a: [Double], _ b: [Double]) -> Double {
  func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var r = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
      for k in i...j { r[order[k]] = Double(i + j) / 2 }
      i = j + 1
    }
    return r
  }
  let ra = ranks(a), rb = ranks(b)
  let n = Double(a.count)
  let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
  var num = 0.0, da = 0.0, db = 0.0
  for i in a.indices { num += (ra[i] - ma) * (rb[i] - mb); da += (ra[i] - ma) * (ra[i] - ma); db += (rb[i] - mb) * (rb[i] - mb) }
  return num / (da * db).squareRoot()
}

/// How two replays' alert decisions compare.
public struct DecisionAgreement: Sendable, CustomStringConvertible {
  /// Fraction of windows in the same alert state (normal / warning / critical).
  public var stateAgreement: Double
  /// Fraction of windows where both agree on alerting at all (normal vs warning-or-critical).
  public var alertAgreement: Double
  /// Raise events of each side, and how many of one side's raises have the other's within ±`slack` windows.
  public var raisesA: Int, raisesB: Int, matchedRaises: Int
  public var slack: Int
  public var description: String {
    String(format: "alert state agrees on %.3f%% of windows (alerting or not: %.3f%%); raises %d vs %d, %d matched within ±%d windows",
           stateAgreement * 100, alertAgreement * 100, raisesA, raisesB, matchedRaises, slack)
  }
}

/// The alert state of every window, rebuilt from the events (state after each window).
public func alertStates(_ events: [AlertEvent], windows: Int) -> [Severity] {
  var out = [Severity](repeating: .normal, count: windows)
  var state = Severity.normal
  var next = 0
  for w in 0..<windows {
    while next < events.count && Int(events[next].window) == w { state = events[next].severity; next += 1 }
    out[w] = state
  }
  return out
}

/// Compares two event streams over the same `windows`.
public func compareDecisions(_ a: [AlertEvent], _ b: [AlertEvent], windows: Int, slack: Int = 2) -> DecisionAgreement {
  let sa = alertStates(a, windows: windows), sb = alertStates(b, windows: windows)
  let same = zip(sa, sb).filter { $0 == $1 }.count
  let sameAlerting = zip(sa, sb).filter { ($0 == .normal) == ($1 == .normal) }.count
  let ra = a.filter { $0.kind == .raise }.map { Int($0.window) }, rb = b.filter { $0.kind == .raise }.map { Int($0.window) }
  let matched = ra.filter { x in rb.contains { abs($0 - x) <= slack } }.count
  return DecisionAgreement(stateAgreement: Double(same) / Double(max(1, windows)),
                           alertAgreement: Double(sameAlerting) / Double(max(1, windows)),
                           raisesA: ra.count, raisesB: rb.count, matchedRaises: matched, slack: slack)
}
