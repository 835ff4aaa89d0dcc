// A checked cascade of up to 8 second-order sections: size, coefficient range (Σ|c| < 7.99 so the 64-bit
// accumulator cannot overflow) and stability are verified once, when it is made.

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
