// Turning accelerations (g) into the Int16 counts a sensor delivers.

import Foundation

/// Full-scale scaling from g to Q15 counts: counts = round(g / fullScale · 32768), clipped to Int16.
public struct CountScale: Sendable, Equatable {
  /// Acceleration at full scale, g.
  public var fullScale: Double
  public init(fullScale: Double) { self.fullScale = fullScale }

  /// Counts for one acceleration (round half to even, clipped).
  @inline(__always)
  public func counts(_ g: Float) -> Int16 {
    let v = (Double(g) / fullScale * 32768).rounded(.toNearestOrEven)
    return Int16(max(-32768, min(32767, v)))
  }

  /// Interleaves axes (equal lengths) into counts: frame-major (x0 y0 z0 x1 y1 z1 ...).
  public func interleave(_ axes: [[Float]]) -> [Int16] {
    let n = axes.map(\.count).min() ?? 0
    var out = [Int16](repeating: 0, count: n * axes.count)
    for (a, axis) in axes.enumerated() { for i in 0..<n { out[i * axes.count + a] = counts(axis[i]) } }
    return out
  }
}
