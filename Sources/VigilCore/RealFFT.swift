// Real FFT, Q31 internals with a block exponent.
//
// Q formats:
//   in:  N real samples, Q31 (fraction of full scale).
//   out: N/2 + 1 complex bins packed in the same N words (CMSIS layout):
//        x[0] = Re X[0], x[1] = Re X[N/2], x[2k] = Re X[k], x[2k+1] = Im X[k] for k = 1 ..< N/2,
//        where the stored value = DFT(x)[k] / N · 2^s in Q31 and s is the returned block exponent.
//
// Method: the input is first normalised so its largest sample has 30 significant bits (the block
// exponent s; this is what keeps small signals as accurate as full-scale ones), packed as N/2 complex
// points, transformed by a radix-2 decimation-in-frequency FFT that halves every stage (so no stage can
// overflow: the largest complex magnitude never grows), and split into the N/2 + 1 real-input bins.
// Every product is Q31 × Q31 in a 64-bit accumulator with rounding. Output magnitudes stay below 2^30.

/// Smallest and largest supported FFT lengths (both powers of two).
public let minimumFFTLength = 64
public let maximumFFTLength = 4096

/// Forward real FFT of `x[0..<n]` in place (n a power of two in 64...4096). Returns the block exponent
/// `s`: the packed output holds `DFT(x)/n · 2^s`. An all-zero input returns 0 and stays zero.
public func realFFT(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> Int {
  let s = normaliseBlock(x, count: n)
  let half = n &>> 1
  complexFFTHalving(x, points: half)
  bitReversePairs(x, points: half)
  splitRealSpectrum(x, count: n)
  return s
}

/// Shifts `x[0..<n]` so that its largest magnitude has exactly 30 significant bits; returns the shift
/// (positive: left). Returns 0 for an all-zero block.
@usableFromInline
func normaliseBlock(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> Int {
  var peak: Int64 = 0
  for i in 0..<n {
    let a = absWide(x[i])
    if a > peak { peak = a }
  }
  if peak == 0 { return 0 }
  let s = 30 &- bitLength(peak)
  if s > 0 {
    for i in 0..<n { x[i] = x[i] &<< Int32(truncatingIfNeeded: s) }
  } else if s < 0 {
    for i in 0..<n { x[i] = narrow(shrRound(wide(x[i]), 0 &- s)) }
  }
  return s
}

/// Radix-2 DIF complex FFT of `points` interleaved (re, im) Q31 values, scaled by 1/2 per stage.
/// Output in bit-reversed order. Requires every |z| < 2^30.5 on input (true after `normaliseBlock`).
@usableFromInline
func complexFFTHalving(_ z: UnsafeMutableBufferPointer<Int32>, points: Int) {
  var span = points          // group length L
  while span >= 2 {
    let half = span &>> 1
    let step = 4096 / span   // table index step for e^{-2πi j/L}
    for j in 0..<half {
      let c = wide(cosHalfTurnQ31(j &* step))
      let sn = wide(sinHalfTurnQ31(j &* step))
      var i = j
      while i < points {
        let a = i &<< 1, b = (i &+ half) &<< 1
        let ar = wide(z[a]), ai = wide(z[a &+ 1])
        let br = wide(z[b]), bi = wide(z[b &+ 1])
        z[a] = narrow(shrRound(ar &+ br, 1))
        z[a &+ 1] = narrow(shrRound(ai &+ bi, 1))
        let dr = ar &- br, di = ai &- bi
        // (dr + i·di)(c − i·sn) / 2, Q31 twiddle: >> 32
        z[b] = narrow(shrRound(dr &* c &+ di &* sn, 32))
        z[b &+ 1] = narrow(shrRound(di &* c &- dr &* sn, 32))
        i &+= span
      }
    }
    span = half
  }
}

/// Reorders `points` interleaved complex values from bit-reversed to natural order.
@usableFromInline
func bitReversePairs(_ z: UnsafeMutableBufferPointer<Int32>, points: Int) {
  var j = 0
  for i in 0..<points {
    if i < j {
      let a = i &<< 1, b = j &<< 1
      let tr = z[a], ti = z[a &+ 1]
      z[a] = z[b]; z[a &+ 1] = z[b &+ 1]
      z[b] = tr; z[b &+ 1] = ti
    }
    var bit = points &>> 1
    while bit > 0 && (j & bit) != 0 {
      j ^= bit
      bit &>>= 1
    }
    j |= bit
  }
}

/// Turns the N/2-point complex FFT Z of the packed real input into the N/2 + 1 real-input bins, with an
/// extra 1/2 so the result stays below 2^30 (packed layout: see the file header).
///
/// With A = Z[k], B = Z[N/2 − k], W = e^{−2πik/N}: X[k] = E + W·O and X[N/2 − k] = conj(E − W·O), where
/// E = (A + B*)/2 and O = −i(A − B*)/2.
@usableFromInline
func splitRealSpectrum(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) {
  let half = n &>> 1
  let step = 4096 / n
  // k = 0 and k = N/2 are real: X[0] = Re Z0 + Im Z0, X[N/2] = Re Z0 − Im Z0.
  let r0 = wide(x[0]), i0 = wide(x[1])
  x[0] = narrow(shrRound(r0 &+ i0, 1))
  x[1] = narrow(shrRound(r0 &- i0, 1))
  var k = 1
  while k <= half &>> 1 {
    let m = half &- k
    let a = k &<< 1, b = m &<< 1
    let ar = wide(x[a]), ai = wide(x[a &+ 1])
    let br = wide(x[b]), bi = wide(x[b &+ 1])
    let sr = ar &+ br, di = ai &- bi      // 2E
    let si = ai &+ bi, dr = br &- ar      // 2O
    let c = wide(cosQ31Quarter[k &* step]), sn = wide(cosQ31Quarter[1024 &- k &* step])
    let tr = shrRound(c &* si &+ sn &* dr, 31)   // Re(W·2O)
    let ti = shrRound(c &* dr &- sn &* si, 31)   // Im(W·2O)
    x[a] = narrow(shrRound(sr &+ tr, 2))
    x[a &+ 1] = narrow(shrRound(di &+ ti, 2))
    if m != k {
      x[b] = narrow(shrRound(sr &- tr, 2))
      x[b &+ 1] = narrow(shrRound(ti &- di, 2))
    }
    k &+= 1
  }
}

/// Power of bin k (0...N/2) of a packed spectrum: re² + im², in the spectrum's units squared (< 2^61).
@inline(__always) @usableFromInline
func binPower(_ x: UnsafeMutableBufferPointer<Int32>, bin k: Int, count n: Int) -> Int64 {
  if k == 0 { let r = wide(x[0]); return r &* r }
  if k == n &>> 1 { let r = wide(x[1]); return r &* r }
  let r = wide(x[k &<< 1]), i = wide(x[(k &<< 1) &+ 1])
  return r &* r &+ i &* i
}

/// Writes the power spectrum |X[k]|², k = 0...N/2, of a packed spectrum into `power` (N/2 + 1 values).
/// Q format: the FFT's output units squared (Q62 × 2^(2s)); `realFFT`'s block exponent still applies.
public func powerSpectrum(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int,
                          into power: UnsafeMutableBufferPointer<Int64>) {
  for k in 0...(n &>> 1) { power[k] = binPower(x, bin: k, count: n) }
}
