// Baseline detectors: a threshold on RMS or on kurtosis, on the same windows as the autoencoder.
//
// Score units: RMS baseline — the largest per-axis RMS, Q30 fraction of full scale; kurtosis baseline — the
// largest per-axis kurtosis, Q16.16. The top contributors are the axes' RMS (or kurtosis) features, largest
// first. They need no trained model: a threshold can be given, or learnt on the device from its first
// windows (mean + k·σ of their scores, see `ThresholdLearner`).

/// Which detector turns a feature vector into a score.
public enum DetectorKind: UInt8, Sendable {
  case autoencoder = 0
  case rms = 1
  case kurtosis = 2

  /// Fraction bits of this detector's score (for printing).
  public var scoreFractionBits: Int { self == .rms ? 30 : 16 }
}

/// The baseline score of a window: the largest per-axis RMS or kurtosis, with the axes as contributors.
public func baselineScore(_ kind: DetectorKind, _ features: FeatureVector, axes: Int) -> Score {
  let stat: Statistic = kind == .rms ? .rms : .kurtosis
  var s = Score(value: .min)
  for a in 0..<axes {
    let v = features.statistic(stat, axis: a)
    if v > s.value { s.value = v }
    s.offer(Contribution(feature: a &* (features.bandCount &+ Statistic.count) &+ features.bandCount &+ stat.rawValue,
                         value: v))
  }
  return s
}

/// Learns a threshold on the device from the first `count` window scores: mean + k·σ (k in Q16.16), in
/// 64-bit integer arithmetic.
public struct ThresholdLearner: Sendable {
  public let count: Int
  public let kQ16: Int32
  @usableFromInline var n = 0
  @usableFromInline var sum: Int64 = 0
  @usableFromInline var sumSq: Int64 = 0   // of (score >> 8): 2^60 holds 2^16 windows of full-range scores
  public init(count: Int, kQ16: Int32) { self.count = count; self.kQ16 = kQ16 }

  /// Adds a score; returns the threshold once `count` scores have been seen (nil before).
  public mutating func add(_ score: Int32) -> Int32? {
    if n >= count { return nil }
    let s = wide(score)
    sum &+= s
    let r = shr(s, 8)
    sumSq &+= r &* r
    n &+= 1
    if n < count { return nil }
    let nn = wideCount(n)
    let mean = sum / nn
    let meanR = shr(mean, 8)
    let varR = max(0, sumSq / nn &- meanR &* meanR)
    let sigma = shl(isqrt(varR), 8)
    return sat32(mean &+ shr(sigma &* wide(kQ16), 16))
  }
}
