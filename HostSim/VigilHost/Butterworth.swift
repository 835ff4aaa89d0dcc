// Butterworth filter design on the host (Float64), quantised into the core's Q3.29 biquad sections.
//
// Same design as scipy.signal.butter(..., output="sos"): analog prototype poles, bilinear transform with
// pre-warping. The sections differ from scipy's only in how the overall gain is spread (L-infinity
// scaling: every partial cascade peaks at 1), which keeps the Q3.29 coefficients small and every
// intermediate signal within full scale. The frequency response is the same (tested against scipy).

import Foundation
import VigilCore

/// Which part of the spectrum a Butterworth filter keeps.
public enum FilterKind: Sendable, Equatable {
  case lowPass(cutoff: Double)
  case highPass(cutoff: Double)
  case bandPass(low: Double, high: Double)
}

/// A designed filter: second-order sections in Float64 (scipy `sos` rows: b0 b1 b2 1 a1 a2).
public struct SOSFilter: Sendable {
  public var sections: [[Double]]   // each [b0, b1, b2, a1, a2]

  /// Complex frequency response at `f` (in units of the sample rate, 0...0.5).
  public func response(atNormalized f: Double) -> (re: Double, im: Double) {
    var h = C(1, 0)
    let z1 = C.expi(-2 * .pi * f), z2 = z1 * z1
    for s in sections {
      let num = C(s[0], 0) + C(s[1], 0) * z1 + C(s[2], 0) * z2
      let den = C(1, 0) + C(s[3], 0) * z1 + C(s[4], 0) * z2
      h = h * num / den
    }
    return (h.re, h.im)
  }

  /// |H| at `f` (in units of the sample rate).
  public func magnitude(atNormalized f: Double) -> Double {
    let h = response(atNormalized: f)
    return (h.re * h.re + h.im * h.im).squareRoot()
  }

  /// The sections in the core's Q3.29 format.
  public func quantized() throws -> [BiquadSection] {
    try sections.enumerated().map { i, s in
      func q(_ v: Double) throws -> Int32 {
        let r = (v * Double(1 << biquadCoefficientFractionBits)).rounded()
        guard abs(r) < 2_147_483_647 else { throw DesignError.coefficientOutOfRange(section: i, value: v) }
        return Int32(r)
      }
      return BiquadSection(b0: try q(s[0]), b1: try q(s[1]), b2: try q(s[2]), a1: try q(s[3]), a2: try q(s[4]))
    }
  }

  /// A core cascade of these sections (validated by the core).
  public func cascade() throws -> BiquadCascade {
    let q = try quantized()
    do { return try q.withUnsafeBufferPointer { p throws(ConfigError) in try BiquadCascade(sections: p) } }
    catch { throw DesignError.rejectedByCore(error) }
  }
}

/// Why a filter could not be designed.
public enum DesignError: Error, CustomStringConvertible, Equatable {
  case orderOutOfRange(Int)
  case frequencyOutOfRange(Double, sampleRate: Double)
  case coefficientOutOfRange(section: Int, value: Double)
  case rejectedByCore(ConfigError)

  public var description: String {
    switch self {
    case .orderOutOfRange(let n): "filter order \(n) out of range (1...8 per edge)"
    case .frequencyOutOfRange(let f, let fs):
      "filter edge \(f) Hz must be strictly between 0 and the Nyquist frequency \(fs / 2) Hz"
    case .coefficientOutOfRange(let s, let v): "section \(s): coefficient \(v) does not fit Q3.29"
    case .rejectedByCore(let e): "the core rejects the filter: \(e.message)"
    }
  }
}

/// Designs a digital Butterworth filter of `order` (per edge: a band-pass has 2·order poles),
/// edges in Hz at `sampleRate`.
public func butterworth(order: Int, _ kind: FilterKind, sampleRate fs: Double) throws -> SOSFilter {
  guard (1...8).contains(order) else { throw DesignError.orderOutOfRange(order) }
  func warp(_ f: Double) throws -> Double {
    guard f > 0, f < fs / 2 else { throw DesignError.frequencyOutOfRange(f, sampleRate: fs) }
    return 4 * tan(.pi * (f / (fs / 2)) / 2)   // scipy: fs = 2, warped = 2·fs·tan(π·Wn/fs)
  }
  // Analog prototype poles (scipy.signal.buttap), upper half plane and real.
  let proto = (0..<order).map { k -> C in
    let m = Double(-order + 1 + 2 * k)
    return C(0, 0) - C.expi(.pi * m / Double(2 * order))
  }
  var analog: [C] = []
  var refFreq: Double      // normalised frequency where the cascade has unit gain
  var zeros: [Double]      // b of each 2nd-order section: (1 + z1·q + z2·q²) numerator roots pattern
  switch kind {
  case .lowPass(let fc):
    let w = try warp(fc); analog = proto.map { $0 * C(w, 0) }; refFreq = 0; zeros = [1, 2, 1]
  case .highPass(let fc):
    let w = try warp(fc); analog = proto.map { C(w, 0) / $0 }; refFreq = 0.5; zeros = [1, -2, 1]
  case .bandPass(let lo, let hi):
    guard lo < hi else { throw DesignError.frequencyOutOfRange(lo, sampleRate: fs) }
    let w1 = try warp(lo), w2 = try warp(hi)
    let bw = w2 - w1, w0 = (w1 * w2).squareRoot()
    for p in proto {
      let a = p * C(bw / 2, 0)
      let r = (a * a - C(w0 * w0, 0)).sqrt()
      analog += [a + r, a - r]
    }
    // Centre of the band in the digital domain (inverse pre-warp of w0).
    refFreq = atan(w0 / 4) / .pi
    zeros = [1, 0, -1]
  }
  // Bilinear transform with fs = 2: z = (4 + s)/(4 − s).
  let digital = analog.map { (C(4, 0) + $0) / (C(4, 0) - $0) }
  // Conjugate pairs (one representative with Im > 0) and real poles; nearest the unit circle last.
  let tol = 1e-12
  var pairs = digital.filter { $0.im > tol }
  var reals = digital.filter { abs($0.im) <= tol }.map { $0.re }
  pairs.sort { $0.abs < $1.abs }
  reals.sort { abs($0) < abs($1) }
  var sections: [[Double]] = []
  // An odd-order low/high-pass has one real pole: a first-order section (below).
  if case .bandPass = kind {
    // Band-pass real poles (if any) come in pairs: combine them two at a time.
    while reals.count >= 2 {
      let p1 = reals.removeFirst(), p2 = reals.removeFirst()
      sections.append([zeros[0], zeros[1], zeros[2], -(p1 + p2), p1 * p2])
    }
  }
  for p in reals { sections.append([1, zeros[1] > 0 ? 1 : -1, 0, -p, 0]) }
  for p in pairs { sections.append([zeros[0], zeros[1], zeros[2], -2 * p.re, p.re * p.re + p.im * p.im]) }
  // L-infinity scaling: section i is scaled so that the cascade of sections 0...i peaks at 1 (on a fine
  // grid). No intermediate signal can then exceed full scale in fixed point. A last correction gives the
  // whole cascade exactly unit gain at the pass band's centre, as the Butterworth response has.
  let grid = (0...8192).map { 0.5 * Double($0) / 8192 }
  for i in sections.indices {
    let partial = SOSFilter(sections: Array(sections[0...i]))
    let peak = grid.map { partial.magnitude(atNormalized: $0) }.max()!
    for j in 0..<3 { sections[i][j] /= peak }
  }
  let centre = SOSFilter(sections: sections).magnitude(atNormalized: refFreq)
  for j in 0..<3 { sections[sections.count - 1][j] /= centre }
  return SOSFilter(sections: sections)
}

/// A minimal complex number for the designer.
struct C {
  var re: Double, im: Double
  init(_ re: Double, _ im: Double) { self.re = re; self.im = im }
  static func expi(_ t: Double) -> C { C(cos(t), sin(t)) }
  static func + (a: C, b: C) -> C { C(a.re + b.re, a.im + b.im) }
  static func - (a: C, b: C) -> C { C(a.re - b.re, a.im - b.im) }
  static func * (a: C, b: C) -> C { C(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
  static func / (a: C, b: C) -> C {
    let d = b.re * b.re + b.im * b.im
    return C((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
  }
  var abs: Double { (re * re + im * im).squareRoot() }
  func sqrt() -> C {
    let m = abs
    let r = ((m + re) / 2).squareRoot()
    let i = ((m - re) / 2).squareRoot()
    return C(r, im < 0 ? -i : i)
  }
}
