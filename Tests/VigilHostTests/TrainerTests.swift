// The host trainer: reproducible with a seed, quantization faithful to the float model, clear errors.

import Foundation
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

@Suite("Trainer and quantizer")
struct TrainerTests {
  /// Feature vectors of a synthetic 2-axis vibration signal through the core's front end.
  static let features: [[Int32]] = {
    let config = try! standardConfig(axes: 2, n: 256, hop: 128)
    let extractor = try! FeatureExtractor(config: config)
    return (0..<12).flatMap { seed in extractor.features(testSignal(frames: 256 * 8, axes: 2, seed: UInt64(seed + 1))) }
  }()

  func train(seed: UInt64) throws -> (FloatAutoencoder, Autoencoder) {
    var o = TrainingOptions(); o.seed = seed; o.epochs = 15; o.hidden = [16, 4, 16]
    let f = Self.features
    let (model, _) = try trainAutoencoder(train: Array(f[0..<80]), validation: Array(f[80...]), bandCount: 16, options: o)
    return (model, try quantize(model, calibration: Array(f[0..<80])))
  }

  @Test("same seed, same data: the same model, bit for bit; another seed: another model")
  func reproducible() throws {
    let (a, qa) = try train(seed: 3)
    let (b, qb) = try train(seed: 3)
    let (c, _) = try train(seed: 4)
    #expect(a == b)
    #expect(a != c)
    let config = try standardConfig(axes: 2, n: 256, hop: 128)
    func bytes(_ q: Autoencoder) -> [UInt8] {
      Model(frontEnd: config, detector: .autoencoder, threshold: 1, policy: .standard, autoencoder: q).fileBytes()
    }
    #expect(bytes(qa) == bytes(qb))
    #expect(a.parameterCount == 2 * 24 * 16 + 16 + 16 * 4 + 4 + 4 * 16 + 16 + 16 * 48 + 48)
  }

  @Test("quantized scores track float scores (Spearman ≥ 0.99) on the held-out windows")
  func quantizedTracksFloat() throws {
    let (model, q) = try train(seed: 3)
    var fs: [Double] = [], qs: [Double] = []
    for v in Self.features[80...] {
      var fv = FeatureVector(); fv.load(v, bandCount: 16)
      qs.append(Double(q.score(fv).value)); fs.append(model.score(v).score)
    }
    #expect(spearman(qs, fs) >= 0.99, "\(spearman(qs, fs))")
  }

  @Test("calibration: margin × quantile of the held-out scores")
  func calibration() {
    let c = Calibration(quantile: 0.5, margin: 2)
    #expect(c.threshold([1, 2, 3, 4, 5]) == 6)
    #expect(Calibration(quantile: 1, margin: 1.5).threshold([10, 20]) == 30)
  }

  @Test("too little data or bad shapes are refused with a message")
  func errors() {
    #expect(throws: TrainingError.self) { try trainAutoencoder(train: [[1]], validation: [[1]], bandCount: 1) }
    var o = TrainingOptions(); o.hidden = [200]
    #expect(throws: TrainingError.self) {
      try trainAutoencoder(train: Array(Self.features[0..<80]), validation: Array(Self.features[80...]), bandCount: 16, options: o)
    }
  }
}
