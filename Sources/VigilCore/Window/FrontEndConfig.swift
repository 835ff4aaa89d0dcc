// What the front end does, fixed at configuration time.

/// The front end's configuration: axes, window, hop, filters and bands.
///
/// The host builds one (`VigilHost.FrontEndPlan` designs filters and band layouts in Hz); the device
/// gets it compiled in or from a model file. `validate(capacity:)` names the first setting it rejects.
public struct FrontEndConfig: Sendable {
  /// Interleaved axes in the input (1...3).
  public var axes: Int
  /// Window length N after decimation: a power of two, 64...4096, and at most the front end's capacity.
  public var windowLength: Int
  /// Samples (after decimation) between the starts of consecutive windows, 1...N (N/2 or N/4 typical).
  public var hop: Int
  /// DC blocker pole R in Q31, in [0, 1); 0 disables the blocker.
  public var dcBlockerPole: Int32
  /// Optional band-limiting cascade applied at the input rate (empty: none).
  public var filter: BiquadCascade
  /// Decimation factor M (1...16); 1 disables the decimator.
  public var decimation: Int
  /// Anti-alias low-pass applied before keeping every M-th sample (used when M > 1).
  public var antiAlias: BiquadCascade
  /// Band layout over the FFT bins of the window.
  public var bands: BandLayout
  /// Input sample rate in millihertz (0: not recorded). The front end works in bins and never uses it, but
  /// band edges and filters only mean something at this rate, so a model file records it (and its
  /// fingerprint covers it): a model cannot be run on a stream of another rate by mistake.
  public var sampleRateMilliHz: UInt32
  /// Opt-in features (empty: the default front end, model version 2).
  public var features: FeatureSet
  /// The envelope stage (used with `.envelope`; no bands otherwise).
  public var envelope: EnvelopeConfig

  public init(axes: Int, windowLength: Int, hop: Int, bands: BandLayout, dcBlockerPole: Int32 = 0,
              filter: BiquadCascade = BiquadCascade(), decimation: Int = 1,
              antiAlias: BiquadCascade = BiquadCascade(), sampleRateMilliHz: UInt32 = 0,
              features: FeatureSet = FeatureSet(), envelope: EnvelopeConfig = EnvelopeConfig()) {
    self.axes = axes; self.windowLength = windowLength; self.hop = hop; self.bands = bands
    self.sampleRateMilliHz = sampleRateMilliHz
    self.dcBlockerPole = dcBlockerPole; self.filter = filter
    self.decimation = decimation; self.antiAlias = antiAlias
    self.features = features; self.envelope = envelope
  }

  /// Band-like (dB, Q16.16) features per axis: the bands, then the total (`.relative`), then the envelope
  /// bands (`.envelope`). The feature vector's `bandCount`.
  public var bandLikeCount: Int {
    bands.count &+ (features.contains(.relative) ? 1 : 0) &+ (features.contains(.envelope) ? envelope.bands.count : 0)
  }
  /// Features per axis: the band-like features plus the eight statistics.
  public var featuresPerAxis: Int { bandLikeCount &+ Statistic.count }
  /// Length of the feature vector.
  public var featureCount: Int { axes &* featuresPerAxis }
  /// log2 of the window length.
  public var log2WindowLength: Int { Int.bitWidth &- 1 &- windowLength.leadingZeroBitCount }

  /// Throws the first reason this configuration cannot run in a front end of `capacity` samples per axis.
  public func validate(capacity: Int) throws(ConfigError) {
    if axes < 1 || axes > 3 { throw .axesOutOfRange }
    if windowLength <= 0 || windowLength & (windowLength &- 1) != 0 { throw .windowLengthNotPowerOfTwo }
    if windowLength < minimumFFTLength || windowLength > maximumFFTLength { throw .windowLengthOutOfRange }
    if windowLength > capacity { throw .windowLongerThanCapacity }
    if hop < 1 || hop > windowLength { throw .hopOutOfRange }
    if dcBlockerPole < 0 { throw .dcBlockerPoleOutOfRange }
    if decimation < 1 || decimation > 16 { throw .decimationOutOfRange }
    try bands.validate(windowLength: windowLength)
    if !features.isSupported { throw .unknownFeatures }
    if features.contains(.envelope) != (envelope.bands.count > 0) { throw .envelopeWithoutBands }
    if features.contains(.envelope) {
      let e = envelope
      if !EnvelopeConfig.log2WidthRange.contains(e.log2Width) || e.carrierBin < 1
        || e.carrierBin &+ e.width > windowLength &>> 1 { throw .envelopeCarrierOutOfRange }
      try e.bands.validate(windowLength: e.width &<< 1)
    }
    if featureCount > FeatureVector.capacity { throw .tooManyFeatures }
  }
}
