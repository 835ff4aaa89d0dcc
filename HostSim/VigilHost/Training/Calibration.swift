// The alert threshold from held-out healthy scores: a margin times a quantile of their distribution.

import VigilCore

/// How the alert threshold is set from held-out healthy scores: `margin` × the `quantile` of their
/// distribution (defaults: 1.25 × the 99.5th percentile, one setting for every detector and dataset).
public struct Calibration: Sendable, Equatable {
  public var quantile: Double = 0.995
  public var margin: Double = 1.25
  public init(quantile: Double = 0.995, margin: Double = 1.25) { self.quantile = quantile; self.margin = margin }

  /// The threshold for these scores (same units as the scores).
  public func threshold(_ scores: [Int32]) -> Int32 {
    guard !scores.isEmpty else { return .max }
    let sorted = scores.sorted()
    let pos = quantile * Double(sorted.count - 1)
    let lo = Int(pos.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
    let q = Double(sorted[lo]) + (Double(sorted[hi]) - Double(sorted[lo])) * (pos - Double(lo))
    return Int32(max(1, min(Double(Int32.max), (q * margin).rounded())))
  }
}
