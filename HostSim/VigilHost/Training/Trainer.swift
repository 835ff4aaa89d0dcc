// Trains the float autoencoder on healthy feature vectors: per-feature normalisation from the training set,
// Adam, mini-batches, early stopping on held-out healthy windows. A fixed seed gives the same model.

import Foundation
import VigilCore

/// Training settings (defaults: F → 32 → 8 → 32 → F, Adam 1e-3, batch 32, up to 300 epochs, patience 25).
public struct TrainingOptions: Sendable {
  public var hidden: [Int] = [32, 8, 32]
  public var epochs = 300
  public var batchSize = 32
  public var learningRate: Float = 1e-3
  public var patience = 25
  public var seed: UInt64 = 1
  public init() {}
}

/// What training did.
public struct TrainingReport: Sendable {
  public var epochs: Int
  public var bestEpoch: Int
  public var trainLoss: Double
  public var validationLoss: Double
}

public enum TrainingError: Error, CustomStringConvertible {
  case tooFewWindows(train: Int, validation: Int)
  case badShape(String)
  public var description: String {
    switch self {
    case .tooFewWindows(let t, let v): "too few windows to train (\(t) training, \(v) validation; need at least 16 and 4)"
    case .badShape(let s): s
    }
  }
}

/// Trains on `train` (healthy), early-stopping on `validation` (held-out healthy).
public func trainAutoencoder(train: [[Int32]], validation: [[Int32]], bandCount: Int, options: TrainingOptions = .init(),
                             progress: ((Int, Double, Double) -> Void)? = nil) throws -> (FloatAutoencoder, TrainingReport) {
  guard train.count >= 16, validation.count >= 4 else { throw TrainingError.tooFewWindows(train: train.count, validation: validation.count) }
  let f = train[0].count
  guard f >= 1, f <= FeatureVector.capacity, train.allSatisfy({ $0.count == f }), validation.allSatisfy({ $0.count == f })
  else { throw TrainingError.badShape("feature vectors must all have the same length (1...\(FeatureVector.capacity))") }
  let sizes = [f] + options.hidden + [f]
  guard options.hidden.allSatisfy({ $0 >= 1 && $0 <= Autoencoder.maxWidth }), sizes.count - 1 <= Autoencoder.maxLayers
  else { throw TrainingError.badShape("hidden layers: 1...\(Autoencoder.maxLayers - 1) layers of 1...\(Autoencoder.maxWidth) units") }
  let weightCount = zip(sizes, sizes.dropFirst()).map { $0 * $1 }.reduce(0, +)
  let channelCount = sizes.dropFirst().reduce(0, +)
  guard weightCount <= Autoencoder.maxWeights, channelCount <= Autoencoder.maxChannels else {
    throw TrainingError.badShape("\(sizes.map(String.init).joined(separator: "→")) needs \(weightCount) weights and \(channelCount) units; the device holds \(Autoencoder.maxWeights) and \(Autoencoder.maxChannels) (use fewer features or smaller layers)")
  }

  // Normalisation from the training set.
  var mean = [Double](repeating: 0, count: f), std = [Double](repeating: 0, count: f)
  for v in train { for i in 0..<f { mean[i] += Double(v[i]) } }
  for i in 0..<f { mean[i] /= Double(train.count) }
  for v in train { for i in 0..<f { let d = Double(v[i]) - mean[i]; std[i] += d * d } }
  for i in 0..<f { std[i] = max((std[i] / Double(train.count)).squareRoot(), standardDeviationFloor(feature: i, bandCount: bandCount)) }

  var rng = SeededGenerator(seed: options.seed)
  var model = FloatAutoencoder(sizes: sizes, weights: [], biases: [], mean: mean, std: std)
  for l in 0..<(sizes.count - 1) {
    let limit = (6 / Float(sizes[l] + sizes[l + 1])).squareRoot()
    model.weights.append((0..<(sizes[l] * sizes[l + 1])).map { _ in (rng.uniform() * 2 - 1) * limit })
    model.biases.append([Float](repeating: 0, count: sizes[l + 1]))
  }
  let xs = train.map(model.normalise), vs = validation.map(model.normalise)

  var adam = Adam(model: model, rate: options.learningRate)
  var grads = Gradients(model: model)
  var acts: [[Float]] = []
  var deltas = sizes.map { [Float](repeating: 0, count: $0) }
  var best = model, bestLoss = Double.infinity, bestEpoch = 0, lastTrain = 0.0
  var order = Array(0..<xs.count)
  var epoch = 0
  while epoch < options.epochs {
    epoch += 1
    order.shuffle(using: &rng)
    var total = 0.0
    var start = 0
    while start < order.count {
      let batch = order[start..<min(order.count, start + options.batchSize)]
      grads.zero()
      for j in batch { total += backprop(model, xs[j], &acts, &deltas, &grads) }
      adam.step(&model, grads, scale: 1 / Float(batch.count))
      start += options.batchSize
    }
    lastTrain = total / Double(xs.count)
    let vloss = vs.map { x -> Double in model.forward(x, activations: &acts); return mse(x, acts[sizes.count - 1]) }.reduce(0, +) / Double(vs.count)
    progress?(epoch, lastTrain, vloss)
    if vloss < bestLoss - 1e-9 { bestLoss = vloss; best = model; bestEpoch = epoch }
    else if epoch - bestEpoch >= options.patience { break }
  }
  return (best, TrainingReport(epochs: epoch, bestEpoch: bestEpoch, trainLoss: lastTrain, validationLoss: bestLoss))
}

func mse(_ x: [Float], _ y: [Float]) -> Double {
  var s = 0.0
  for i in x.indices { let d = Double(y[i] - x[i]); s += d * d }
  return s / Double(x.count)
}

struct Gradients {
  var w: [[Float]], b: [[Float]]
  init(model: FloatAutoencoder) {
    w = model.weights.map { [Float](repeating: 0, count: $0.count) }
    b = model.biases.map { [Float](repeating: 0, count: $0.count) }
  }
  mutating func zero() {
    for l in w.indices { for i in w[l].indices { w[l][i] = 0 }; for i in b[l].indices { b[l][i] = 0 } }
  }
}

/// One sample's forward + backward pass (loss: mean squared reconstruction error); returns its loss.
func backprop(_ m: FloatAutoencoder, _ x: [Float], _ acts: inout [[Float]], _ deltas: inout [[Float]],
              _ g: inout Gradients) -> Double {
  m.forward(x, activations: &acts)
  let L = m.layerCount
  let f = m.featureCount
  var loss = 0.0
  for i in 0..<f {
    let d = acts[L][i] - x[i]
    loss += Double(d * d)
    deltas[L][i] = 2 * d / Float(f)
  }
  for l in stride(from: L - 1, through: 0, by: -1) {
    let n = m.sizes[l], out = m.sizes[l + 1]
    acts[l].withUnsafeBufferPointer { a in
      deltas[l + 1].withUnsafeBufferPointer { d in
        g.w[l].withUnsafeMutableBufferPointer { gw in
          for o in 0..<out where d[o] != 0 {
            let row = o * n
            for i in 0..<n { gw[row + i] += d[o] * a[i] }
          }
        }
        for o in 0..<out { g.b[l][o] += d[o] }
        if l > 0 {
          m.weights[l].withUnsafeBufferPointer { w in
            deltas[l].withUnsafeMutableBufferPointer { dp in
              for i in 0..<n { dp[i] = 0 }
              for o in 0..<out where d[o] != 0 {
                let row = o * n
                for i in 0..<n { dp[i] += w[row + i] * d[o] }
              }
              for i in 0..<n where a[i] <= 0 { dp[i] = 0 }   // ReLU'
            }
          }
        }
      }
    }
  }
  return loss / Double(f)
}

struct Adam {
  var mw: [[Float]], vw: [[Float]], mb: [[Float]], vb: [[Float]]
  var t = 0
  let rate: Float, b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
  init(model: FloatAutoencoder, rate: Float) {
    mw = model.weights.map { [Float](repeating: 0, count: $0.count) }; vw = mw
    mb = model.biases.map { [Float](repeating: 0, count: $0.count) }; vb = mb
    self.rate = rate
  }
  mutating func step(_ m: inout FloatAutoencoder, _ g: Gradients, scale: Float) {
    t += 1
    let c1 = 1 - pow(b1, Float(t)), c2 = 1 - pow(b2, Float(t))
    func update(_ p: inout [Float], _ gr: [Float], _ mm: inout [Float], _ vv: inout [Float]) {
      for i in p.indices {
        let gi = gr[i] * scale
        mm[i] = b1 * mm[i] + (1 - b1) * gi
        vv[i] = b2 * vv[i] + (1 - b2) * gi * gi
        p[i] -= rate * (mm[i] / c1) / ((vv[i] / c2).squareRoot() + eps)
      }
    }
    for l in m.weights.indices {
      update(&m.weights[l], g.w[l], &mw[l], &vw[l])
      update(&m.biases[l], g.b[l], &mb[l], &vb[l])
    }
  }
}
