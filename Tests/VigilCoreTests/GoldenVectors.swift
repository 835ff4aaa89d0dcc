// The golden vectors (Tests/Golden, written by generate.py with numpy / scipy) and helpers for comparing the
// core's fixed-point output with them.

import Foundation
import TestSupport
import VigilCore

/// The golden vectors written by Tests/Golden/generate.py (numpy / scipy, float64).
struct Golden: Decodable {
  struct FFTCase: Decodable {
    let n: Int
    let dbfs: DBFS
    let input: [Int16]
    let refOffset: Int
    let refCount: Int
  }
  enum DBFS: Decodable, CustomStringConvertible {
    case level(Int), label(String)
    init(from d: Decoder) throws {
      let c = try d.singleValueContainer()
      if let v = try? c.decode(Int.self) { self = .level(v) } else { self = .label(try c.decode(String.self)) }
    }
    var description: String { switch self { case .level(let v): "\(v) dBFS"; case .label(let s): s } }
  }
  struct Design: Decodable {
    let kind: String, order: Int, edges: [Double], sections: [[Int64]], output: [Double]
    let responseFreqs: [Double], responseMag: [Double]
  }
  struct DC: Decodable { let input: [Int16]; let poleQ31: Int32; let output: [Double] }
  struct Decim: Decodable { let factor: Int; let sections: [[Int64]]; let output: [Double] }
  struct Saturation: Decodable { let input: [Int16]; let sections: [[Int64]]; let outputUnclipped: [Double]; let outputSaturating: [Double] }
  struct Filters: Decodable {
    let input: [Int16]; let designs: [Design]; let dc: DC; let decimator: Decim; let saturation: Saturation
  }
  struct BandCase: Decodable { let n: Int; let input: [Int16]; let edges: [UInt16]; let db: [Double]; let fraction: [Double] }
  struct RealWindow: Decodable {
    let file: String, format: String, axis: Int, n: Int, offset: Int
    let mean: Double, rms: Double, peak: Double, peakToPeak: Double
    let crest: Double, kurtosis: Double, skewness: Double, zeroCrossingRate: Double
  }
  let fft: [FFTCase]
  let filters: Filters
  let hann: [String: [Double]]
  let bands: [BandCase]
  let realWindows: [RealWindow]

  static let shared: Golden = {
    let data = try! Data(contentsOf: Paths.golden.appendingPathComponent("golden.json"))
    return try! JSONDecoder().decode(Golden.self, from: data)
  }()

  /// The float64 reference spectrum of an FFT case (interleaved re, im).
  static let fftReference: [Double] = {
    let data = try! Data(contentsOf: Paths.golden.appendingPathComponent("fft_ref.f64"))
    return data.withUnsafeBytes { raw in (0..<data.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) } }
  }()
}

extension Array where Element == Int32 {
  /// Runs `body` over a mutable buffer of a copy of this array.
  func withBuffer<R>(_ body: (UnsafeMutableBufferPointer<Int32>) -> R) -> (R, [Int32]) {
    var copy = self
    let r = copy.withUnsafeMutableBufferPointer { body($0) }
    return (r, copy)
  }
}

/// Q15 counts → Q31 (what the front end does with its input).
func q31(_ x: [Int16]) -> [Int32] { x.map { Int32($0) << 16 } }

/// Signal-to-noise ratio in dB of `test` against `ref`.
func snr(_ ref: [Double], _ test: [Double]) -> Double {
  var s = 0.0, e = 0.0
  for i in ref.indices { s += ref[i] * ref[i]; e += (ref[i] - test[i]) * (ref[i] - test[i]) }
  return e == 0 ? .infinity : 10 * log10(s / e)
}

/// The core's packed real-FFT output as (re, im) pairs for bins 0...N/2, in full-scale units, DFT scale.
func unpackSpectrum(_ x: [Int32], n: Int, blockExponent s: Int) -> [Double] {
  let scale = Double(n) / pow(2, Double(31 + s))
  var out = [Double](repeating: 0, count: n + 2)
  out[0] = Double(x[0]) * scale
  out[n] = Double(x[1]) * scale
  for k in 1..<(n / 2) { out[2 * k] = Double(x[2 * k]) * scale; out[2 * k + 1] = Double(x[2 * k + 1]) * scale }
  return out
}

/// A band layout over the given edges (test inputs are valid).
func layout(_ edges: [UInt16]) -> BandLayout {
  try! edges.withUnsafeBufferPointer { p throws(ConfigError) in try BandLayout(edges: p) }
}

/// Sections given as integer Q3.29 rows [b0, b1, b2, a1, a2].
func cascade(_ rows: [[Int64]]) throws(ConfigError) -> BiquadCascade {
  let s = rows.map { BiquadSection(b0: Int32($0[0]), b1: Int32($0[1]), b2: Int32($0[2]), a1: Int32($0[3]), a2: Int32($0[4])) }
  return try s.withUnsafeBufferPointer { p throws(ConfigError) in try BiquadCascade(sections: p) }
}
