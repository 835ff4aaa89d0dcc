// The streaming front end: interleaved Int16 samples in, one feature vector per complete window out.
//
// Stages and Q formats (per axis):
//   input Int16 (Q15 counts)  → << 16 → Q31
//   DC blocker (Q31)          → biquad cascade (Q31, Q3.29 coefficients) → decimator (Q31)
//   ring buffer of the last N samples (Q31)
//   on each complete window: time statistics (Q30 / Q16.16) on the raw window;
//   Hann window (Q31) → real FFT (Q31 + block exponent) → band energies (dB, Q16.16).
// Storage is fixed at compile time by `capacity` (the longest window, per axis); nothing allocates.

/// The fixed-point, allocation-free front end for windows of up to `capacity` samples per axis.
///
/// Push chunks of any size (they may end mid-frame); each window is processed as soon as it is complete,
/// and the result is identical whatever the chunking:
/// ```swift
/// var fe = try FrontEnd<1024>(config: config)
/// fe.push(chunk) { features in /* one FeatureVector per window */ }
/// ```
public struct FrontEnd<let capacity: Int> {
  /// The configuration this front end was built with.
  public let config: FrontEndConfig
  // One ring per axis, as three flat properties: an InlineArray of InlineArrays would copy a whole ring
  // on element access.
  @usableFromInline var ring0: InlineArray<capacity, Int32>
  @usableFromInline var ring1: InlineArray<capacity, Int32>
  @usableFromInline var ring2: InlineArray<capacity, Int32>
  @usableFromInline var work: InlineArray<capacity, Int32>
  @usableFromInline var chains: InlineArray<3, SignalChain>
  @usableFromInline var frame: InlineArray<3, Int16>
  @usableFromInline var frameFill = 0
  @usableFromInline var writeIndex = 0
  @usableFromInline var untilWindow: Int
  @usableFromInline var completedWindows = 0
  @usableFromInline var ready = false
  @usableFromInline var latest = FeatureVector()
  /// Windows completed so far.
  public var windowCount: Int { completedWindows }
  /// The features of the most recent window.
  public var features: FeatureVector { latest }

  /// A front end for `config`, which must fit this capacity (else the first violated rule is thrown).
  public init(config: FrontEndConfig) throws(ConfigError) {
    try config.validate(capacity: capacity)
    self.config = config
    ring0 = InlineArray(repeating: 0); ring1 = InlineArray(repeating: 0); ring2 = InlineArray(repeating: 0)
    work = InlineArray(repeating: 0)
    chains = InlineArray(repeating: SignalChain())
    frame = InlineArray(repeating: 0)
    untilWindow = config.windowLength
    latest.count = config.featureCount
    latest.bandCount = config.bands.count
  }

  /// Forgets all samples and filter state (the configuration stays).
  public mutating func reset() {
    for a in 0..<3 { chains[a] = SignalChain() }
    frameFill = 0
    writeIndex = 0
    untilWindow = config.windowLength
    completedWindows = 0
  }

  /// Pushes interleaved samples (axis 0, axis 1, ... per frame; a chunk may end mid-frame), calling
  /// `onWindow` with the features of each window as soon as it is complete.
  /// (`@inlinable` so that a client module specialises it for its capacity, as the device build does.)
  @inlinable
  public mutating func push(_ chunk: UnsafeBufferPointer<Int16>,
                            onWindow: (borrowing FeatureVector) -> Void) {
    var rest = chunk
    while !rest.isEmpty {
      let used = consume(rest)
      rest = UnsafeBufferPointer(rebasing: rest[used...])
      if ready { onWindow(latest) }
    }
  }

  /// True when the last `consume` stopped because a window completed (its features are in `features`).
  public var windowReady: Bool { ready }

  /// Consumes samples until a window completes or the chunk ends; returns how many it consumed. Check
  /// `windowReady` afterwards (pull-style alternative to `push`, for callers that must not be re-entered).
  @inlinable
  public mutating func consume(_ chunk: UnsafeBufferPointer<Int16>) -> Int {
    ready = false
    let config = self.config    // one copy per call, not one per sample (exclusivity with `chains`)
    var used = 0
    for v in chunk {
      used &+= 1
      frame[frameFill] = v
      frameFill &+= 1
      if frameFill == config.axes {
        frameFill = 0
        if acceptFrame(config) { ready = true; return used }
      }
    }
    return used
  }

  /// Runs one complete frame through the signal chains; returns true when it completed a window.
  @inlinable
  mutating func acceptFrame(_ config: borrowing FrontEndConfig) -> Bool {
    var kept = false
    // The span gives in-place access: `chains[a].process` would copy the 272-byte chain out and back on
    // every sample.
    var cs = chains.mutableSpan
    for a in 0..<config.axes {
      if let y = cs[a].process(Int32(frame[a]) &<< 16, config: config) {
        switch a {
        case 0: ring0[writeIndex] = y
        case 1: ring1[writeIndex] = y
        default: ring2[writeIndex] = y
        }
        kept = true
      }
    }
    if !kept { return false }
    writeIndex = (writeIndex &+ 1) & (config.windowLength &- 1)
    untilWindow &-= 1
    if untilWindow > 0 { return false }
    untilWindow = config.hop
    computeWindow()
    completedWindows &+= 1
    return true
  }

  @inlinable
  mutating func computeWindow() {
    let n = config.windowLength
    let layout = config.bands
    let bands = layout.count
    var stats = InlineArray<8, Int32>(repeating: 0)
    var energies = InlineArray<32, Int32>(repeating: 0)
    for a in 0..<config.axes {
      do {
        var w = work.mutableSpan
        let start = writeIndex
        switch a {
        case 0: copyRing(ring0.span, into: &w, from: start, count: n)
        case 1: copyRing(ring1.span, into: &w, from: start, count: n)
        default: copyRing(ring2.span, into: &w, from: start, count: n)
        }
      }
      var ws = work.mutableSpan
      var ss = stats.mutableSpan
      var es = energies.mutableSpan
      ws.withUnsafeMutableBufferPointer { w in
        ss.withUnsafeMutableBufferPointer { st in
          es.withUnsafeMutableBufferPointer { e in
            analyseWindow(w, count: n, layout: layout, statistics: st, bandEnergies: e)
          }
        }
      }
      let base = a &* (bands &+ Statistic.count)
      for b in 0..<bands { latest.values[base &+ b] = energies[b] }
      for s in 0..<Statistic.count { latest.values[base &+ bands &+ s] = stats[s] }
    }
  }
}

/// Copies the last `n` samples of a ring (oldest first, starting at `start`) into `w`.
@inline(__always) @usableFromInline
func copyRing(_ ring: Span<Int32>, into w: inout MutableSpan<Int32>, from start: Int, count n: Int) {
  let mask = n &- 1
  for i in 0..<n { w[i] = ring[(start &+ i) & mask] }
}

/// Analyses one axis's window `x[0..<n]` (Q31, destroyed): its eight time statistics, then Hann window,
/// real FFT and band energies (dB, Q16.16).
public func analyseWindow(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, layout: borrowing BandLayout,
                          statistics: UnsafeMutableBufferPointer<Int32>,
                          bandEnergies energies: UnsafeMutableBufferPointer<Int32>) {
  let log2n = Int.bitWidth &- 1 &- n.leadingZeroBitCount
  timeStatistics(x, count: n, log2Count: log2n, into: statistics)
  applyHann(x, count: n)
  let s = realFFT(x, count: n)
  bandEnergies(x, count: n, blockExponent: s, layout: layout, into: energies)
}
