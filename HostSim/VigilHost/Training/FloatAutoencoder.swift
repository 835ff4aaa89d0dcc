// The float autoencoder: what the trainer optimises and the reference the quantized model is checked
// against. Inputs are the core's Int32 features, normalised per feature: x = (f − mean) / std (raw units).

import Foundation
import VigilCore

/// A dense autoencoder in Float32 with per-feature normalisation.
public struct FloatAutoencoder: Sendable, Codable, Equatable {
  /// Layer widths, input first: e.g. [F, 32, 8, 32, F].
  public var sizes: [Int]
  /// Per layer: outputs × inputs, row-major (row = output).
  public var weights: [[Float]]
  public var biases: [[Float]]
  /// Normalisation in the features' raw Int32 units.
  public var mean: [Double]
  public var std: [Double]

  public var featureCount: Int { sizes[0] }
  public var layerCount: Int { sizes.count - 1 }
  public var parameterCount: Int { zip(sizes, sizes.dropFirst()).map { $0 * $1 + $1 }.reduce(0, +) }

  /// The normalised input saturates at ±32 σ: part of the model's definition, exactly as in the core
  /// (Int16 in units of 2^-10 σ), so the float reference and the device agree on far-out windows.
  public static let inputLimit = 32.0

  /// Normalised input of a feature vector (clipped to ±`inputLimit`).
  public func normalise(_ f: [Int32]) -> [Float] {
    (0..<featureCount).map { Float(max(-Self.inputLimit, min(Self.inputLimit, (Double(f[$0]) - mean[$0]) / std[$0]))) }
  }

  /// Runs the network; `activations[l]` receives layer l's output (activations[0] = the input).
  public func forward(_ x: [Float], activations: inout [[Float]]) {
    if activations.count != sizes.count { activations = sizes.map { [Float](repeating: 0, count: $0) } }
    activations[0] = x
    for l in 0..<layerCount {
      let n = sizes[l], m = sizes[l + 1]
      let relu = l < layerCount - 1
      weights[l].withUnsafeBufferPointer { w in
        activations[l].withUnsafeBufferPointer { a in
          activations[l + 1].withUnsafeMutableBufferPointer { out in
            for o in 0..<m {
              var z = biases[l][o]
              let row = o * n
              for i in 0..<n { z += w[row + i] * a[i] }
              out[o] = relu && z < 0 ? 0 : z
            }
          }
        }
      }
    }
  }

  /// Reconstruction error of a feature vector: mean squared error in σ² and the per-feature squared errors.
  public func score(_ f: [Int32]) -> (score: Double, perFeature: [Double]) {
    var acts: [[Float]] = []
    let x = normalise(f)
    forward(x, activations: &acts)
    let out = acts[layerCount]
    let e = (0..<featureCount).map { Double(x[$0] - out[$0]) * Double(x[$0] - out[$0]) }
    return (e.reduce(0, +) / Double(featureCount), e)
  }
}

/// Per-feature floors for the normalisation's standard deviation, in raw units, so that a feature that
/// hardly varies on healthy data is not blown up: 0.1 dB for bands, 1e-4 of full scale for amplitudes,
/// 0.01 for dimensionless statistics.
public func standardDeviationFloor(feature i: Int, bandCount: Int) -> Double {
  let k = i % (bandCount + Statistic.count)
  if k < bandCount { return 0.1 * 65536 }
  switch Statistic(rawValue: k - bandCount)! {
  case .mean, .rms, .peak, .peakToPeak: return 1e-4 * 1_073_741_824
  default: return 0.01 * 65536
  }
}

/// A feature's name ("x.band07", "y.kurtosis"), as the core's JSON encoder writes it.
public func featureName(_ i: Int, bandCount: Int) -> String {
  var bytes = [UInt8](repeating: 0, count: 32)
  return bytes.withUnsafeMutableBufferPointer { p in
    var w = ByteWriter(p)
    writeFeatureName(&w, i, bandCount: bandCount)
    return String(decoding: w.written, as: UTF8.self)
  }
}

extension FeatureVector {
  /// Fills the vector from an array of raw features.
  public mutating func load(_ values: [Int32], bandCount: Int) {
    values.withUnsafeBufferPointer { load($0, bandCount: bandCount) }
  }
}
