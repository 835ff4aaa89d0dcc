// The feature vector: what the autoencoder sees, one per window.
//
// Order (axis-major): for axis a = 0 ..< axes:
//   [band 0 ... band B−1]  dB re full scale, Q16.16 (see `bandEnergies`); with the `relative` feature,
//                          dB re the window's total energy instead (RelativeBands.swift)
//   [total]                `relative` only: the total energy over the bands, dB re full scale, Q16.16
//   [envelope band 0 ... E−1]  `envelope` only: dB re the squared envelope's mean, Q16.16 (Envelope.swift)
//   [mean, rms, peak, peakToPeak]  Q30 fraction of full scale
//   [crest, kurtosis, skewness, zeroCrossingRate]  Q16.16
// With K = the band-like features per axis (B, plus 1 for the total, plus E: `bandCount`), feature
// (a, band-like k) is at a·(K + 8) + k and statistic (a, s) at a·(K + 8) + K + s.

/// One window's features (at most 3 axes × (32 bands + 8 statistics) = 120 values, Int32 each).
public struct FeatureVector: Sendable {
  public static let capacity = 120
  @usableFromInline var values: InlineArray<120, Int32>
  /// Number of features in use (`FrontEndConfig.featureCount`).
  public internal(set) var count: Int
  /// Band-like (dB) features per axis: the bands, then the opt-in total and envelope bands.
  public internal(set) var bandCount: Int

  public init() { values = InlineArray(repeating: 0); count = 0; bandCount = 0 }

  /// Feature `i` in the documented order.
  public subscript(i: Int) -> Int32 { values.span[i] }   // span: borrow, never copy the vector

  /// Band `band` of `axis`, dB re full scale in Q16.16.
  public func band(_ band: Int, axis: Int) -> Int32 { values.span[axis &* (bandCount &+ Statistic.count) &+ band] }

  /// Statistic `s` of `axis` (Q30 for amplitudes, Q16.16 for ratios).
  public func statistic(_ s: Statistic, axis: Int) -> Int32 {
    values.span[axis &* (bandCount &+ Statistic.count) &+ bandCount &+ s.rawValue]
  }
}

extension FeatureVector {
  /// Fills the vector from `values` (host tools and tests: replaying stored feature vectors).
  public mutating func load(_ values: UnsafeBufferPointer<Int32>, bandCount: Int) {
    count = min(values.count, Self.capacity)
    self.bandCount = bandCount
    for i in 0..<count { self.values[i] = values[i] }
  }
}
