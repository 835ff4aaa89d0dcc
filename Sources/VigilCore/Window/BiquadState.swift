// Biquad cascade (direct form I), Q3.29 coefficients, Q31 signal, 64-bit accumulator.
//
// Q formats: x, y: Q31. b0, b1, b2, a1, a2: Q3.29 (range ±4, resolution 1.9e-9), the scipy `sos`
// convention with a0 = 1: y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2].
// Each product is Q60 (< 2^62 for |coefficient| < 2); the five of a section are summed in 64 bits, which
// cannot overflow because the configuration rejects Σ|coefficient| >= 7.99; the sum is rounded back to
// Q31 and saturated, so a section with gain > 1 clips instead of wrapping around.

/// Fractional bits of the biquad coefficients.
public let biquadCoefficientFractionBits = 29

/// The delay line of one cascade for one signal: x[n−1], x[n−2], y[n−1], y[n−2] per section.
public struct BiquadState: Sendable {
  @usableFromInline var taps: InlineArray<32, Int32>
  public init() { taps = InlineArray(repeating: 0) }

  /// Runs one Q31 sample through `cascade`, returning the Q31 output.
  @inline(__always)
  public mutating func process(_ input: Int32, through cascade: borrowing BiquadCascade) -> Int32 {
    var x = input
    let sections = cascade.sections.span     // borrow: `cascade.sections[s]` would copy all eight sections
    for s in 0..<cascade.count {
      let c = sections[s]
      let t = s &<< 2
      let x1 = taps[t], x2 = taps[t &+ 1], y1 = taps[t &+ 2], y2 = taps[t &+ 3]
      var acc = wide(c.b0) &* wide(x)
      acc &+= wide(c.b1) &* wide(x1)
      acc &+= wide(c.b2) &* wide(x2)
      acc &-= wide(c.a1) &* wide(y1)
      acc &-= wide(c.a2) &* wide(y2)
      let y = sat32(shrRound(acc, 29))
      taps[t] = x; taps[t &+ 1] = x1; taps[t &+ 2] = y; taps[t &+ 3] = y1
      x = y
    }
    return x
  }
}
