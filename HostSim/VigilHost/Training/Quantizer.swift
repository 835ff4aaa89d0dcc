// Float autoencoder → the core's integer model (int8 weights per output channel, int32 biases, int16
// activations, integer multiplier + shift requantisation), built through the core's own validating API.

import Foundation
import VigilCore

public enum QuantizationError: Error, CustomStringConvertible {
  case rejectedByCore(ModelError)
  case noCalibrationData
  public var description: String {
    switch self {
    case .rejectedByCore(let e): "the core rejects the quantized model: \(e.message)"
    case .noCalibrationData: "no calibration windows to measure activation ranges on"
    }
  }
}

/// A positive real scale as (mantissa, shift) with value ≈ mantissa / 2^shift, mantissa in
/// [2^(bits−1), 2^bits) where possible and shift clamped to 1...62.
func fixedScale(_ x: Double, bits: Int) -> (mantissa: Int32, shift: Int) {
  guard x > 0, x.isFinite else { return (0, 1) }
  var shift = (bits - 1) - Int(floor(log2(x)))
  shift = min(62, max(1, shift))
  var m = (x * pow(2, Double(shift))).rounded()
  let cap = Double((Int64(1) << bits) - 1)
  if m > cap { m = cap }
  return (Int32(m), shift)
}

/// Quantizes `model` for the core. Activation ranges are measured on `calibration` (healthy windows).
public func quantize(_ model: FloatAutoencoder, calibration: [[Int32]]) throws -> Autoencoder {
  guard !calibration.isEmpty else { throw QuantizationError.noCalibrationData }
  let L = model.layerCount
  // Activation scales: input and output fixed at 2^-10 σ; hidden layers at 16 × the calibration maxima,
  // so that faulty windows (far outside the healthy range) do not saturate int16 where float would not,
  // while healthy activations keep about 2,000 steps.
  var maxAbs = [Float](repeating: 0, count: L + 1)
  var acts: [[Float]] = []
  for f in calibration {
    model.forward(model.normalise(f), activations: &acts)
    for l in 1..<L { maxAbs[l] = max(maxAbs[l], acts[l].map(abs).max() ?? 0) }
  }
  let inputScale = 1.0 / Double(1 << normalisedFractionBits)
  var scales = [Double](repeating: inputScale, count: L + 1)
  for l in 1..<L { scales[l] = max(Double(maxAbs[l]) * 16, 1e-3) / 32767 }

  do throws(ModelError) {
    var ae = try Autoencoder(featureCount: model.featureCount)
    for i in 0..<model.featureCount {
      let k = 1 / (model.std[i] * inputScale)          // raw units → 2^-10 σ
      let (m, r) = fixedScale(k, bits: 16)
      let mean = Int32(max(-2_147_483_648, min(2_147_483_647, model.mean[i].rounded())))
      try ae.setNormalisation(i, mean: mean, multiplier: m, shift: r)
    }
    for l in 0..<L {
      let n = model.sizes[l], out = model.sizes[l + 1]
      var w = [Int8](repeating: 0, count: n * out)
      var b = [Int32](repeating: 0, count: out), mult = [Int32](repeating: 0, count: out)
      var sh = [UInt8](repeating: 0, count: out)
      for o in 0..<out {
        let row = model.weights[l][(o * n)..<((o + 1) * n)]
        let wmax = Double(row.map(abs).max() ?? 0)
        let sw = wmax > 0 ? wmax / 127 : 1
        var bound = 0.0
        for i in 0..<n {
          let q = max(-127, min(127, (Double(row[row.startIndex + i]) / sw).rounded()))
          w[o * n + i] = Int8(q)
          bound += abs(q) * 32768
        }
        let bq = (Double(model.biases[l][o]) / (scales[l] * sw)).rounded()
        let limit = 2_147_483_000 - bound
        b[o] = Int32(max(-limit, min(limit, bq)))
        let (m, s) = fixedScale(scales[l] * sw / scales[l + 1], bits: 31)
        mult[o] = max(1, m); sh[o] = UInt8(s)
      }
      try w.withUnsafeBufferPointer { wp throws(ModelError) in
        try b.withUnsafeBufferPointer { bp throws(ModelError) in
          try mult.withUnsafeBufferPointer { mp throws(ModelError) in
            try sh.withUnsafeBufferPointer { sp throws(ModelError) in
              try ae.appendLayer(inputs: n, outputs: out, relu: l < L - 1, weights: wp, biases: bp, multipliers: mp, shifts: sp)
            }
          }
        }
      }
    }
    return ae
  } catch {
    throw QuantizationError.rejectedByCore(error)
  }
}
