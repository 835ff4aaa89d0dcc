// A feature's share of a window's score (the autoencoder's squared error, or a baseline's axis statistic).

/// A feature's share of the reconstruction error.
public struct Contribution: Sendable, Equatable {
  /// Feature index (see `FeatureVector` for the order).
  public var feature: Int
  /// Its squared error e², in σ², Q16.16.
  public var value: Int32
  public init(feature: Int, value: Int32) { self.feature = feature; self.value = value }
  public static let none = Contribution(feature: -1, value: 0)
}
