// The streaming front end: interleaved Int16 samples in, one feature vector per complete window out.
//
// Stages and Q formats (per axis):
//   input Int16 (Q15 counts)  → << 16 → Q31
//   DC blocker (Q31)          → biquad cascade (Q31, Q3.29 coefficients) → decimator (Q31)
//   ring buffer of the last N samples (Q31)
//   on each complete window: time statistics (Q30 / Q16.16) on the raw window;
//   Hann window (Q31) → real FFT (Q31 + block exponent) → band energies (dB, Q16.16);
//   opt-in (`FrontEndConfig.features`): bands relative to the total (RelativeBands.swift) and envelope
//   band energies from the same spectrum (Envelope.swift), both dB Q16.16.
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
    latest.bandCount = config.bandLikeCount
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
  ///
  /// Whole frames are filtered in blocks, one axis at a time (the chain state stays in registers); a
  /// frame split across chunks is completed from `frame` first.
  @inlinable
  public mutating func consume(_ chunk: UnsafeBufferPointer<Int16>) -> Int {
    ready = false
    guard let base = chunk.baseAddress, !chunk.isEmpty else { return 0 }
    let axes = config.axes
    var used = 0
    if frameFill > 0 {
      while frameFill < axes && used < chunk.count {
        frame[unchecked: frameFill] = base[used]
        frameFill &+= 1; used &+= 1
      }
      if frameFill < axes { return used }
      frameFill = 0
      let one = frame
      let done = one.span.withUnsafeBufferPointer { runFrames($0.baseAddress!, count: 1) }
      if done { ready = true; return used }
    }
    while true {
      let frames = (chunk.count &- used) / axes
      if frames == 0 { break }
      let n = min(frames, framesUntilWindow)
      let done = runFrames(base + used, count: n)
      used &+= n &* axes
      if done { ready = true; return used }
    }
    while used < chunk.count {
      frame[unchecked: frameFill] = base[used]
      frameFill &+= 1; used &+= 1
    }
    return used
  }

  /// Input frames still needed to complete the next window (the decimator keeps every M-th sample).
  @inlinable
  var framesUntilWindow: Int {
    let m = config.decimation
    if m <= 1 { return untilWindow }
    let phase = chains[unchecked: 0].phase          // identical on every axis
    return (phase == 0 ? 0 : m &- phase) &+ (untilWindow &- 1) &* m &+ 1
  }

  /// Runs `count` whole frames (at most `framesUntilWindow`) through the signal chains into the rings;
  /// returns true when they completed a window (whose features are then computed).
  @inlinable
  mutating func runFrames(_ src: UnsafePointer<Int16>, count n: Int) -> Bool {
    let axes = config.axes
    let mask = config.windowLength &- 1
    let start = writeIndex
    // The common chain (DC blocker only, or nothing) needs only the pole; any other chain reads the
    // whole configuration, copied once per block (the rings are borrowed from `self` meanwhile).
    let simple = config.filter.count == 0 && config.decimation <= 1
    let pole = config.dcBlockerPole
    var kept = 0
    if simple && pole != 0 && axes == 3 && threeAxisLanes {   // three axes: one vector lane per axis
      kept = dcBlockAxes(src, count: n, pole: pole, from: start, mask: mask)
    } else {
      for a in 0..<axes {
        if simple {
          var dc = chains.span[a].dc           // the 8-byte state in and out per block (span: no chain copy)
          kept = withRing(a) { dcBlock(src + a, stride: axes, count: n, chain: &dc, pole: pole, ring: $0,
                                       from: start, mask: mask) }
          var cs = chains.mutableSpan
          cs[a].dc = dc
        } else {
          var chain = chains[unchecked: a]     // one copy in and out per block, not per sample
          let config = self.config
          kept = withRing(a) { filterBlock(src + a, stride: axes, count: n, chain: &chain, config: config,
                                           ring: $0, from: start, mask: mask) }
          chains[unchecked: a] = chain
        }
      }
    }
    if kept == 0 { return false }
    writeIndex = (start &+ kept) & mask
    untilWindow &-= kept
    if untilWindow > 0 { return false }
    untilWindow = config.hop
    computeWindow()
    completedWindows &+= 1
    return true
  }

  /// The DC blockers of three axes at once, one per vector lane (`DCBlockerLanes`), over `count` frames
  /// into the rings from index `start` on (at most two contiguous runs); returns `count`.
  @inlinable
  mutating func dcBlockAxes(_ src: UnsafePointer<Int16>, count n: Int, pole: Int32, from start: Int,
                            mask: Int) -> Int {
    var dc: DCBlockerLanes
    do {
      let c = chains.span
      dc = DCBlockerLanes(x1: SIMD4(c[0].dc.x1, c[1].dc.x1, c[2].dc.x1, 0),
                          y1: SIMD4(c[0].dc.y1, c[1].dc.y1, c[2].dc.y1, 0))
    }
    let first = min(n, mask &+ 1 &- start)
    var s0 = ring0.mutableSpan, s1 = ring1.mutableSpan, s2 = ring2.mutableSpan
    s0.withUnsafeMutableBufferPointer { r0 in
      s1.withUnsafeMutableBufferPointer { r1 in
        s2.withUnsafeMutableBufferPointer { r2 in
          let o0 = r0.baseAddress!, o1 = r1.baseAddress!, o2 = r2.baseAddress!
          dcRunLanes(src, count: first, chain: &dc, pole: pole, into: o0 + start, o1 + start, o2 + start)
          dcRunLanes(src + first &* 3, count: n &- first, chain: &dc, pole: pole, into: o0, o1, o2)
        }
      }
    }
    var cs = chains.mutableSpan
    for a in 0..<3 { cs[a].dc.x1 = dc.x1[a]; cs[a].dc.y1 = dc.y1[a] }
    return n
  }

  /// Calls `body` with axis `a`'s ring.
  @inlinable
  mutating func withRing<R>(_ a: Int, _ body: (UnsafeMutablePointer<Int32>) -> R) -> R {
    switch a {
    case 0: var s = ring0.mutableSpan; return s.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    case 1: var s = ring1.mutableSpan; return s.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    default: var s = ring2.mutableSpan; return s.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
  }

  @inlinable
  mutating func computeWindow() {
    let n = config.windowLength
    let layout = config.bands
    let bands = layout.count
    let bandLike = config.bandLikeCount
    let relative = config.features.contains(.relative)
    var stats = InlineArray<8, Int32>(repeating: 0)
    var energies = InlineArray<32, Int32>(repeating: 0)
    var total: Int32 = 0
    for a in 0..<config.axes {
      copyWindow(axis: a)
      do {
        var ws = work.mutableSpan
        var ss = stats.mutableSpan
        var es = energies.mutableSpan
        ws.withUnsafeMutableBufferPointer { w in
          ss.withUnsafeMutableBufferPointer { st in
            es.withUnsafeMutableBufferPointer { e in
              if relative {
                withUnsafeMutablePointer(to: &total) { t in
                  analyseWindow(w, count: n, layout: layout, statistics: st, bandEnergies: e, totalDecibels: t)
                }
                makeBandsRelative(e, count: bands, total: total)
              } else {
                analyseWindow(w, count: n, layout: layout, statistics: st, bandEnergies: e)
              }
            }
          }
        }
      }
      let base = a &* (bandLike &+ Statistic.count)
      for b in 0..<bands { latest.values[base &+ b] = energies[b] }
      if relative { latest.values[base &+ bands] = total }
      if config.features.contains(.envelope) { computeEnvelope(into: base &+ bands &+ (relative ? 1 : 0)) }
      for s in 0..<Statistic.count { latest.values[base &+ bandLike &+ s] = stats[s] }
    }
  }

  /// Copies axis `a`'s window (oldest sample first) into `work`.
  @inlinable
  mutating func copyWindow(axis a: Int) {
    let n = config.windowLength
    var w = work.mutableSpan
    let start = writeIndex
    switch a {
    case 0: copyRing(ring0.span, into: &w, from: start, count: n)
    case 1: copyRing(ring1.span, into: &w, from: start, count: n)
    default: copyRing(ring2.span, into: &w, from: start, count: n)
    }
  }

  /// The envelope features of the axis whose spectrum `analyseWindow` has just left in `work` into the
  /// feature vector from `index` on.
  @inlinable
  mutating func computeEnvelope(into index: Int) {
    let n = config.windowLength
    let envelope = config.envelope
    var out = InlineArray<32, Int32>(repeating: 0)
    do {
      var ws = work.mutableSpan
      var os = out.mutableSpan
      ws.withUnsafeMutableBufferPointer { w in
        os.withUnsafeMutableBufferPointer { o in envelopeBandEnergies(spectrum: w, count: n, config: envelope, into: o) }
      }
    }
    for b in 0..<envelope.bands.count { latest.values[index &+ b] = out[b] }
  }
}

/// Copies the last `n` samples of a ring (oldest first, starting at `start`) into `w`: two contiguous runs.
@inline(__always) @usableFromInline
func copyRing(_ ring: Span<Int32>, into w: inout MutableSpan<Int32>, from start: Int, count n: Int) {
  ring.withUnsafeBufferPointer { r in
    w.withUnsafeMutableBufferPointer { o in
      let src = r.baseAddress!, dst = o.baseAddress!
      let first = n &- start
      for i in 0..<first { dst[i] = src[start &+ i] }
      for i in 0..<start { dst[first &+ i] = src[i] }
    }
  }
}
