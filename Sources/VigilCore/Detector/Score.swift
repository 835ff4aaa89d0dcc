// A window's score in detector units and its three largest contributors (kept in order as they are offered).

/// A window's score and its three largest contributors.
public struct Score: Sendable {
  /// Detector units (AE: mean squared error in σ², Q16.16).
  public var value: Int32
  public var top: InlineArray<3, Contribution>
  public init(value: Int32) { self.value = value; top = InlineArray(repeating: .none) }

  /// Offers one feature's contribution to the top three (ties keep the lower feature index).
  @inlinable
  public mutating func offer(_ c: Contribution) {
    if c.value <= top[2].value && top[2].feature >= 0 { return }
    var i = 2
    top[2] = c
    while i > 0 && (top[i &- 1].feature < 0 || top[i &- 1].value < top[i].value) {
      let t = top[i &- 1]; top[i &- 1] = top[i]; top[i] = t
      i &-= 1
    }
  }
}
