// Checks of a healthy training set before a model is trusted (issue 16): is the calibration set large
// enough for the quantile the threshold is taken at, and is each recording stationary (no level step, e.g.
// a load change, inside what is called healthy)?

import Foundation

extension Calibration {
  /// The fewest held-out windows that support this quantile: 1 / (1 − q), so that on average at least one
  /// window lies above it (200 for the 99.5th percentile). With fewer, the "quantile" is the largest
  /// score interpolated towards it, and the threshold is the margin times the maximum of a handful of windows.
  public var minimumWindows: Int { Int((1 / max(1e-9, 1 - quantile)).rounded(.up)) }

  /// A warning when `count` held-out windows are too few for the quantile (nil when enough).
  public func sizeWarning(windows count: Int) -> String? {
    guard count < minimumWindows else { return nil }
    return String(format: "the calibration set holds %d held-out healthy windows, too few for the %g quantile (needs at least %d = 1/(1 − q)): "
                  + "the threshold is %g × (nearly) the largest of them; hold out more healthy data or lower --quantile", count, quantile, minimumWindows, margin)
  }
}

/// The largest level step inside a sequence of feature vectors (time order): for split points at 10%, 20%,
/// …, 90%, each feature's difference of means before and after, in units of the pooled standard deviation
/// within the two parts. A stationary recording stays near 0 (≈ 2/√n, more for slow drifts); a step of d
/// standard deviations in a feature reads ≈ d at the step.
public struct LevelStep: Sendable, Equatable {
  public var feature: Int
  /// Where (fraction of the windows) the step splits the sequence.
  public var at: Double
  /// |mean after − mean before| / pooled within-part standard deviation.
  public var size: Double
}

/// The largest level step of `vectors` (nil with fewer than 20 vectors).
public func largestLevelStep(_ vectors: [[Int32]]) -> LevelStep? {
  let n = vectors.count
  guard n >= 20, let f = vectors.first?.count, f > 0 else { return nil }
  var best = LevelStep(feature: 0, at: 0, size: 0)
  for tenth in 1...9 {
    let k = n * tenth / 10
    for j in 0..<f {
      var s1 = 0.0, q1 = 0.0, s2 = 0.0, q2 = 0.0
      for i in 0..<k { let x = Double(vectors[i][j]); s1 += x; q1 += x * x }
      for i in k..<n { let x = Double(vectors[i][j]); s2 += x; q2 += x * x }
      let n1 = Double(k), n2 = Double(n - k)
      let m1 = s1 / n1, m2 = s2 / n2
      let v = (max(0, q1 - n1 * m1 * m1) + max(0, q2 - n2 * m2 * m2)) / max(1, n1 + n2 - 2)
      // A floor of 1 raw unit keeps a constant feature from reading as an infinite step.
      let size = abs(m2 - m1) / max(1, v.squareRoot())
      if size > best.size { best = LevelStep(feature: j, at: Double(k) / Double(n), size: size) }
    }
  }
  return best
}

/// Warn when a level step of at least this many pooled standard deviations is inside one healthy recording.
public let levelStepWarning = 3.0
