// Fixed-point logarithms for the log-domain features.

/// log2(x) in Q16.16 for x > 0 (table of log2(1 + i/64) with linear interpolation; error < 4e-4).
/// Returns `Int64.min` for x <= 0: callers map that to their documented floor.
@usableFromInline
func log2Q16(_ x: Int64) -> Int64 {
  if x <= 0 { return .min }
  let e = bitLength(x) &- 1                 // integer part: 2^e <= x < 2^(e+1)
  let m = shl(x, 62 &- e)                   // mantissa with its leading one at bit 62
  let i = Int(truncatingIfNeeded: shr(m, 56) & 63)
  let r = shr(m, 26) & 0x3FFF_FFFF          // position between table entries, Q30
  let t0 = wide(log2MantissaQ30[i])
  let t1 = wide(log2MantissaQ30[i &+ 1])
  let frac = t0 &+ shr((t1 &- t0) &* r, 30) // log2 of the mantissa, Q30
  return shl(wideCount(e), 16) &+ shrRound(frac, 14)
}

/// 10·log10(2) in Q28.
@usableFromInline let tenLog10TwoQ28: Int64 = 808_071_242

/// Converts a log2 value in Q16.16 into decibels (10·log10) in Q16.16.
@inline(__always) @usableFromInline
func decibelsQ16(fromLog2Q16 l: Int64) -> Int64 { shrRound(l &* tenLog10TwoQ28, 28) }
