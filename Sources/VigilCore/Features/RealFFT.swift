// Real FFT, Q31 internals with a block exponent.
//
// Q formats:
//   in:  N real samples, Q31 (fraction of full scale).
//   out: N/2 + 1 complex bins packed in the same N words (CMSIS layout):
//        x[0] = Re X[0], x[1] = Re X[N/2], x[2k] = Re X[k], x[2k+1] = Im X[k] for k = 1 ..< N/2,
//        where the stored value = DFT(x)[k] / N · 2^s in Q31 and s is the returned block exponent.
//
// Method: the input is first normalised so its largest sample has 30 significant bits (the block
// exponent s; this is what keeps small signals as accurate as full-scale ones; a left shift is applied
// as the first FFT stage reads the block rather than in a pass of its own), packed as N/2 complex
// points, transformed by a radix-2 decimation-in-frequency FFT that halves every stage (so no stage can
// overflow: the largest complex magnitude never grows), and split into the N/2 + 1 real-input bins, in
// place, in the bit-reversed slots the transform leaves them in (`realFFT` then reorders them; the front
// end reads its bins through the bit-reversal table instead). Every product is Q31 × Q31 in a 64-bit
// accumulator with rounding. Output magnitudes stay below 2^30. The loops are written for the compiler
// to vectorise (unit-stride twiddle tables per length, 32 × 32-bit products; the split's vector loop
// has a 64-bit-target and a 32-bit-ARM form of its loads and stores, the same arithmetic): measure with
// Boards/profile.

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
  realFFTBitReversed(x, count: n, peak: blockPeak(x, count: n))
}

/// `realFFTBitReversed` of a block whose largest magnitude `peak` is already known (`applyHannPeak`).
@usableFromInline
func realFFTBitReversed(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, peak: UInt32) -> Int {
  guard let z = x.baseAddress else { return 0 }
  let s = normalisingShift(peak: peak), half = n &>> 1
  // A left shift (any block but a near-full-scale one) goes into the transform's first stage when it
  // has a vector stage (half ≥ 32): the same values, without a pass of its own over the block.
  let folded = s > 0 && half >= 32
  if !folded { _ = normaliseBlock(x, count: n, peak: peak) }
  withTwiddles { table in
    complexFFTHalving(z, points: half, twiddles: table, inputShift: folded ? s : 0)
    let w = twiddles(table, length: n)
    splitTwiddleQ31.span.withUnsafeBufferPointer { split in
      splitRealSpectrum(z, count: n, twiddles: split.baseAddress!, middle: (w.cos[half &>> 1], w.sin[half &>> 1]))
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

/// The largest magnitude in `x[0..<n]`.
@usableFromInline
func blockPeak(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> UInt32 {
  guard let p = x.baseAddress else { return 0 }
  var peak: UInt32 = 0
  for i in 0..<n { peak = max(peak, p[i].magnitude) }
  return peak
}

/// Shifts `x[0..<n]`, whose largest magnitude is `peak`, so that it has exactly 30 significant bits;
/// returns the shift (positive: left). Returns 0 for an all-zero block.
@usableFromInline
func normaliseBlock(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, peak: UInt32) -> Int {
  guard let p = x.baseAddress else { return 0 }
  let s = normalisingShift(peak: peak)
  if s > 0 {
    let k = Int32(truncatingIfNeeded: s)
    for i in 0..<n { p[i] = p[i] &<< k }
  } else if s < 0 {
    let k = 0 &- s
    for i in 0..<n { p[i] = narrow(shrRound(wide(p[i]), k)) }
  }
  return s
}

/// The shift (positive: left) that gives a block whose largest magnitude is `peak` exactly 30 significant
/// bits; 0 for an all-zero block.
@inline(__always) @usableFromInline
func normalisingShift(peak: UInt32) -> Int {
  peak == 0 ? 0 : 30 &- bitLength(Int64(bitPattern: wideUnsigned(peak)))
}

/// `(a + b) / 2`, rounded half up, without overflow.
@inline(__always) @usableFromInline
func halfSum(_ a: Int32, _ b: Int32) -> Int32 { narrow(shrRound(wide(a) &+ wide(b), 1)) }

/// `halfSum` on four lanes.
@inline(__always) @usableFromInline
func halfSum(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> SIMD4<Int32> {
  (a | b) &- ((a ^ b) &>> 1)      // ⌈(a + b)/2⌉ in 32 bits: a + b = 2(a & b) + (a ^ b), a | b = (a & b) + (a ^ b)
}

/// `(re + i·im)·(c − i·s)` on four lanes, each product a Q31 × Q31 sum in 64 bits rounded back to Q31
/// (the butterfly's twiddle multiplication, bit for bit).
@inline(__always) @usableFromInline
func rotate(_ re: SIMD4<Int32>, _ im: SIMD4<Int32>, cos c: SIMD4<Int32>,
            sin s: SIMD4<Int32>) -> (re: SIMD4<Int32>, im: SIMD4<Int32>) {
  let r = wide(re), i = wide(im), cw = wide(c), sw = wide(s)
  let half = SIMD4<Int64>(repeating: 0x4000_0000)
  return (narrow((r &* cw &+ i &* sw &+ half) &>> 31), narrow((i &* cw &- r &* sw &+ half) &>> 31))
}

/// Four complex points as two four-lane vectors (real parts, imaginary parts).
@usableFromInline
typealias Points4 = (re: SIMD4<Int32>, im: SIMD4<Int32>)

/// Four interleaved complex points from `p[0..<8]`.
@inline(__always) @usableFromInline
func loadPoints(_ p: UnsafePointer<Int32>) -> Points4 {
  let v = load8(p)
  return (v.evenHalf, v.oddHalf)
}

/// One stage's four butterflies between the points `a` and `b` (twiddles `c`, `s`), in registers:
/// a' = (a + b)/2, b' = (a − a')·(c − i·s), as in `complexFFTHalving`'s loop.
@inline(__always) @usableFromInline
func butterflies(_ a: inout Points4, _ b: inout Points4, cos c: SIMD4<Int32>, sin s: SIMD4<Int32>) {
  let sr = halfSum(a.re, b.re), si = halfSum(a.im, b.im)
  b = rotate(a.re &- sr, a.im &- si, cos: c, sin: s)
  a = (sr, si)
}

/// The last two stages (L = 4: twiddles 1 and −i; L = 2: twiddle 1) of the two four-point groups `a`
/// and `b`, stored interleaved at `p[0..<16]` (`a`'s four points, then `b`'s).
@inline(__always) @usableFromInline
func lastTwoStages(_ a: Points4, _ b: Points4, into p: UnsafeMutablePointer<Int32>) {
  // L = 4 on (x0, x1, x2, x3) of each group: y0 = (x0 + x2)/2, y1 = (x1 + x3)/2, y2 = (x0 − x2)/2,
  // y3 = −i·(x1 − x3)/2 = ((x1i − x3i)/2, (x3r − x1r)/2). Lanes: (a·0, a·1, b·0, b·1) against
  // (a·2, a·3, b·2, b·3).
  let xr = SIMD4(lowHalf: a.re.lowHalf, highHalf: b.re.lowHalf), yr = SIMD4(lowHalf: a.re.highHalf, highHalf: b.re.highHalf)
  let xi = SIMD4(lowHalf: a.im.lowHalf, highHalf: b.im.lowHalf), yi = SIMD4(lowHalf: a.im.highHalf, highHalf: b.im.highHalf)
  let sr = halfSum(xr, yr), si = halfSum(xi, yi)           // y0, y1
  let dxr = xr &- sr, dxi = xi &- si, dyr = yr &- sr        // (x − y)/2 and (y − x)/2, rounded down
  let er = SIMD4(dxr[0], dxi[1], dxr[2], dxi[3]), ei = SIMD4(dxi[0], dyr[1], dxi[2], dyr[3])   // y2, y3
  // L = 2 on (y0, y1) and (y2, y3): lanes (a: y0, y2; b: y0, y2) against (a: y1, y3; b: y1, y3).
  let pr = SIMD4(sr[0], er[0], sr[2], er[2]), qr = SIMD4(sr[1], er[1], sr[3], er[3])
  let pi = SIMD4(si[0], ei[0], si[2], ei[2]), qi = SIMD4(si[1], ei[1], si[3], ei[3])
  let or = halfSum(pr, qr), oi = halfSum(pi, qi)
  let zr = pr &- or, zi = pi &- oi
  // Lane l holds output points 2l (o) and 2l + 1 (z).
  let r0 = SIMD4(or[0], zr[0], or[1], zr[1]), r1 = SIMD4(or[2], zr[2], or[3], zr[3])
  let i0 = SIMD4(oi[0], zi[0], oi[1], zi[1]), i1 = SIMD4(oi[2], zi[2], oi[3], zi[3])
  storePoints((r0, i0), p)
  storePoints((r1, i1), p + 8)
}

/// Stores four complex points interleaved at `p[0..<8]`.
@inline(__always) @usableFromInline
func storePoints(_ v: Points4, _ p: UnsafeMutablePointer<Int32>) {
  store8(SIMD8(v.re[0], v.im[0], v.re[1], v.im[1], v.re[2], v.im[2], v.re[3], v.im[3]), p)
}

/// Radix-2 DIF complex FFT of `points` (32...2048) interleaved (re, im) Q31 values, scaled by 1/2 per
/// stage. Output in bit-reversed order. Requires every |z| < 2^30.5 on input (true after
/// `normaliseBlock`), so no component ever reaches ±2^31.
///
/// Each butterfly of a group of length L = 2q: a' = (a + b)/2 (rounded half up), b' = ((a − b)/2)·e^{−2πij/L}
/// (the half rounded down, computed as a − a': ⌊(a − b)/2⌋ = a − ⌈(a + b)/2⌉ always fits, and the sum and
/// difference share one halving add), the product rounded from a 64-bit accumulator (Q31 × Q31 → >> 31). Stages
/// with q ≥ 16 run over j with unit-stride twiddles (the table for L), which the compiler vectorises;
/// the last four (q = 8, 4, 2, 1: too short for the compiler's vector loop) are spelled out in four-lane
/// vectors per group of 16 points, where L = 4 and L = 2 have the trivial twiddles 1 and −i.
///
/// `inputShift` (0...30, for `points` ≥ 32): the first stage reads every component shifted left by it,
/// as if `normaliseBlock` had shifted the block (the caller's normalisation, without a pass of its own).
@usableFromInline
func complexFFTHalving(_ z: UnsafeMutablePointer<Int32>, points: Int, twiddles table: UnsafePointer<Int32>,
                       inputShift: Int = 0) {
  var q = points &>> 1
  if q >= 16 {
    halvingStage(z, points: points, half: q, twiddles: table, inputShift: Int32(truncatingIfNeeded: inputShift))
    q &>>= 1
  }
  while q >= 16 {
    halvingStage(z, points: points, half: q, twiddles: table, inputShift: 0)
    q &>>= 1
  }
  // The last four stages (q = 8, 4, 2, 1) per group of 16 points, in registers: too short for the
  // compiler's vector loop, so spelled out four butterflies at a time.
  let (c16, s16) = twiddles(table, length: 16), (c8, s8) = twiddles(table, length: 8)
  let c0 = load4(c16), s0 = load4(s16), c1 = load4(c16 + 4), s1 = load4(s16 + 4)
  let c2 = load4(c8), s2 = load4(s8)
  var p = z
  for _ in 0..<(points &>> 4) {
    var p0 = loadPoints(p), p1 = loadPoints(p + 8), p2 = loadPoints(p + 16), p3 = loadPoints(p + 24)
    butterflies(&p0, &p2, cos: c0, sin: s0)      // q = 8
    butterflies(&p1, &p3, cos: c1, sin: s1)
    butterflies(&p0, &p1, cos: c2, sin: s2)      // q = 4
    butterflies(&p2, &p3, cos: c2, sin: s2)
    lastTwoStages(p0, p1, into: p)               // q = 2, 1
    lastTwoStages(p2, p3, into: p + 16)
    p += 32
  }
}

/// One stage of `complexFFTHalving` with groups of length L = 2q (q ≥ 16), over j with unit-stride
/// twiddles, each component read shifted left by `k` (0 but in the first stage).
@inline(__always) @usableFromInline
func halvingStage(_ z: UnsafeMutablePointer<Int32>, points: Int, half q: Int, twiddles table: UnsafePointer<Int32>,
                  inputShift k: Int32) {
  let (c, s) = twiddles(table, length: q &<< 1)
  var g = 0
  while g < points {
    let pa = z + (g &<< 1), pb = z + ((g &+ q) &<< 1)
    for j in 0..<q {
      let ar = pa[2 &* j] &<< k, ai = pa[2 &* j &+ 1] &<< k, br = pb[2 &* j] &<< k, bi = pb[2 &* j &+ 1] &<< k
      let sr = halfSum(ar, br), si = halfSum(ai, bi)
      pa[2 &* j] = sr
      pa[2 &* j &+ 1] = si
      let dr = wide(ar &- sr), di = wide(ai &- si)      // (a − b)/2, rounded down (see complexFFTHalving)
      let cj = wide(c[j]), sj = wide(s[j])
      pb[2 &* j] = narrow(shrRound(dr &* cj &+ di &* sj, 31))
      pb[2 &* j &+ 1] = narrow(shrRound(di &* cj &- dr &* sj, 31))
    }
    g &+= q &<< 1
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
/// E = (A + B*)/2 and O = −i(A − B*)/2 (k < N/4 in slot a, the other in slot b; `splitPair`).
///
/// In slot order the pairs are simple: slot 1 holds X[N/4] alone, and within each octave of slots
/// [m, 2m) slot s pairs with slot 3m − 1 − s, the even one holding the k < N/4. So from m = 16 on, eight
/// pairs at a time: the slots m + t ..< m + t + 8 and their mirror 2m − t − 8 ..< 2m − t, each loaded
/// once (the even slots of one pair with the odd slots of the other, reversed), with the twiddles of
/// the even slots from `splitTwiddleQ31` (`twiddles`: (cos, sin) per even slot in slot order, below
/// slot 16 interleaved, from slot 16 on four cosines then four sines per four even slots);
/// `middle`: the twiddle of X[N/4] (cos, sin of π/2 from the L = N table).
@usableFromInline
func splitRealSpectrum(_ x: UnsafeMutablePointer<Int32>, count n: Int, twiddles w: UnsafePointer<Int32>,
                       middle: (cos: Int32, sin: Int32)) {
  let half = n &>> 1
  // k = 0 and k = N/2 are real: X[0] = Re Z0 + Im Z0, X[N/2] = Re Z0 − Im Z0.
  let r0 = wide(x[0]), i0 = wide(x[1])
  x[0] = narrow(shrRound(r0 &+ i0, 1))
  x[1] = narrow(shrRound(r0 &- i0, 1))
  splitPair(x, 2, 2, cos: middle.cos, sin: middle.sin)            // slot 1: k = N/4, its own partner
  var m = 2
  while m < half {
    if m < 16 {
      var a = m
      while a < m &<< 1 {
        splitPair(x, a &<< 1, (3 &* m &- 1 &- a) &<< 1, cos: w[a], sin: w[a &+ 1])
        a &+= 2
      }
    } else {
      var t = 0
      while t < m &>> 1 {
        let p1 = x + ((m &+ t) &<< 1), p2 = x + (((m &<< 1) &- t &- 8) &<< 1)
        let w1 = w + (m &+ t), w2 = w + ((m &<< 1) &- t &- 8)        // four cosines, then four sines
        #if arch(arm) || arch(i386)
        // 32-bit ARM: each run's even and odd slots word by word (its 64-bit lane shuffles cost more:
        // 917 instead of 542 instructions per eight pairs on ARMv7).
        let v1 = load16(p1), v2 = load16(p2)
        let e1: Points4 = (SIMD4(v1[0], v1[4], v1[8], v1[12]), SIMD4(v1[1], v1[5], v1[9], v1[13]))
        let o1: Points4 = (SIMD4(v1[2], v1[6], v1[10], v1[14]), SIMD4(v1[3], v1[7], v1[11], v1[15]))
        let e2: Points4 = (SIMD4(v2[0], v2[4], v2[8], v2[12]), SIMD4(v2[1], v2[5], v2[9], v2[13]))
        let o2: Points4 = (SIMD4(v2[2], v2[6], v2[10], v2[14]), SIMD4(v2[3], v2[7], v2[11], v2[15]))
        let g1 = splitPairs(e1, reversed(o2), cos: load4(w1), sin: load4(w1 + 4))
        let g2 = splitPairs(e2, reversed(o1), cos: load4(w2), sin: load4(w2 + 4))
        store16(slots(even: g1.a, odd: reversed(g2.b)), p1)
        store16(slots(even: g2.a, odd: reversed(g1.b)), p2)
        #else
        // Each run read as eight 64-bit slots, its even and odd slots taken as whole 64-bit lanes: the
        // compiler then deinterleaves with vector shuffles (taken word by word, it loaded the words one
        // by one: 215 instead of 162 instructions per eight pairs on aarch64).
        let v1 = loadSlots(p1), v2 = loadSlots(p2)
        let e1 = points(v1.evenHalf), o1 = points(reversed(v1.oddHalf))
        let e2 = points(v2.evenHalf), o2 = points(reversed(v2.oddHalf))
        let g1 = splitPairs(e1, o2, cos: load4(w1), sin: load4(w1 + 4))
        let g2 = splitPairs(e2, o1, cos: load4(w2), sin: load4(w2 + 4))
        storeSlots(even: slots(g1.a), odd: slots(reversed(g2.b)), p1)
        storeSlots(even: slots(g2.a), odd: slots(reversed(g1.b)), p2)
        #endif
        t &+= 8
      }
    }
    m &<<= 1
  }
}

/// One split step on the slots at word offsets `a` and `b` (k < N/4 in `a`, N/2 − k in `b`; `a == b`
/// for k = N/4), twiddle W = c − i·s of k: 2E = (Re A + Re B) + i(Im A − Im B), 2O = (Im A + Im B) +
/// i(Re B − Re A); T = W·2O rounded from 64 bits; X[k] = (2E + T)/4, X[N/2 − k] = conj(2E − T)/4, rounded.
@inline(__always) @usableFromInline
func splitPair(_ x: UnsafeMutablePointer<Int32>, _ a: Int, _ b: Int, cos c: Int32, sin s: Int32) {
  let ar = wide(x[a]), ai = wide(x[a &+ 1])
  let br = wide(x[b]), bi = wide(x[b &+ 1])
  let sr = ar &+ br, di = ai &- bi      // 2E
  let si = ai &+ bi, dr = br &- ar      // 2O
  let cw = wide(c), sw = wide(s)
  let tr = shrRound(cw &* si &+ sw &* dr, 31)   // Re(W·2O)
  let ti = shrRound(cw &* dr &- sw &* si, 31)   // Im(W·2O)
  x[a] = narrow(shrRound(sr &+ tr, 2))
  x[a &+ 1] = narrow(shrRound(di &+ ti, 2))
  if a != b {
    x[b] = narrow(shrRound(sr &- tr, 2))
    x[b &+ 1] = narrow(shrRound(ti &- di, 2))
  }
}

/// `splitPair` on four pairs (the `a` slots' points, the `b` slots' points, the `a` slots' twiddles),
/// bit for bit: the products c·(Im A + Im B) etc. are expanded into 32 × 32-bit ones (same sums in
/// 64 bits), which vectorise.
@inline(__always) @usableFromInline
func splitPairs(_ a: Points4, _ b: Points4, cos c: SIMD4<Int32>, sin s: SIMD4<Int32>) -> (a: Points4, b: Points4) {
  let ar = wide(a.re), ai = wide(a.im), br = wide(b.re), bi = wide(b.im)
  let sr = ar &+ br, di = ai &- bi
  let half = SIMD4<Int64>(repeating: 0x4000_0000), two = SIMD4<Int64>(repeating: 2)
  // Eight-lane products (A's lanes, then B's) keep every multiplication 32 × 32 bits: written as
  // c·Im A + c·Im B the compiler would factor it back into c·(Im A + Im B), a 64-bit product.
  let im = products(a.im, b.im, c, s), re = products(a.re, b.re, c, s)
  let tr = (im.c.lowHalf &+ im.c.highHalf &+ re.s.highHalf &- re.s.lowHalf &+ half) &>> 31
  let ti = (re.c.highHalf &- re.c.lowHalf &- im.s.lowHalf &- im.s.highHalf &+ half) &>> 31
  let sr2 = sr &+ two, ti2 = ti &+ two              // the rounding shared by both outputs
  return ((narrow((sr2 &+ tr) &>> 2), narrow((ti2 &+ di) &>> 2)),
          (narrow((sr2 &- tr) &>> 2), narrow((ti2 &- di) &>> 2)))
}

/// The eight 64-bit products of (`x`, `y`) with (`c`, `c`) and with (`s`, `s`).
@inline(__always) @usableFromInline
func products(_ x: SIMD4<Int32>, _ y: SIMD4<Int32>, _ c: SIMD4<Int32>,
              _ s: SIMD4<Int32>) -> (c: SIMD8<Int64>, s: SIMD8<Int64>) {
  let v = SIMD8(lowHalf: wide(x), highHalf: wide(y))
  return (v &* SIMD8(lowHalf: wide(c), highHalf: wide(c)), v &* SIMD8(lowHalf: wide(s), highHalf: wide(s)))
}

/// Eight consecutive slots (16 interleaved words) from the points of their even slots (0, 2, 4, 6) and
/// odd slots (1, 3, 5, 7).
@inline(__always) @usableFromInline
func slots(even e: Points4, odd o: Points4) -> SIMD16<Int32> {
  SIMD16(e.re[0], e.im[0], o.re[0], o.im[0], e.re[1], e.im[1], o.re[1], o.im[1],
         e.re[2], e.im[2], o.re[2], o.im[2], e.re[3], e.im[3], o.re[3], o.im[3])
}

/// Four points in reverse order.
@inline(__always) @usableFromInline
func reversed(_ v: Points4) -> Points4 {
  (SIMD4(v.re[3], v.re[2], v.re[1], v.re[0]), SIMD4(v.im[3], v.im[2], v.im[1], v.im[0]))
}

/// Eight consecutive slots (16 interleaved words) at `p` as 64-bit lanes: re in the low half, im in the high.
@inline(__always) @usableFromInline
func loadSlots(_ p: UnsafePointer<Int32>) -> SIMD8<Int64> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int64>.self) }

/// Stores eight consecutive slots at `p` from their even slots (0, 2, 4, 6) and odd slots (1, 3, 5, 7).
@inline(__always) @usableFromInline
func storeSlots(even e: SIMD4<Int64>, odd o: SIMD4<Int64>, _ p: UnsafeMutablePointer<Int32>) {
  UnsafeMutableRawPointer(p).storeBytes(of: SIMD8(e[0], o[0], e[1], o[1], e[2], o[2], e[3], o[3]), as: SIMD8<Int64>.self)
}

/// Four slots (64-bit lanes) as four points.
@inline(__always) @usableFromInline
func points(_ v: SIMD4<Int64>) -> Points4 {
  (SIMD4<Int32>(truncatingIfNeeded: v), SIMD4<Int32>(truncatingIfNeeded: v &>> 32))
}

/// Four points as four slots (64-bit lanes).
@inline(__always) @usableFromInline
func slots(_ v: Points4) -> SIMD4<Int64> {
  let lo = SIMD4(v.re[0], v.im[0], v.re[1], v.im[1]), hi = SIMD4(v.re[2], v.im[2], v.re[3], v.im[3])
  return SIMD4(lowHalf: unsafeBitCast(lo, to: SIMD2<Int64>.self), highHalf: unsafeBitCast(hi, to: SIMD2<Int64>.self))
}

/// Four slots in reverse order.
@inline(__always) @usableFromInline
func reversed(_ v: SIMD4<Int64>) -> SIMD4<Int64> { SIMD4(v[3], v[2], v[1], v[0]) }

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
