// Biquad cascade (direct form I), Q3.29 coefficients, Q31 signal, 64-bit accumulator.
//
// Q formats: x, y: Q31. b0, b1, b2, a1, a2: Q3.29 (range ±4, resolution 1.9e-9), the scipy `sos`
// convention with a0 = 1: y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2].
// Each product is Q60 (< 2^62 for |coefficient| < 2); the five of a section are summed in 64 bits, which
// cannot overflow because the configuration rejects Σ|coefficient| >= 7.99; the sum is rounded back to
// Q31 and saturated, so a section with gain > 1 clips instead of wrapping around.

/// One second-order section: coefficients in Q3.29 (scipy `sos` row `[b0, b1, b2, 1, a1, a2]`).
public struct BiquadSection: Sendable {
  public var b0: Int32, b1: Int32, b2: Int32, a1: Int32, a2: Int32
  public init(b0: Int32, b1: Int32, b2: Int32, a1: Int32, a2: Int32) {
    self.b0 = b0; self.b1 = b1; self.b2 = b2; self.a1 = a1; self.a2 = a2
  }
  /// The all-pass identity section.
  public static let identity = BiquadSection(b0: 1 &<< 29, b1: 0, b2: 0, a1: 0, a2: 0)
}

/// Fractional bits of the biquad coefficients.
public let biquadCoefficientFractionBits = 29

/// Up to 8 second-order sections (a Butterworth band-pass of order 16, low/high-pass of order 16).
public struct BiquadCascade: Sendable {
  public static let capacity = 8
  @usableFromInline var sections: InlineArray<8, BiquadSection>
  /// Number of sections in use (0: the cascade passes its input through).
  public private(set) var count: Int

  /// An empty cascade (pass-through).
  public init() {
    sections = InlineArray(repeating: .identity)
    count = 0
  }

  /// A cascade of the given sections, checked for size, coefficient range and stability.
  public init(sections source: UnsafeBufferPointer<BiquadSection>) throws(ConfigError) {
    self.init()
    if source.count > Self.capacity { throw .tooManyFilterSections }
    for i in 0..<source.count {
      let q = source[i]
      let total = absWide(q.b0) &+ absWide(q.b1) &+ absWide(q.b2) &+ absWide(q.a1) &+ absWide(q.a2)
      if total >= 0xFF_C0_00_00 { throw .filterCoefficientsTooLarge }   // 7.99 in Q29
      // Stability triangle: |a2| < 1 and |a1| < 1 + a2.
      let one: Int64 = 1 &<< 29
      if absWide(q.a2) >= one || absWide(q.a1) >= one &+ wide(q.a2) { throw .filterUnstable }
      sections[i] = q
    }
    count = source.count
  }

  /// The section at index `i`.
  public subscript(i: Int) -> BiquadSection { sections[i] }
}

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
