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
// overflow: the largest complex magnitude never grows), and split into the N/2 + 1 real-input bins, in
// place, in the bit-reversed slots the transform leaves them in (`realFFT` then reorders them; the front
// end reads its bins through the bit-reversal table instead). Every product is Q31 × Q31 in a 64-bit
// accumulator with rounding. Output magnitudes stay below 2^30. The loops are written for the compiler
// to vectorise (unit-stride twiddle tables per length, 32 × 32-bit products): measure with Boards/profile.

/// Smallest and largest supported FFT lengths (both powers of two).
public let minimumFFTLength = 64
public let maximumFFTLength = 4096

/// Forward real FFT of `x[0..<n]` in place (n a power of two in 64...4096). Returns the block exponent
/// `s`: the packed output holds `DFT(x)/n · 2^s`. An all-zero input returns 0 and stays zero.
public func realFFT(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> Int {
  let s = realFFTBitReversed(x, count: n)
  if let z = x.baseAddress { bitReversePairs(z, points: n &>> 1) }
  return s
}

/// `realFFT` without the final reordering: bin k (1 ..< N/2) is left in complex slot `rev(k)` (the
/// bit reversal of k over log2(N/2) bits; slot 0 holds X[0] and X[N/2] as usual). The front end reads
/// the bins it needs through the same table (`bandEnergies(..., bitReversed: true)`) and so never pays
/// for the permutation.
@usableFromInline
func realFFTBitReversed(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> Int {
  let s = normaliseBlock(x, count: n)
  guard let z = x.baseAddress else { return s }
  let half = n &>> 1
  withTwiddles { table in
    complexFFTHalving(z, points: half, twiddles: table)
    let w = twiddles(table, length: n)
    withBitReversal(points: half) { rev, shift in
      splitRealSpectrum(z, count: n, cos: w.cos, sin: w.sin, rev: rev, shift: shift)
    }
  }
  return s
}

/// Calls `body` with the bit-reversal table and the right shift that turns it into `points`' reversal
/// (`rev(i) = table[i] >> shift` for `points` a power of two, 4...2048).
@inline(__always) @usableFromInline
func withBitReversal<R>(points: Int, _ body: (UnsafePointer<UInt16>, Int) -> R) -> R {
  let shift = 11 &- (Int.bitWidth &- 1 &- points.leadingZeroBitCount)
  return bitReverse2048.span.withUnsafeBufferPointer { body($0.baseAddress!, shift) }
}

/// Shifts `x[0..<n]` so that its largest magnitude has exactly 30 significant bits; returns the shift
/// (positive: left). Returns 0 for an all-zero block.
@usableFromInline
func normaliseBlock(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> Int {
  guard let p = x.baseAddress else { return 0 }
  var peak: UInt32 = 0
  for i in 0..<n { peak = max(peak, p[i].magnitude) }
  if peak == 0 { return 0 }
  let s = 30 &- bitLength(Int64(bitPattern: wideUnsigned(peak)))
  if s > 0 {
    let k = Int32(truncatingIfNeeded: s)
    for i in 0..<n { p[i] = p[i] &<< k }
  } else if s < 0 {
    let k = 0 &- s
    for i in 0..<n { p[i] = narrow(shrRound(wide(p[i]), k)) }
  }
  return s
}

/// `(a + b) / 2`, rounded half up, without overflow.
@inline(__always) @usableFromInline
func halfSum(_ a: Int32, _ b: Int32) -> Int32 { narrow(shrRound(wide(a) &+ wide(b), 1)) }

/// `(a − b) / 2`, rounded down (floor), without overflow. (Floor, not round-half-up: without the rounding
/// add the vectorised butterfly loop on aarch64 takes 31 instructions per four butterflies instead of 44;
/// the mean bias of −1/4 LSB is 2^-33 of full scale.)
@inline(__always) @usableFromInline
func halfDifference(_ a: Int32, _ b: Int32) -> Int32 { narrow((wide(a) &- wide(b)) &>> 1) }

/// Radix-2 DIF complex FFT of `points` interleaved (re, im) Q31 values, scaled by 1/2 per stage.
/// Output in bit-reversed order. Requires every |z| < 2^30.5 on input (true after `normaliseBlock`), so
/// no component ever reaches ±2^31.
///
/// Each butterfly of a group of length L = 2q: a' = (a + b)/2 (rounded), b' = ((a − b)/2)·e^{−2πij/L}
/// (the half rounded down), the product rounded from a 64-bit accumulator (Q31 × Q31 → >> 31). The inner loop runs over
/// j with unit-stride twiddles (the table for L), which the compiler vectorises; the last two stages
/// (L = 4 and 2) have the trivial twiddles 1 and −i and no multiplications.
@usableFromInline
func complexFFTHalving(_ z: UnsafeMutablePointer<Int32>, points: Int, twiddles table: UnsafePointer<Int32>) {
  var q = points &>> 1
  while q >= 4 {
    let (c, s) = twiddles(table, length: q &<< 1)
    var g = 0
    while g < points {
      let pa = z + (g &<< 1), pb = z + ((g &+ q) &<< 1)
      for j in 0..<q {
        let ar = pa[2 &* j], ai = pa[2 &* j &+ 1], br = pb[2 &* j], bi = pb[2 &* j &+ 1]
        pa[2 &* j] = halfSum(ar, br)
        pa[2 &* j &+ 1] = halfSum(ai, bi)
        let dr = wide(halfDifference(ar, br)), di = wide(halfDifference(ai, bi))
        let cj = wide(c[j]), sj = wide(s[j])
        pb[2 &* j] = narrow(shrRound(dr &* cj &+ di &* sj, 31))
        pb[2 &* j &+ 1] = narrow(shrRound(di &* cj &- dr &* sj, 31))
      }
      g &+= q &<< 1
    }
    q &>>= 1
  }
  // L = 4: (p0, p2) with twiddle 1, (p1, p3) with twiddle −i: (dr + i·di)(−i) = di − i·dr.
  var g = 0
  while g < points {
    let p = z + (g &<< 1)
    let a0r = p[0], a0i = p[1], a1r = p[2], a1i = p[3], b0r = p[4], b0i = p[5], b1r = p[6], b1i = p[7]
    p[0] = halfSum(a0r, b0r); p[1] = halfSum(a0i, b0i)
    p[2] = halfSum(a1r, b1r); p[3] = halfSum(a1i, b1i)
    p[4] = halfDifference(a0r, b0r); p[5] = halfDifference(a0i, b0i)
    p[6] = halfDifference(a1i, b1i); p[7] = halfDifference(b1r, a1r)
    g &+= 4
  }
  // L = 2: twiddle 1.
  g = 0
  while g < points {
    let p = z + (g &<< 1)
    let ar = p[0], ai = p[1], br = p[2], bi = p[3]
    p[0] = halfSum(ar, br); p[1] = halfSum(ai, bi)
    p[2] = halfDifference(ar, br); p[3] = halfDifference(ai, bi)
    g &+= 2
  }
}

/// Reorders `points` (a power of two, 4...2048) interleaved complex values from bit-reversed to natural
/// order, with the bit-reversal table.
@usableFromInline
func bitReversePairs(_ z: UnsafeMutablePointer<Int32>, points: Int) {
  withBitReversal(points: points) { rev, shift in
    for i in 0..<points {
      let j = Int(rev[i]) &>> shift
      if i < j {
        let a = i &<< 1, b = j &<< 1
        let tr = z[a], ti = z[a &+ 1]
        z[a] = z[b]; z[a &+ 1] = z[b &+ 1]
        z[b] = tr; z[b &+ 1] = ti
      }
    }
  }
}

/// Turns the N/2-point complex FFT Z of the packed real input, in bit-reversed order (Z[k] in slot
/// rev(k), as the DIF transform leaves it), into the N/2 + 1 real-input bins, with an extra 1/2 so the
/// result stays below 2^30: X[k] goes to slot rev(k) (X[0] and X[N/2] to slot 0; packed layout: see the
/// file header). Each step reads and writes the same two slots, k and N/2 − k, so it works in place.
///
/// With A = Z[k], B = Z[N/2 − k], W = e^{−2πik/N}: X[k] = E + W·O and X[N/2 − k] = conj(E − W·O), where
/// E = (A + B*)/2 and O = −i(A − B*)/2. `cos`, `sin`: the twiddles for L = N (`cos[k] = cos(2πk/N)`);
/// `rev`, `shift`: the bit reversal over log2(N/2) bits (`withBitReversal`).
@usableFromInline
func splitRealSpectrum(_ x: UnsafeMutablePointer<Int32>, count n: Int, cos: UnsafePointer<Int32>,
                       sin: UnsafePointer<Int32>, rev: UnsafePointer<UInt16>, shift: Int) {
  let half = n &>> 1
  // k = 0 and k = N/2 are real: X[0] = Re Z0 + Im Z0, X[N/2] = Re Z0 − Im Z0.
  let r0 = wide(x[0]), i0 = wide(x[1])
  x[0] = narrow(shrRound(r0 &+ i0, 1))
  x[1] = narrow(shrRound(r0 &- i0, 1))
  var k = 1
  while k <= half &>> 1 {
    let m = half &- k
    let a = (Int(rev[k]) &>> shift) &<< 1, b = (Int(rev[m]) &>> shift) &<< 1
    let ar = wide(x[a]), ai = wide(x[a &+ 1])
    let br = wide(x[b]), bi = wide(x[b &+ 1])
    let sr = ar &+ br, di = ai &- bi      // 2E
    let si = ai &+ bi, dr = br &- ar      // 2O
    let c = wide(cos[k]), sn = wide(sin[k])
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
