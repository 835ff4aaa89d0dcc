// Why a front-end configuration was rejected. No strings are built in the core: each case carries a
// static message that a host or a firmware log can print as it is.

/// A configuration the front end refuses, with the reason.
public enum ConfigError: UInt8, Error, Sendable {
  case axesOutOfRange
  case windowLengthNotPowerOfTwo
  case windowLengthOutOfRange
  case windowLongerThanCapacity
  case hopOutOfRange
  case dcBlockerPoleOutOfRange
  case tooManyFilterSections
  case filterCoefficientsTooLarge
  case filterUnstable
  case decimationOutOfRange
  case tooManyBands
  case noBands
  case bandEdgesNotIncreasing
  case bandEdgeBeyondNyquist
  case unknownFeatures
  case tooManyFeatures
  case envelopeCarrierOutOfRange
  case envelopeWithoutBands

  /// A one-line explanation naming the offending setting and its valid range.
  public var message: StaticString {
    switch self {
    case .axesOutOfRange: "axes must be 1, 2 or 3"
    case .windowLengthNotPowerOfTwo: "window length N must be a power of two"
    case .windowLengthOutOfRange: "window length N must be between 64 and 4096"
    case .windowLongerThanCapacity: "window length N is larger than this front end's capacity"
    case .hopOutOfRange: "hop must be between 1 and the window length N"
    case .dcBlockerPoleOutOfRange: "DC blocker pole must be in [0, 1) (Q31, 0 disables it)"
    case .tooManyFilterSections: "a biquad cascade holds at most 8 sections (order 16)"
    case .filterCoefficientsTooLarge: "a biquad section's |b0|+|b1|+|b2|+|a1|+|a2| must stay below 7.99"
    case .filterUnstable: "a biquad section has a pole on or outside the unit circle"
    case .decimationOutOfRange: "decimation factor must be between 1 and 16"
    case .tooManyBands: "at most 32 bands"
    case .noBands: "at least one band is needed"
    case .bandEdgesNotIncreasing: "band edges (FFT bins) must be strictly increasing"
    case .bandEdgeBeyondNyquist: "the last band edge must be at most N/2 + 1 (one past the Nyquist bin)"
    case .unknownFeatures: "the configuration asks for front-end features this build does not have"
    case .tooManyFeatures: "the feature vector holds at most 120 values: axes × (bands + extra features + 8)"
    case .envelopeCarrierOutOfRange: "envelope carrier band: width W must be 16, 32 or 64 bins, within bins 1 ..< N/2"
    case .envelopeWithoutBands: "the envelope feature needs at least one envelope band (and none without it)"
    }
  }
}
