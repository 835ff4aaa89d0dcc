// DC blocker: y[n] = x[n] − x[n−1] + R·y[n−1], a one-pole high-pass with its zero at DC.
//
// Q formats: x, y: Q31; R: Q31 in [0, 1) (e.g. 0.995 → corner ≈ fs·(1−R)/2π). 64-bit intermediate,
// result saturated to Q31. R = 0 disables the blocker (the front end then skips it).

/// The state of a DC blocker for one signal.
public struct DCBlocker: Sendable {
  @usableFromInline var x1: Int32 = 0
  @usableFromInline var y1: Int32 = 0
  public init() {}

  /// Filters one Q31 sample with pole `r` (Q31).
  @inline(__always)
  public mutating func process(_ x: Int32, pole r: Int32) -> Int32 {
    let y = sat32(wide(x) &- wide(x1) &+ shrRound(wide(r) &* wide(y1), 31))
    x1 = x; y1 = y
    return y
  }
}

/// Four DC blockers side by side, one per lane (the front end runs the three axes of interleaved frames
/// in lanes 0...2): lane for lane the same arithmetic as `DCBlocker.process`, so the same results.
@usableFromInline
struct DCBlockerLanes {
  @usableFromInline var x1: SIMD4<Int32>
  @usableFromInline var y1: SIMD4<Int32>

  @inline(__always) @usableFromInline
  init(x1: SIMD4<Int32>, y1: SIMD4<Int32>) { self.x1 = x1; self.y1 = y1 }

  /// Filters one Q31 sample per lane with pole `r` (Q31, the same in every lane).
  @inline(__always) @usableFromInline
  mutating func process(_ x: SIMD4<Int32>, pole r: SIMD4<Int32>) -> SIMD4<Int32> {
    let y = sat32(wide(x) &- wide(x1) &+ ((wide(r) &* wide(y1) &+ SIMD4(repeating: 0x4000_0000)) &>> 31))
    x1 = x; y1 = y
    return y
  }
}
