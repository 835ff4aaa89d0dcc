// Baseline detectors: a threshold on RMS or on kurtosis, on the same windows as the autoencoder.
//
// Score units: RMS baseline — the largest per-axis RMS, Q30 fraction of full scale; kurtosis baseline — the
// largest per-axis kurtosis, Q16.16. The top contributors are the axes' RMS (or kurtosis) features, largest
// first. They need no trained model: a threshold can be given, or learnt on the device from its first
// windows (mean + k·σ of their scores, see `ThresholdLearner`).

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
