// Opt-in front-end features beside the default bands and statistics. A model records the set it was trained
// with (model file version 3); a build that does not know a bit refuses the model by name.

/// Optional features the front end adds to (or changes in) the default feature vector.
///
/// - `relative`: every band reads its energy relative to the window's total energy over all bands
///   (dB re the total: a change of level, e.g. load or speed, moves the total and not the shape), and the
///   total itself (dB re full scale) is added as one more band-like feature per axis.
/// - `envelope`: envelope (demodulation) analysis of a high-frequency band, as `EnvelopeConfig.bands.count`
///   more band-like features per axis (dB re the squared envelope's mean; see Envelope.swift).
///
/// The default (empty) set, `FeatureSet()`, is the front end of model version 2, bit for bit.
/// (A plain bit set, not an `OptionSet`: that protocol's array-literal and sequence initialisers allocate,
/// and the device build must not. The host adds the array-literal syntax.)
public struct FeatureSet: Sendable, Equatable {
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// No opt-in features.
  public init() { rawValue = 0 }
  /// Bands relative to the window's total energy, plus the total.
  public static let relative = FeatureSet(rawValue: 1)
  /// Envelope (demodulation) band energies.
  public static let envelope = FeatureSet(rawValue: 2)
  /// Every feature this build can compute: a model asking for any other bit is refused.
  public static let supported = FeatureSet(rawValue: relative.rawValue | envelope.rawValue)

  /// True when no feature is on.
  public var isEmpty: Bool { rawValue == 0 }
  /// True when every feature of `other` is on.
  public func contains(_ other: FeatureSet) -> Bool { rawValue & other.rawValue == other.rawValue }
  /// This set and `other`.
  public func union(_ other: FeatureSet) -> FeatureSet { FeatureSet(rawValue: rawValue | other.rawValue) }
  /// Turns the features of `other` on.
  public mutating func insert(_ other: FeatureSet) { rawValue |= other.rawValue }
  /// True when this build computes every feature of the set.
  public var isSupported: Bool { rawValue & ~Self.supported.rawValue == 0 }
}
