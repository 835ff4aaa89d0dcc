// Axis ticks for the report: round numbers (1, 2 or 5 × 10^k of the axis unit), time in s, min or h by span.

import Foundation

/// A time axis: the unit chosen for the span and the tick positions (seconds from the start of the run).
public struct TimeTicks: Sendable, Equatable {
  /// "s", "min" or "h".
  public var unit: String
  /// Seconds per unit (1, 60, 3600).
  public var secondsPerUnit: Double
  /// Distance between ticks, in the unit (1, 2 or 5 × 10^k).
  public var step: Double
  /// Tick positions in seconds from the start (multiples of `step` units, from 0 up to the span).
  public var ticks: [Double]

  /// Ticks for a run of `span` seconds: seconds up to 2 minutes, minutes up to 2 hours, hours beyond;
  /// about `target` ticks (at least 2 when the span is positive).
  public init(span: Double, target: Int = 8) {
    let s = span.isFinite && span > 0 ? span : 1
    (unit, secondsPerUnit) = s <= 120 ? ("s", 1) : s <= 7200 ? ("min", 60) : ("h", 3600)
    let unitSeconds = secondsPerUnit, st = niceStep(s / unitSeconds, target: target)
    step = st
    let count = Int((s / unitSeconds / st * (1 + 1e-9)).rounded(.down))
    ticks = (0...count).map { Double($0) * st * unitSeconds }
  }

  /// The label of a tick at `seconds` from the start, in the unit, without the unit ("0", "1.5", "20").
  public func label(_ seconds: Double) -> String { tickLabel(seconds / secondsPerUnit, step: step) }

  /// A duration (seconds) written with this axis's unit ("4.00 h", "12.5 min", "0.35 s").
  public func duration(_ seconds: Double) -> String {
    String(format: unit == "s" && abs(seconds) < 10 ? "%.2f %@" : "%.1f %@", seconds / secondsPerUnit, unit)
  }
}

/// A round step (1, 2 or 5 × 10^k) that cuts `range` into about `target` parts.
public func niceStep(_ range: Double, target: Int) -> Double {
  guard range.isFinite, range > 0 else { return 1 }
  let raw = range / Double(max(1, target))
  let p = pow(10, (log10(raw)).rounded(.down))
  let m = raw / p
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
}

/// Round ticks covering [lo, hi] on a linear axis: multiples of a 1-2-5 step from ⌊lo⌋ to ⌈hi⌉ (the axis
/// should then run from the first to the last tick).
public func linearTicks(_ lo: Double, _ hi: Double, target: Int = 5) -> [Double] {
  let l = lo.isFinite ? lo : 0, h = hi.isFinite && hi > l ? hi : l + 1
  let step = niceStep(h - l, target: target)
  let a = (l / step * (1 - 1e-12)).rounded(.down), b = (h / step * (1 - 1e-12)).rounded(.up)
  return stride(from: a, through: max(a + 1, b), by: 1).map { $0 * step }
}

/// Round ticks on a log axis from `lo` to `hi` (both > 0): decades, plus 2 and 5 within them when the axis
/// spans at most two decades. Only ticks inside [lo, hi].
public func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
  guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
  let d0 = Int(log10(lo).rounded(.down)), d1 = Int(log10(hi).rounded(.up))
  let mantissas: [Double] = log10(hi / lo) <= 2 ? [1, 2, 5] : [1]
  var out: [Double] = []
  for d in d0...d1 {
    for m in mantissas {
      let v = m * pow(10, Double(d))
      if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { out.append(v) }
    }
  }
  return out
}

/// A tick value written with as few decimals as its step needs ("0.5", "10", "1e+03" never: "1000").
public func tickLabel(_ v: Double, step: Double) -> String {
  let decimals = step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
  let s = String(format: "%.\(min(6, decimals))f", abs(v) < step * 1e-9 ? 0 : v)
  return s
}

/// A log-axis tick value ("0.01", "0.2", "5", "100").
public func logTickLabel(_ v: Double) -> String {
  v >= 1 ? String(format: "%.0f", v) : tickLabel(v, step: pow(10, log10(v).rounded(.down)))
}
