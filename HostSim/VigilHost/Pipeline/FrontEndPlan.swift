// Front-end configurations in physical units, built for the core.

import Foundation
import VigilCore

/// A front-end design in Hz: window, hop, bands, DC blocker and an optional band-limiting filter.
public struct FrontEndPlan: Sendable {
  public var sampleRate: Double
  public var axes: Int
  public var windowLength = 1024
  public var hopDivisor = 2
  public var bands = 24
  public var lowestBand = 10.0
  /// DC blocker corner (Hz); 0 disables it.
  public var dcCorner = 2.0
  public var highPass: Double? = nil
  /// Opt-in features (FeaturePlan.swift); the envelope stage is `standardEnvelope` for this window.
  public var features: FeatureSet = []

  public init(sampleRate: Double, axes: Int) { self.sampleRate = sampleRate; self.axes = axes }

  /// The core configuration (edges log-spaced from `lowestBand` to Nyquist).
  public func config() throws -> FrontEndConfig {
    let edges = try logSpacedBandEdges(bands: bands, low: lowestBand, high: sampleRate / 2, windowLength: windowLength,
                                       sampleRate: sampleRate)
    let pole = dcCorner > 0 ? Int32((1 - 2 * Double.pi * dcCorner / sampleRate) * 2_147_483_648) : 0
    let filter = try highPass.map { try butterworth(order: 2, .highPass(cutoff: $0), sampleRate: sampleRate).cascade() }
    return FrontEndConfig(axes: axes, windowLength: windowLength, hop: windowLength / hopDivisor,
                          bands: try bandLayout(edges: edges), dcBlockerPole: pole, filter: filter ?? BiquadCascade(),
                          sampleRateMilliHz: UInt32((sampleRate * 1000).rounded()), features: features,
                          envelope: features.contains(.envelope) ? try standardEnvelope(windowLength: windowLength, sampleRate: sampleRate)
                                                                 : EnvelopeConfig())
  }
}
