// The opt-in front-end features in physical units: their names on the command line and in manifests, and
// the envelope stage's design (carrier band, width, bands) for a window length and sample rate.

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

/// The standard envelope stage for windows of `n` samples at `fs` Hz: a carrier band of W = `width` bins
/// (16: the cheaper of 16 and 32, README "Opt-in features"; at most N/4) from fs/4 up, where bearing impacts ring structural resonances above the machine's own
/// harmonics (moved down if it would pass N/2), so the envelope spectrum reaches W cycles per window
/// (W·fs/N Hz); `bands` (8) log-spaced envelope bands from bin 3 (Hann² spreads the mean over bins 0...2)
/// to bin W: the range of the shaft and bearing defect frequencies and their first harmonics.
public func standardEnvelope(windowLength n: Int, sampleRate fs: Double, bands: Int = 8, width: Int = 16) throws -> EnvelopeConfig {
  let w = min(width, n / 4)
  guard w > 0, w & (w - 1) == 0 else { throw FeatureListError(description: "envelope width \(width) must be a power of two") }
  let log2w = w.trailingZeroBitCount
  let carrier = min(n / 4, n / 2 - w)
  let rate = Double(2 * w) * fs / Double(n)          // the envelope's 2W samples per window
  let edges = try logSpacedBandEdges(bands: bands, low: 3 * fs / Double(n), high: Double(w - 1) * fs / Double(n),
                                     windowLength: 2 * w, sampleRate: rate)
  return EnvelopeConfig(carrierBin: carrier, log2Width: log2w, bands: try bandLayout(edges: edges))
}
