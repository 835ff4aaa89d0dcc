// One second-order section of a biquad cascade: coefficients in Q3.29 (Q formats: see BiquadState.swift).

/// One second-order section: coefficients in Q3.29 (scipy `sos` row `[b0, b1, b2, 1, a1, a2]`).
public struct BiquadSection: Sendable {
  public var b0: Int32, b1: Int32, b2: Int32, a1: Int32, a2: Int32
  public init(b0: Int32, b1: Int32, b2: Int32, a1: Int32, a2: Int32) {
    self.b0 = b0; self.b1 = b1; self.b2 = b2; self.a1 = a1; self.a2 = a2
  }
  /// The all-pass identity section.
  public static let identity = BiquadSection(b0: 1 &<< 29, b1: 0, b2: 0, a1: 0, a2: 0)
}
