// Per-axis signal chain ahead of the window: DC blocker → biquad cascade → decimator
// (anti-alias biquad cascade, then keep every M-th sample). Q31 throughout.
// `SignalChain` is the per-sample form; the block kernels below (what `FrontEnd.push` runs) take a run of
// one axis's samples (or three axes' frames in vector lanes) from the interleaved Int16 input into the
// window's ring in as few contiguous runs as possible.

/// The filter states of one axis: everything a sample passes through before it enters the window.
public struct SignalChain: Sendable {
  @usableFromInline var dc = DCBlocker()
  @usableFromInline var filter = BiquadState()
  @usableFromInline var antiAlias = BiquadState()
  @usableFromInline var phase = 0
  public init() {}

  /// Pushes one Q31 sample through the chain described by `config`. Returns the Q31 output sample, or
  /// `nil` when the decimator drops this one (it keeps samples 0, M, 2M, ... of the filtered stream).
  @inline(__always)
  public mutating func process(_ input: Int32, config: borrowing FrontEndConfig) -> Int32? {
    var x = input
    if config.dcBlockerPole != 0 { x = dc.process(x, pole: config.dcBlockerPole) }
    if config.filter.count > 0 { x = filter.process(x, through: config.filter) }
    if config.decimation > 1 {
      x = antiAlias.process(x, through: config.antiAlias)
      let keep = phase == 0
      phase &+= 1
      if phase == config.decimation { phase = 0 }
      return keep ? x : nil
    }
    return x
  }
}

/// Runs `count` samples of one axis (`src[0]`, `src[stride]`, ...) through a DC blocker with `pole`
/// (0: none) into `ring` from index `start` on (wrapping with `mask`); returns `count` (all are kept).
/// Written as at most two contiguous runs of the ring (no index masking per sample).
@inline(__always) @usableFromInline
func dcBlock(_ src: UnsafePointer<Int16>, stride: Int, count n: Int, chain: inout DCBlocker, pole: Int32,
             ring: UnsafeMutablePointer<Int32>, from start: Int, mask: Int) -> Int {
  let first = min(n, mask &+ 1 &- start)
  dcRun(src, stride: stride, count: first, chain: &chain, pole: pole, into: ring + start)
  dcRun(src + first &* stride, stride: stride, count: n &- first, chain: &chain, pole: pole, into: ring)
  return n
}

/// `dcBlock` into `out[0..<count]`, two samples per step.
@inline(__always) @usableFromInline
func dcRun(_ src: UnsafePointer<Int16>, stride: Int, count n: Int, chain: inout DCBlocker, pole: Int32,
           into out: UnsafeMutablePointer<Int32>) {
  var p = src
  if pole == 0 {
    for i in 0..<n { out[i] = Int32(truncatingIfNeeded: p.pointee) &<< 16; p += stride }
    return
  }
  var dc = chain
  var i = 0
  while i &+ 1 < n {
    let y0 = dc.process(Int32(truncatingIfNeeded: p[0]) &<< 16, pole: pole)
    let y1 = dc.process(Int32(truncatingIfNeeded: p[stride]) &<< 16, pole: pole)
    out[i] = y0; out[i &+ 1] = y1
    p += stride &<< 1
    i &+= 2
  }
  if i < n { out[i] = dc.process(Int32(truncatingIfNeeded: p.pointee) &<< 16, pole: pole) }
  chain = dc
}

/// `count` 3-axis frames from `src` through three DC blockers in the lanes of `chain` into `o0`, `o1`, `o2`.
@inline(__always) @usableFromInline
func dcRunLanes(_ src: UnsafePointer<Int16>, count n: Int, chain: inout DCBlockerLanes, pole: Int32,
                into o0: UnsafeMutablePointer<Int32>, _ o1: UnsafeMutablePointer<Int32>,
                _ o2: UnsafeMutablePointer<Int32>) {
  if n <= 0 { return }
  let r = SIMD4(repeating: pole)
  var dc = chain
  var p = src
  for i in 0..<(n &- 1) {
    // One 8-byte load: the frame and the next frame's first sample (lane 3, filtered but never stored).
    let x = SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int16>.self)) &<< 16
    let y = dc.process(x, pole: r)
    o0[i] = y[0]; o1[i] = y[1]; o2[i] = y[2]
    p += 3
  }
  // The last frame may end the caller's buffer: no read past it.
  let x = SIMD4<Int32>(truncatingIfNeeded: SIMD4<Int16>(p[0], p[1], p[2], 0)) &<< 16
  let y = dc.process(x, pole: r)
  o0[n &- 1] = y[0]; o1[n &- 1] = y[1]; o2[n &- 1] = y[2]
  chain = dc
}

/// Runs `count` samples of one axis through the whole `chain` of `config` (DC blocker, filter,
/// decimator) and writes the kept ones into `ring` from index `start` on; returns how many it kept.
@inline(__always) @usableFromInline
func filterBlock(_ src: UnsafePointer<Int16>, stride: Int, count n: Int, chain: inout SignalChain,
                 config: borrowing FrontEndConfig, ring: UnsafeMutablePointer<Int32>, from start: Int,
                 mask: Int) -> Int {
  var w = start
  var p = src
  var kept = 0
  for _ in 0..<n {
    if let y = chain.process(Int32(truncatingIfNeeded: p.pointee) &<< 16, config: config) {
      ring[w] = y
      w = (w &+ 1) & mask
      kept &+= 1
    }
    p += stride
  }
  return kept
}
