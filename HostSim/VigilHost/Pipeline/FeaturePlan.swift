// The opt-in front-end features in physical units: their names on the command line and in manifests, and
// the envelope stage's design (band-pass, decimation, bands) for a window length and sample rate.

import Foundation
import VigilCore

/// Why a feature list could not be read.
public struct FeatureListError: Error, CustomStringConvertible, Equatable {
  public var description: String
}

extension FeatureSet: ExpressibleByArrayLiteral {
  /// `[.relative, .envelope]` (host side only: an array literal allocates, the device build never writes one).
  public init(arrayLiteral elements: FeatureSet...) {
    self.init()
    for e in elements { insert(e) }
  }
}

/// The feature names `--features` and a manifest's `features` take (comma-separated; `none`: the default).
public let featureNames: [(name: String, set: FeatureSet)] = [("relative", .relative), ("envelope", .envelope)]

/// Parses a comma-separated feature list, e.g. "relative,envelope" ("" or "none": no extra features).
public func parseFeatures(_ text: String) throws -> FeatureSet {
  var set: FeatureSet = []
  for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
    if part == "none" || (part.isEmpty && text.trimmingCharacters(in: .whitespaces).isEmpty) { continue }
    guard let f = featureNames.first(where: { $0.name == part }) else {
      throw FeatureListError(description: "unknown feature '\(part)' (known: \(featureNames.map(\.name).joined(separator: ", ")), or none)")
    }
    set.insert(f.set)
  }
  return set
}

/// The names of a feature set, comma-separated ("none" when empty).
public func featureList(_ set: FeatureSet) -> String {
  let names = featureNames.filter { set.contains($0.set) }.map(\.name)
  return names.isEmpty ? "none" : names.joined(separator: ",")
}

/// The standard envelope stage for windows of `n` samples at `fs` Hz: a Butterworth band-pass (order 2 per
/// edge) over the top of the spectrum, fs/4 ... 0.45·fs, where bearing impacts ring structural resonances
/// above the machine's own harmonics; decimation D = N/128 (at least 1), so the envelope spectrum has
/// M = N/D (64 or 128) points at fs/D; `bands` (8) log-spaced envelope bands from 2 bins to fs/(2D), the
/// range of the shaft and bearing defect frequencies and their first harmonics.
public func standardEnvelope(windowLength n: Int, sampleRate fs: Double, bands: Int = 8) throws -> EnvelopeConfig {
  let filter = try butterworth(order: 2, .bandPass(low: fs / 4, high: 0.45 * fs), sampleRate: fs).cascade()
  var log2d = 0
  while n >> (log2d + 1) >= 128 && log2d < 6 { log2d += 1 }
  let m = n >> log2d, rate = fs / Double(1 << log2d)
  let edges = try logSpacedBandEdges(bands: bands, low: 2 * rate / Double(m), high: rate / 2, windowLength: m, sampleRate: rate)
  return EnvelopeConfig(filter: filter, log2Decimation: log2d, bands: try bandLayout(edges: edges))
}
