// Which detector turns a feature vector into a score: the autoencoder or a baseline (score units: see
// Baselines.swift and Autoencoder.swift).

/// Which detector turns a feature vector into a score.
public enum DetectorKind: UInt8, Sendable {
  case autoencoder = 0
  case rms = 1
  case kurtosis = 2

  /// Fraction bits of this detector's score (for printing).
  public var scoreFractionBits: Int { self == .rms ? 30 : 16 }
}
