// Time-domain statistics of one window of one axis.
//
// Q formats (all Int32):
//   mean, rms, peak, peakToPeak: Q30, fraction of full scale (range ±2, so peak-to-peak fits).
//   crest, kurtosis, skewness, zeroCrossingRate: Q16.16.
// Definitions (x = the window as the front end sees it, before the Hann window):
//   mean = Σx/N; rms = sqrt(Σx²/N); peak = max|x|; peakToPeak = max x − min x; crest = peak/rms;
//   kurtosis = m4/m2² (Pearson: 3 for a Gaussian); skewness = m3/m2^1.5, with mk = Σ(x − mean)^k / N;
//   zeroCrossingRate = (number of n in 1..<N where (x[n−1] − mean < 0) != (x[n] − mean < 0)) / N.
// Method: the centred window is scaled by a block exponent so its largest deviation fits 15 bits; the
// 2nd and 3rd power sums then fit a 64-bit accumulator for N up to 4096, and the 4th is summed as
// (d²/64)² (exact to 2^-18 for the deviations that dominate it), with no per-sample 64-bit shifts.

/// Computes the eight statistics of `x[0..<n]` (Q31 samples, n a power of two) into `out[0..<8]`,
/// in `Statistic` order and the Q formats above.
public func timeStatistics(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, log2Count: Int,
                           into out: UnsafeMutableBufferPointer<Int32>) {
  guard let p = x.baseAddress else { return }
  // Branch-free loops over raw pointers, so that the compiler vectorises them.
  var sum: Int64 = 0
  var lo = Int32.max, hi = Int32.min
  for i in 0..<n {
    let v = p[i]
    sum &+= wide(v)
    lo = min(lo, v)
    hi = max(hi, v)
  }
  let mean = shrRound(sum, log2Count)                    // Q31, |mean| < 2^31
  let peak = max(absWide(lo), absWide(hi))               // Q31, <= 2^31
  let spread = max(wide(hi) &- mean, mean &- wide(lo))   // largest |x − mean|
  let s = max(0, bitLength(spread) &- 15)                // block exponent: |d| <= 2^15

  // d = round((x − mean) / 2^s) (exact when s = 0) = (x − centre) >> s, with centre = mean − 2^(s−1).
  // |d| <= 2^15 keeps d² in 32 bits; the fourth powers are summed as (d² >> 6)², below 2^48 each and 2^60
  // in all for N <= 4096, so the loop needs no 64-bit shifts and vectorises. When x − centre fits 32 bits
  // (|x − mean| < 2^30: anything but near-full-scale signals) wrapping 32-bit arithmetic gives d exactly;
  // otherwise d is formed from the high and low parts of x and centre (below), also in 32 bits.
  let centre = mean &- (s == 0 ? 0 : shl(1, s &- 1))
  var s2: Int64 = 0, s3: Int64 = 0, s4: Int64 = 0
  // Zero crossings of x − mean, counted in the same pass: neighbours on opposite sides of the mean
  // (x < mean is "negative"; the first sample is its own predecessor).
  let m32 = narrow(mean)
  var crossings: Int32 = 0
  var previous: Int32 = p[0] < m32 ? -1 : 0         // masks: −1 below, 0 not; a crossing xors to −1
  if spread < 0x4000_0000 {
    let c = narrow(centre), k = Int32(truncatingIfNeeded: s)
    for i in 0..<n {
      let below: Int32 = p[i] < m32 ? -1 : 0
      crossings &-= below ^ previous
      previous = below
      let d = (p[i] &- c) &>> k                           // |d| <= 2^15
      let d2 = d &* d                                    // <= 2^30
      let e = d2 &>> 6                                   // d²/64 <= 2^24
      s2 &+= wide(d2)
      s3 &+= wide(d2) &* wide(d)                         // |.| <= 2^45, sum < 2^57
      s4 &+= wide(e) &* wide(e)                          // <= 2^48, sum <= 2^60
    }
  } else {
    // |x − mean| ≥ 2^30 somewhere (so s ≥ 16): x − centre may not fit 32 bits. With x = xh·2^s + xl and
    // centre = ch·2^s + cl (0 ≤ xl, cl < 2^s), (x − centre) >> s = xh − ch − (xl < cl ? 1 : 0): the same d,
    // still in 32-bit lanes.
    let k = Int32(truncatingIfNeeded: s)
    let ch = narrow(shr(centre, s))
    let low = (UInt32(1) &<< UInt32(truncatingIfNeeded: s)) &- 1
    let cl = UInt32(bitPattern: narrow(centre)) & low
    for i in 0..<n {
      let below: Int32 = p[i] < m32 ? -1 : 0
      crossings &-= below ^ previous
      previous = below
      let borrow: Int32 = UInt32(bitPattern: p[i]) & low < cl ? -1 : 0
      let d = ((p[i] &>> k) &- ch) &+ borrow
      let d2 = d &* d
      let e = d2 &>> 6
      s2 &+= wide(d2)
      s3 &+= wide(d2) &* wide(d)
      s4 &+= wide(e) &* wide(e)
    }
  }
  let meanSquare = mean &* mean                          // Q62
  let variance = shiftSigned(s2, 2 &* s &- log2Count)   // Q62: Σd²·2^(2s)/N
  let rms = isqrt(variance &+ meanSquare)                // Q31

  out[Statistic.mean.rawValue] = narrow(shrRound(mean, 1))
  out[Statistic.rms.rawValue] = narrow(shrRound(rms, 1))
  out[Statistic.peak.rawValue] = sat32(shrRound(peak, 1))
  out[Statistic.peakToPeak.rawValue] = sat32(shrRound(wide(hi) &- wide(lo), 1))
  out[Statistic.crest.rawValue] = rms == 0 ? 0 : sat32(divQ(peak, rms, 16))
  if s2 == 0 {
    out[Statistic.kurtosis.rawValue] = 0
    out[Statistic.skewness.rawValue] = 0
  } else {
    // kurtosis = m4/m2² = Σd⁴·N/S2² with Σd⁴ = S4·2^12 (S4 = Σ(d²/64)², S2 = Σd²):
    // u = (S4/S2)·2^30, then (u·2^12·N/S2)·2^-14 in Q16.
    let u = divQ(s4, s2, 30)                             // <= 2^48 (S4/S2 <= max d²/2^12 <= 2^18)
    out[Statistic.kurtosis.rawValue] = sat32(shrRound(divQ(u, s2, log2Count &+ 12), 14))
    // skewness = (S3/S2) / σ with σ = sqrt(S2/N), all in units of d.
    let v = divQ(s3, s2, 30)                             // (S3/S2)·2^30, |.| < 2^45
    let sigmaQ16 = isqrt(divQ(s2, wideCount(n), 32))     // σ·2^16 < 2^31
    out[Statistic.skewness.rawValue] = sigmaQ16 == 0 ? 0 : sat32(divQ(v, sigmaQ16, 2))
  }
  out[Statistic.zeroCrossingRate.rawValue] = narrow(shr(shl(wideCount(Int(crossings)), 16), log2Count))
}

/// x·2^k for k of either sign (k in −63...63), rounding when shifting right.
@inline(__always) @usableFromInline
func shiftSigned(_ x: Int64, _ k: Int) -> Int64 {
  k >= 0 ? shl(x, k) : shrRound(x, 0 &- k)
}
