// The envelope stage for W = 16 (the standard plan's carrier band): `envelopeSpectrum`'s stages bit for bit,
// in registers, with both 32-point transforms spelled out in four-lane vectors (RealFFT.swift's Points4,
// `butterflies` and `splitPairs`).
//
// The same values in the same Q formats as the generic path (Envelope.swift), but:
//   - the 16 carrier bins go straight into registers; the zero upper half of z is never stored, normalised
//     or read: the first stage of the 32-point transform (q = 16) has b = 0, so a' = ⌈a/2⌉ and
//     b' = (a − a')·e^{−2πij/32};
//   - the block peaks (`peak`, the largest |Z|², `top`) are ORs: only their bit lengths are used, and the
//     OR of non-negative values has the bit length of the largest;
//   - the last two stages of each transform leave their points in registers, even slots and odd slots
//     (`lastTwoStagesLanes`), not interleaved in memory;
//   - the squared envelope is never put into natural order: the 32-point real FFT packs e[2m], e[2m + 1]
//     as its complex point m, and e[i] = |Z|² of slot rev5(i), so point m = (|Z|² of slot rev4(m), of slot
//     rev4(m) + 16): slots (0, 8, 4, 12), (2, 10, 6, 14), (1, 9, 5, 13), (3, 11, 7, 15) for points 0 ..< 16,
//     two-lane transposes of the even and odd slots;
//   - e2 and the real FFT's block exponent s come together: when e2 > 0 the largest e has 30 bits and
//     s = 0; when e2 = 0, e = |Z|² and s = 30 − its bit length;
//   - the real FFT's split runs on two vectors of four slot pairs (slot 1, X[8], is its own partner in
//     lane 0 of the second) and only the bins' powers |E[k]|² leave it, summed in natural order so each
//     band is a difference of two running sums (exact in 64 bits: Parseval bounds the total by 2^61);
//   - a band's dB and its offset from the reference (the mean, E[0]) are one step.
// Scratch: 18 Int64 on the stack.

/// `envelopeSpectrum` for W = 16 (see the file header): the same bands bit for bit, and the same silent
/// windows (returns true, `out` not written).
@usableFromInline
func envelopeSpectrum16(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, carrierBin lo: Int,
                        layout: borrowing BandLayout, into out: UnsafeMutableBufferPointer<Int32>) -> Bool {
  guard let xp = x.baseAddress else { return true }
  // The carrier band's 16 bins, read through the bit reversal (1 <= k < N/2: never slot 0), as four
  // groups of four points.
  var a = withBitReversal(points: n &>> 1) { rev, shift -> (Points4, Points4, Points4, Points4) in
    @inline(__always) func group(_ j: Int) -> Points4 {
      let s0 = (Int(rev[lo &+ j]) &>> shift) &<< 1, s1 = (Int(rev[lo &+ j &+ 1]) &>> shift) &<< 1
      let s2 = (Int(rev[lo &+ j &+ 2]) &>> shift) &<< 1, s3 = (Int(rev[lo &+ j &+ 3]) &>> shift) &<< 1
      return (SIMD4(xp[s0], xp[s1], xp[s2], xp[s3]), SIMD4(xp[s0 &+ 1], xp[s1 &+ 1], xp[s2 &+ 1], xp[s3 &+ 1]))
    }
    return (group(0), group(4), group(8), group(12))
  }
  let peak = magnitudes(a.0) | magnitudes(a.1) | magnitudes(a.2) | magnitudes(a.3)
  let peakBits = peak[0] | peak[1] | peak[2] | peak[3]
  if peakBits == 0 { return true }
  let e1 = 30 &- bitLength(Int64(bitPattern: wideUnsigned(peakBits)))      // normaliseBlock: 30 bits
  a = (normalised(a.0, e1), normalised(a.1, e1), normalised(a.2, e1), normalised(a.3, e1))
  let (c32, s32, c16, s16, c8, s8, middle) = withTwiddles { table in
    let l32 = twiddles(table, length: 32), l16 = twiddles(table, length: 16), l8 = twiddles(table, length: 8)
    return (l32.cos, l32.sin, l16.cos, l16.sin, l8.cos, l8.sin, (l32.cos[8], l32.sin[8]))
  }
  let t16 = (load4(c16), load4(s16), load4(c16 + 4), load4(s16 + 4)), t8 = (load4(c8), load4(s8))
  // Z: the 32-point transform (first stage against the zero upper half, then the last four stages of
  // each group of 16, as complexFFTHalving), and |Z|² per slot (Int64, < 2^61).
  var b0 = firstStage(&a.0, cos: load4(c32), sin: load4(s32))
  var b1 = firstStage(&a.1, cos: load4(c32 + 4), sin: load4(s32 + 4))
  var b2 = firstStage(&a.2, cos: load4(c32 + 8), sin: load4(s32 + 8))
  var b3 = firstStage(&a.3, cos: load4(c32 + 12), sin: load4(s32 + 12))
  let z0 = lastFourStagesLanes(&a.0, &a.1, &a.2, &a.3, t16, t8)      // slots 0 ..< 16
  let z1 = lastFourStagesLanes(&b0, &b1, &b2, &b3, t16, t8)          // slots 16 ..< 32
  let p = (power(z0.0.even), power(z0.0.odd), power(z0.1.even), power(z0.1.odd),
           power(z1.0.even), power(z1.0.odd), power(z1.1.even), power(z1.1.odd))
  let any = p.0 | p.1 | p.2 | p.3 | p.4 | p.5 | p.6 | p.7
  let largest = any[0] | any[1] | any[2] | any[3]
  if largest == 0 { return true }
  // e = |Z|² >> e2 (30 bits), already shifted left by the real FFT's block exponent s.
  let e2 = max(0, bitLength(largest) &- 30)
  let s = e2 > 0 ? 0 : 30 &- bitLength(largest)
  let down = SIMD4<Int64>(repeating: wideCount(e2)), up = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: s))
  @inline(__always) func e(_ v: SIMD4<Int64>) -> SIMD4<Int32> { narrow(v &>> down) &<< up }
  let (r0, r1, r2, r3) = envelopePoints(even: e(p.0), e(p.2), odd: e(p.1), e(p.3))
  let (i0, i1, i2, i3) = envelopePoints(even: e(p.4), e(p.6), odd: e(p.5), e(p.7))
  // E: the 16-point transform of the points (e[2m], e[2m + 1]), then the split into bins.
  var q0: Points4 = (r0, i0), q1: Points4 = (r1, i1), q2: Points4 = (r2, i2), q3: Points4 = (r3, i3)
  let y = lastFourStagesLanes(&q0, &q1, &q2, &q3, t16, t8)
  let (w0, w8) = splitTwiddleQ31.span.withUnsafeBufferPointer { ($0.baseAddress!, $0.baseAddress! + 8) }
  let t0 = load8(w0), t1 = load8(w8)
  // Slots 8, 10, 12, 14 (k = 1, 5, 3, 7) with 15, 13, 11, 9 (k = 15, 11, 13, 9).
  let g1 = splitPairs(y.1.even, reversed(y.1.odd), cos: t1.evenHalf, sin: t1.oddHalf)
  // Slot 1 (k = 8) with itself, slots 2, 4, 6 (k = 4, 2, 6) with 3, 7, 5 (k = 12, 14, 10).
  let o = y.0.odd
  let g2 = splitPairs((SIMD4(o.re[0], y.0.even.re[1], y.0.even.re[2], y.0.even.re[3]),
                       SIMD4(o.im[0], y.0.even.im[1], y.0.even.im[2], y.0.even.im[3])),
                      (SIMD4(o.re[0], o.re[1], o.re[3], o.re[2]), SIMD4(o.im[0], o.im[1], o.im[3], o.im[2])),
                      cos: SIMD4(middle.0, t0[2], t0[4], t0[6]), sin: SIMD4(middle.1, t0[3], t0[5], t0[7]))
  // Slot 0: E[0] and E[16] (real).
  let x0 = wide(y.0.even.re[0]), x1 = wide(y.0.even.im[0])
  let dc = narrow(shrRound(x0 &+ x1, 1)), nyquist = wide(narrow(shrRound(x0 &- x1, 1)))
  let pa1 = power(g1.a), pb1 = power(g1.b), pa2 = power(g2.a), pb2 = power(g2.b)
  // Running sums of |E[k]|² over k = 0 ... 16: sums[k] = Σ_{i < k}.
  var sums = InlineArray<18, Int64>(repeating: 0)
  let d = wide(dc)
  var t = d &* d
  sums[1] = t
  t &+= pa1[0]; sums[2] = t;  t &+= pa2[2]; sums[3] = t;  t &+= pa1[2]; sums[4] = t;  t &+= pa2[1]; sums[5] = t
  t &+= pa1[1]; sums[6] = t;  t &+= pa2[3]; sums[7] = t;  t &+= pa1[3]; sums[8] = t;  t &+= pa2[0]; sums[9] = t
  t &+= pb1[3]; sums[10] = t; t &+= pb2[3]; sums[11] = t; t &+= pb1[1]; sums[12] = t; t &+= pb2[1]; sums[13] = t
  t &+= pb1[2]; sums[14] = t; t &+= pb2[2]; sums[15] = t; t &+= pb1[0]; sums[16] = t
  sums[17] = t &+ nyquist &* nyquist
  if d <= 0 { return true }
  envelopeBands(sums.span, dc: d, blockExponent: s, layout: layout, into: out)
  return false
}

/// The envelope bands from the running sums of the bin powers (`sums[k]` = Σ_{i < k} |E[i]|², k = 0 ... 17),
/// band b over bins edges[b] ..< edges[b + 1] (at most 17: validated), in dB re the mean (E[0] = `dc` > 0):
/// `bandEnergies`, then `envelopeRelativeToMean`, in one step.
@inline(__always) @usableFromInline
func envelopeBands(_ sums: Span<Int64>, dc d: Int64, blockExponent s: Int, layout: borrowing BandLayout,
                   into out: UnsafeMutableBufferPointer<Int32>) {
  let edges = layout.edges.span
  let reference = wide(decibels(ofPower: d &* d, blockExponent: s))  // the same calibration as the bands
  for b in 0..<layout.count {
    let first = min(Int(edges[b]), 17), end = min(Int(edges[b &+ 1]), 17)
    let db = decibels(ofPower: end > first ? sums[end] &- sums[first] : 0, blockExponent: s)
    out[b] = db == silentBandDecibelsQ16 ? db
      : max(silentBandDecibelsQ16, sat32(wide(db) &- reference &+ envelopeCalibrationQ16))
  }
}

/// |v| per lane of four points' components, OR-ed (the bit length of the largest magnitude).
@inline(__always) @usableFromInline
func magnitudes(_ v: Points4) -> SIMD4<UInt32> {
  let sr = v.re &>> 31, si = v.im &>> 31
  return SIMD4<UInt32>(truncatingIfNeeded: (v.re ^ sr) &- sr) | SIMD4<UInt32>(truncatingIfNeeded: (v.im ^ si) &- si)
}

/// `normaliseBlock`'s shift of four points by `s` bits (positive: left; negative: right, rounded half up,
/// as ⌊v/2^k⌋ + bit k − 1 of v, which is `shrRound` without the 64-bit sum).
@inline(__always) @usableFromInline
func normalised(_ v: Points4, _ s: Int) -> Points4 {
  if s >= 0 {
    let k = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: s))
    return (v.re &<< k, v.im &<< k)
  }
  let k = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: 0 &- s)), one = SIMD4<Int32>(repeating: 1)
  return ((v.re &>> k) &+ ((v.re &>> (k &- one)) & one), (v.im &>> k) &+ ((v.im &>> (k &- one)) & one))
}

/// |v|² per lane (Int64: re² + im², < 2^62).
@inline(__always) @usableFromInline
func power(_ v: Points4) -> SIMD4<Int64> {
  let r = wide(v.re), i = wide(v.im)
  return r &* r &+ i &* i
}

/// The first (q = 16) stage of a 32-point transform whose points 16 ..< 32 are zero, on four points `a`
/// (j = 4t ..< 4t + 4, twiddles `c`, `s` of j): a' = (a + 0)/2 in place, returns b' = (a − a')·(c − i·s).
@inline(__always) @usableFromInline
func firstStage(_ a: inout Points4, cos c: SIMD4<Int32>, sin s: SIMD4<Int32>) -> Points4 {
  var b: Points4 = (SIMD4(), SIMD4())
  butterflies(&a, &b, cos: c, sin: s)
  return b
}

/// complexFFTHalving's last four stages (q = 8, 4, 2, 1) on one group of 16 points (four Points4 in point
/// order): slots 0 ..< 8 and 8 ..< 16 of the group, each as its even and odd slots.
@inline(__always) @usableFromInline
func lastFourStagesLanes(_ p0: inout Points4, _ p1: inout Points4, _ p2: inout Points4, _ p3: inout Points4,
                         _ t16: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>),
                         _ t8: (SIMD4<Int32>, SIMD4<Int32>)) -> (Slots8, Slots8) {
  butterflies(&p0, &p2, cos: t16.0, sin: t16.1)      // q = 8
  butterflies(&p1, &p3, cos: t16.2, sin: t16.3)
  butterflies(&p0, &p1, cos: t8.0, sin: t8.1)        // q = 4
  butterflies(&p2, &p3, cos: t8.0, sin: t8.1)
  return (lastTwoStagesLanes(p0, p1), lastTwoStagesLanes(p2, p3))   // q = 2, 1
}

/// Eight consecutive slots of a transform's output: slots 0, 2, 4, 6 and slots 1, 3, 5, 7.
@usableFromInline
typealias Slots8 = (even: Points4, odd: Points4)

/// `lastTwoStages` (RealFFT.swift) leaving its eight points in registers: the same lanes before its
/// interleaving store (lane l: slots 2l and 2l + 1).
@inline(__always) @usableFromInline
func lastTwoStagesLanes(_ a: Points4, _ b: Points4) -> Slots8 {
  let xr = SIMD4(lowHalf: a.re.lowHalf, highHalf: b.re.lowHalf), yr = SIMD4(lowHalf: a.re.highHalf, highHalf: b.re.highHalf)
  let xi = SIMD4(lowHalf: a.im.lowHalf, highHalf: b.im.lowHalf), yi = SIMD4(lowHalf: a.im.highHalf, highHalf: b.im.highHalf)
  let sr = halfSum(xr, yr), si = halfSum(xi, yi)
  let dxr = xr &- sr, dxi = xi &- si, dyr = yr &- sr
  let er = SIMD4(dxr[0], dxi[1], dxr[2], dxi[3]), ei = SIMD4(dxi[0], dyr[1], dxi[2], dyr[3])
  let pr = SIMD4(sr[0], er[0], sr[2], er[2]), qr = SIMD4(sr[1], er[1], sr[3], er[3])
  let pi = SIMD4(si[0], ei[0], si[2], ei[2]), qi = SIMD4(si[1], ei[1], si[3], ei[3])
  let or = halfSum(pr, qr), oi = halfSum(pi, qi)
  return ((or, oi), (pr &- or, pi &- oi))
}

/// One component of the real FFT's 16 complex points (e[2m], e[2m + 1]) from that component's values
/// in slot order, `e0`/`o0` the even/odd slots of 0 ..< 8 and `e1`/`o1` those of 8 ..< 16: point m
/// takes slot rev4(m), so points 0 ..< 4 are slots (0, 8, 4, 12), 4 ..< 8 (2, 10, 6, 14), 8 ..< 12
/// (1, 9, 5, 13) and 12 ..< 16 (3, 11, 7, 15).
@inline(__always) @usableFromInline
func envelopePoints(even e0: SIMD4<Int32>, _ e1: SIMD4<Int32>, odd o0: SIMD4<Int32>,
                    _ o1: SIMD4<Int32>) -> (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>) {
  (SIMD4(e0[0], e1[0], e0[2], e1[2]), SIMD4(e0[1], e1[1], e0[3], e1[3]),
   SIMD4(o0[0], o1[0], o0[2], o1[2]), SIMD4(o0[1], o1[1], o0[3], o1[3]))
}
