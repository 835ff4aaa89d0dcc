// A threshold learnt on the device from its first windows' scores: mean + k·σ, k in Q16.16, in 64-bit integer
// arithmetic through the Fixed.swift helpers (32-bit ARM safe).

/// Learns a threshold on the device from the first `count` window scores: mean + k·σ (k in Q16.16), in
/// 64-bit integer arithmetic.
public struct ThresholdLearner: Sendable {
  public let count: Int
  public let kQ16: Int32
  @usableFromInline var n = 0
  @usableFromInline var sum: Int64 = 0
  @usableFromInline var sumSq: Int64 = 0   // of (score >> 8): 2^60 holds 2^16 windows of full-range scores
  public init(count: Int, kQ16: Int32) { self.count = count; self.kQ16 = kQ16 }

  /// Adds a score; returns the threshold once `count` scores have been seen (nil before).
  public mutating func add(_ score: Int32) -> Int32? {
    if n >= count { return nil }
    let s = wide(score)
    sum &+= s
    let r = shr(s, 8)
    sumSq &+= r &* r
    n &+= 1
    if n < count { return nil }
    let nn = wideCount(n)
    let mean = sum / nn
    let meanR = shr(mean, 8)
    let varR = max(0, sumSq / nn &- meanR &* meanR)
    let sigma = shl(isqrt(varR), 8)
    return sat32(mean &+ shr(sigma &* wide(kQ16), 16))
  }
}
