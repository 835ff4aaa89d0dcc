// The eight per-axis time statistics (Q formats and definitions: see TimeStats.swift).

/// The eight per-axis statistics, in the order they appear in the feature vector.
public enum Statistic: Int, Sendable {
  case mean, rms, peak, peakToPeak, crest, kurtosis, skewness, zeroCrossingRate
  /// How many statistics each axis contributes.
  public static let count = 8
}
