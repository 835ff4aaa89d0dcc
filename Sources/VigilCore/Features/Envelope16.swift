// The envelope stage for W = 16 (the standard plan's carrier band): `envelopeSpectrum`'s stages bit for bit,
// with both 32-point transforms spelled out in four-lane vectors (Points4, RealFFT.swift's butterflies).
//
// The same values in the same Q formats as the generic path (Envelope.swift), but:
//   - the 16 carrier bins go straight into registers; the zero upper half of z is never stored, normalised
//     or read: the first stage of the 32-point transform (q = 16) has b = 0, so a' = ⌈a/2⌉ and
//     b' = (a − a')·e^{−2πij/32};
//   - the peaks (`peak`, |Z|²'s largest, `top`) are ORs: only their bit lengths are used, and the OR of
//     non-negative values has the bit length of the largest;
//   - the squared envelope is never put into natural order: the 32-point real FFT packs e[2m], e[2m + 1]
//     as its complex point m, and e[i] = |Z|² of slot rev5(i), so point m = (|Z|² of slot rev4(m), of slot
//     rev4(m) + 16): a 4 × 4 transpose of the slot-order powers (`envelopePoints`);
//   - e2 and the real FFT's block exponent s are found together: when e2 > 0 the largest e has 30 bits
//     and s = 0; when e2 = 0, e = |Z|² and s = 30 − its bit length.
// Scratch: 64 + 32 words and 18 Int64 on the stack.

/// `envelopeSpectrum` for W = 16 (see the file header): the same result bit for bit.
@usableFromInline
func envelopeSpectrum16(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, carrierBin lo: Int,
                        layout: borrowing BandLayout, into out: UnsafeMutableBufferPointer<Int32>) -> Bool {
  var zs = InlineArray<32, Int32>(repeating: 0)         // the envelope spectrum E (packed, bit-reversed)
  var ps = InlineArray<18, Int64>(repeating: 0)         // Σ_{i < k} |E[i]|², k = 0 ... 17
  let s: Int
  do {
    var z = zs.mutableSpan, p = ps.mutableSpan
    s = z.withUnsafeMutableBufferPointer { zb in
      p.withUnsafeMutableBufferPointer { pb in envelopeTransforms16(x, count: n, carrierBin: lo, into: zb.baseAddress!, power: pb.baseAddress!) }
    }
  }
  if s < 0 { return true }
  // bandEnergies over the envelope spectrum's bins 0 ... 16, from the running sums.
  let edges = layout.edges.span, power = ps.span
  for b in 0..<layout.count {
    let first = min(Int(edges[b]), 17), end = min(Int(edges[b &+ 1]), 17)
    out[b] = decibels(ofPower: end > first ? power[end] &- power[first] : 0, blockExponent: s)
  }
  return envelopeRelativeToMean(dc: zs[0], blockExponent: s, bands: layout.count, into: out)
}

/// The two transforms of `envelopeSpectrum16`: E (the packed, bit-reversed 32-point real FFT of the squared
/// envelope) into `z[0..<32]`, the running sums of its bin powers |E[k]|² (k = 0 ... 16) into
/// `power[0...17]`; returns E's block exponent s, or −1 for a window silent in the carrier band.
@inline(__always) @usableFromInline
func envelopeTransforms16(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, carrierBin lo: Int,
                          into z: UnsafeMutablePointer<Int32>, power: UnsafeMutablePointer<Int64>) -> Int {
  guard let xp = x.baseAddress else { return -1 }
  // The carrier band's 16 bins, read through the bit reversal (1 <= k < N/2: never slot 0), as four
  // groups of four points.
  var g = withBitReversal(points: n &>> 1) { rev, shift -> (Points4, Points4, Points4, Points4) in
    @inline(__always) func group(_ j: Int) -> Points4 {
      let s0 = (Int(rev[lo &+ j]) &>> shift) &<< 1, s1 = (Int(rev[lo &+ j &+ 1]) &>> shift) &<< 1
      let s2 = (Int(rev[lo &+ j &+ 2]) &>> shift) &<< 1, s3 = (Int(rev[lo &+ j &+ 3]) &>> shift) &<< 1
      return (SIMD4(xp[s0], xp[s1], xp[s2], xp[s3]), SIMD4(xp[s0 &+ 1], xp[s1 &+ 1], xp[s2 &+ 1], xp[s3 &+ 1]))
    }
    return (group(0), group(4), group(8), group(12))
  }
  let peak = magnitudes(g.0) | magnitudes(g.1) | magnitudes(g.2) | magnitudes(g.3)
  let peakBits = peak[0] | peak[1] | peak[2] | peak[3]
  if peakBits == 0 { return -1 }
  // normaliseBlock: 30 significant bits.
  let e1 = 30 &- bitLength(Int64(bitPattern: wideUnsigned(peakBits)))
  g = (normalised(g.0, e1), normalised(g.1, e1), normalised(g.2, e1), normalised(g.3, e1))
  let (c32, s32, c16, s16, c8, s8, cMiddle, sMiddle) = withTwiddles { table in
    let a = twiddles(table, length: 32), b = twiddles(table, length: 16), c = twiddles(table, length: 8)
    return (a.cos, a.sin, b.cos, b.sin, c.cos, c.sin, a.cos[8], a.sin[8])
  }
  // The 32-point transform: the first stage against the zero upper half, then the last four stages
  // of each group of 16 (as complexFFTHalving), into a 64-word scratch.
  var zs = InlineArray<64, Int32>(repeating: 0)
  var zspan = zs.mutableSpan
  let p = zspan.withUnsafeMutableBufferPointer { zb in
    let y = zb.baseAddress!
    var a0 = g.0, a1 = g.1, a2 = g.2, a3 = g.3
    var b0 = firstStage(&a0, cos: load4(c32), sin: load4(s32))
    var b1 = firstStage(&a1, cos: load4(c32 + 4), sin: load4(s32 + 4))
    var b2 = firstStage(&a2, cos: load4(c32 + 8), sin: load4(s32 + 8))
    var b3 = firstStage(&a3, cos: load4(c32 + 12), sin: load4(s32 + 12))
    let t16 = (load4(c16), load4(s16), load4(c16 + 4), load4(s16 + 4)), t8 = (load4(c8), load4(s8))
    lastFourStages(&a0, &a1, &a2, &a3, t16, t8, into: y)
    lastFourStages(&b0, &b1, &b2, &b3, t16, t8, into: y + 32)
    // |Z|² per slot (Int64, < 2^61).
    @inline(__always) func power(_ k: Int) -> SIMD4<Int64> {
      let v = loadPoints(y + (k &<< 3))
      let r = wide(v.re), i = wide(v.im)
      return r &* r &+ i &* i
    }
    return (power(0), power(1), power(2), power(3), power(4), power(5), power(6), power(7))
  }
  // The shift e2 into 30 bits, then e in slot order, already shifted by the real FFT's block exponent s.
  let any = p.0 | p.1 | p.2 | p.3 | p.4 | p.5 | p.6 | p.7
  let largest = any[0] | any[1] | any[2] | any[3]
  if largest == 0 { return -1 }
  let e2 = max(0, bitLength(largest) &- 30)
  let s = e2 > 0 ? 0 : 30 &- bitLength(largest)
  let down = SIMD4<Int64>(repeating: wideCount(e2)), up = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: s))
  @inline(__always) func e(_ v: SIMD4<Int64>) -> SIMD4<Int32> { narrow(v &>> down) &<< up }
  // The 32-point real FFT of e: its 16 complex points (e[2m], e[2m + 1]), a 16-point transform, the split.
  let re = envelopePoints(e(p.0), e(p.1), e(p.2), e(p.3)), im = envelopePoints(e(p.4), e(p.5), e(p.6), e(p.7))
  var q0: Points4 = (re.0, im.0), q1: Points4 = (re.1, im.1), q2: Points4 = (re.2, im.2), q3: Points4 = (re.3, im.3)
  let t16 = (load4(c16), load4(s16), load4(c16 + 4), load4(s16 + 4)), t8 = (load4(c8), load4(s8))
  lastFourStages(&q0, &q1, &q2, &q3, t16, t8, into: z)
  splitTwiddleQ31.span.withUnsafeBufferPointer { split in
    splitRealSpectrum(z, count: 32, twiddles: split.baseAddress!, middle: (cMiddle, sMiddle))
  }
  // Running sums of |E[k]|², k = 0 ... 16 (E[0] and E[16] real, in slot 0; bin k in slot rev4(k)).
  withBitReversal(points: 16) { rev, shift in
    let r0 = wide(z[0]), r16 = wide(z[1])
    var sum = r0 &* r0
    power[0] = 0
    power[1] = sum
    for k in 1..<16 {
      let slot = (Int(rev[k]) &>> shift) &<< 1
      let r = wide(z[slot]), i = wide(z[slot &+ 1])
      sum &+= r &* r &+ i &* i
      power[k &+ 1] = sum
    }
    power[17] = sum &+ r16 &* r16
  }
  return s
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

/// The first (q = 16) stage of a 32-point transform whose points 16 ..< 32 are zero, on four points `a`
/// (j = 4t ..< 4t + 4, twiddles `c`, `s` of j): a' = (a + 0)/2 in place, returns b' = (a − a')·(c − i·s).
@inline(__always) @usableFromInline
func firstStage(_ a: inout Points4, cos c: SIMD4<Int32>, sin s: SIMD4<Int32>) -> Points4 {
  var b: Points4 = (SIMD4(), SIMD4())
  butterflies(&a, &b, cos: c, sin: s)
  return b
}

/// complexFFTHalving's last four stages (q = 8, 4, 2, 1) on one group of 16 points (four Points4 in point
/// order), stored in bit-reversed slot order at `p[0..<32]`.
@inline(__always) @usableFromInline
func lastFourStages(_ p0: inout Points4, _ p1: inout Points4, _ p2: inout Points4, _ p3: inout Points4,
                    _ t16: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>), _ t8: (SIMD4<Int32>, SIMD4<Int32>),
                    into p: UnsafeMutablePointer<Int32>) {
  butterflies(&p0, &p2, cos: t16.0, sin: t16.1)      // q = 8
  butterflies(&p1, &p3, cos: t16.2, sin: t16.3)
  butterflies(&p0, &p1, cos: t8.0, sin: t8.1)        // q = 4
  butterflies(&p2, &p3, cos: t8.0, sin: t8.1)
  lastTwoStages(p0, p1, into: p)                     // q = 2, 1
  lastTwoStages(p2, p3, into: p + 16)
}

/// One component of the real FFT's 16 complex points from 16 slot-order values `s0` (slots 0 ..< 4) ...
/// `s3` (12 ..< 16): point m takes slot rev4(m) = 4·rev2(m mod 4) + rev2(m / 4), so points 4a ..< 4a + 4
/// are column rev2(a) of the rows (s0, s2, s1, s3).
@inline(__always) @usableFromInline
func envelopePoints(_ s0: SIMD4<Int32>, _ s1: SIMD4<Int32>, _ s2: SIMD4<Int32>,
                    _ s3: SIMD4<Int32>) -> (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>) {
  (SIMD4(s0[0], s2[0], s1[0], s3[0]), SIMD4(s0[2], s2[2], s1[2], s3[2]),
   SIMD4(s0[1], s2[1], s1[1], s3[1]), SIMD4(s0[3], s2[3], s1[3], s3[3]))
}
