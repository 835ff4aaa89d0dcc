// Band layouts in Hz, turned into the core's FFT-bin edges.

import Foundation
import VigilCore

/// Why a band plan could not be made.
public enum BandPlanError: Error, CustomStringConvertible, Equatable {
  case bandCount(Int)
  case range(low: Double, high: Double, nyquist: Double)
  case tooNarrow(bands: Int, bins: Int)
  case rejectedByCore(ConfigError)

  public var description: String {
    switch self {
    case .bandCount(let n): "band count \(n) out of range (1...\(BandLayout.capacity))"
    case .range(let lo, let hi, let ny): "band range \(lo)...\(hi) Hz must satisfy 0 <= low < high <= \(ny) Hz (Nyquist)"
    case .tooNarrow(let b, let k): "\(b) bands do not fit in the \(k) FFT bins of the range: use fewer bands or a longer window"
    case .rejectedByCore(let e): "the core rejects the band layout: \(e.message)"
    }
  }
}

/// Log-spaced band edges (in FFT bins) between `low` and `high` Hz for a window of `windowLength` at
/// `sampleRate`. Every band gets at least one bin: where log spacing would give a band less than one
/// bin (at the low end), the edges become consecutive bins.
public func logSpacedBandEdges(bands: Int, low: Double, high: Double, windowLength n: Int,
                               sampleRate fs: Double) throws -> [UInt16] {
  guard (1...BandLayout.capacity).contains(bands) else { throw BandPlanError.bandCount(bands) }
  guard low >= 0, high > low, high <= fs / 2 else { throw BandPlanError.range(low: low, high: high, nyquist: fs / 2) }
  let binHz = fs / Double(n)
  let first = max(1, Int((low / binHz).rounded()))         // skip DC
  let last = min(n / 2 + 1, Int((high / binHz).rounded()) + 1)
  guard last - first >= bands else { throw BandPlanError.tooNarrow(bands: bands, bins: last - first) }
  let lo = log(Double(first)), hi = log(Double(last))
  var edges = (0...bands).map { Int(exp(lo + (hi - lo) * Double($0) / Double(bands)).rounded()) }
  edges[0] = first; edges[bands] = last
  for i in 1...bands where edges[i] <= edges[i - 1] { edges[i] = edges[i - 1] + 1 }
  // Pushing low edges up may have run into the top: pull back from the end.
  for i in stride(from: bands - 1, through: 0, by: -1) where edges[i] >= edges[i + 1] { edges[i] = edges[i + 1] - 1 }
  return edges.map { UInt16($0) }
}

/// A core band layout from edges (validated by the core).
public func bandLayout(edges: [UInt16]) throws -> BandLayout {
  do { return try edges.withUnsafeBufferPointer { p throws(ConfigError) in try BandLayout(edges: p) } }
  catch { throw BandPlanError.rejectedByCore(error) }
}
