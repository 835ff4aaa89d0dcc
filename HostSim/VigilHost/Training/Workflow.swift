// Train → quantize → calibrate → model file, on feature vectors from the core's own front end.

import Foundation
import VigilCore

/// Everything `trainModel` produced.
public struct TrainedModel {
  public var model: Model
  public var float: FloatAutoencoder
  public var report: TrainingReport
  /// Quantized scores of the held-out healthy windows the threshold was calibrated on.
  public var validationScores: [Int32]
  public var trainWindows: Int
  /// The float reference's own threshold (Q16.16 σ²): the same calibration applied to the float network's
  /// scores of the same held-out windows, so the float path is calibrated end to end as the device's is.
  public var floatThreshold: Int32
}

/// The feature vectors of each of `segments` (one array per segment: no window spans two), from the
/// core's front end.
public func featureVectors(_ source: SegmentSource, segments: Range<Int>, config: FrontEndConfig) throws -> [[[Int32]]] {
  let extractor = try FeatureExtractor(config: config)
  return try segments.map { extractor.features(try source.segment($0).samples) }
}

/// Several healthy recordings as one training set: of each part, the first segments train and the last
/// `validationFraction` are held out (early stopping, calibration), so every operating condition is in both.
/// `perPart`: each part's vectors in time order (for the stationarity check).
public func healthySet(_ parts: [(SegmentSource, Range<Int>)], config: FrontEndConfig, validationFraction: Double = 0.2) throws
  -> (train: [[Int32]], validation: [[Int32]], perPart: [[[Int32]]]) {
  var train: [[Int32]] = [], validation: [[Int32]] = [], perPart: [[[Int32]]] = []
  for (source, segments) in parts {
    let perSegment = try featureVectors(source, segments: segments, config: config)
    let split = trainingSegments(perSegment.count, validationFraction: validationFraction)
    train += perSegment[..<split].flatMap { $0 }
    validation += perSegment[split...].flatMap { $0 }
    perPart.append(perSegment.flatMap { $0 })
  }
  return (train, validation, perPart)
}

/// How many of `count` healthy segments train, when the last `validationFraction` are held out.
public func trainingSegments(_ count: Int, validationFraction: Double = 0.2) -> Int {
  max(1, Int(Double(count) * (1 - validationFraction)))
}

extension Model {
  /// This model's score (detector units) of each feature vector.
  public func scores(_ vectors: [[Int32]]) -> [Int32] {
    vectors.map { v in
      var fv = FeatureVector(); fv.load(v, bandCount: frontEnd.bandLikeCount)
      return score(fv).value
    }
  }
}

/// Trains an autoencoder on the healthy `segments` of `source`: the last `validationFraction` of them are
/// held out for early stopping and threshold calibration.
public func trainModel(source: SegmentSource, segments: Range<Int>, config: FrontEndConfig,
                       options: TrainingOptions = .init(), calibration: Calibration = .init(),
                       policy: AlertPolicy = .standard, validationFraction: Double = 0.2,
                       progress: ((String) -> Void)? = nil) throws -> TrainedModel {
  let perSegment = try featureVectors(source, segments: segments, config: config)
  let split = trainingSegments(perSegment.count, validationFraction: validationFraction)
  return try trainModel(train: perSegment[..<split].flatMap { $0 }, validation: perSegment[split...].flatMap { $0 },
                        config: config, options: options, calibration: calibration, policy: policy, progress: progress)
}

/// Trains an autoencoder on healthy feature vectors (`validation`: held out for early stopping and the
/// threshold).
public func trainModel(train: [[Int32]], validation: [[Int32]], config: FrontEndConfig,
                       options: TrainingOptions = .init(), calibration: Calibration = .init(),
                       policy: AlertPolicy = .standard, progress: ((String) -> Void)? = nil) throws -> TrainedModel {
  progress?("features: \(train.count) training and \(validation.count) held-out healthy windows")
  let (float, report) = try trainAutoencoder(train: train, validation: validation, bandCount: config.bandLikeCount,
                                             options: options) { epoch, t, v in
    if epoch % 25 == 0 { progress?(String(format: "epoch %d: train %.4f, held-out %.4f", epoch, t, v)) }
  }
  let ae = try quantize(float, calibration: train)
  var model = Model(frontEnd: config, detector: .autoencoder, threshold: .max, policy: policy,
                    calibrationQuantilePPM: UInt32(calibration.quantile * 1e6),
                    calibrationMarginQ16: Int32(calibration.margin * 65536), autoencoder: ae)
  let scores = model.scores(validation)
  model.threshold = calibration.threshold(scores)
  let floatThreshold = calibration.threshold(validation.map { scoreQ16(float.score($0).score) })
  return TrainedModel(model: model, float: float, report: report, validationScores: scores, trainWindows: train.count,
                      floatThreshold: floatThreshold)
}

/// A baseline model (RMS or kurtosis threshold) calibrated like the autoencoder on healthy segments.
public func baselineModel(_ kind: DetectorKind, source: SegmentSource, segments: Range<Int>, config: FrontEndConfig,
                          calibration: Calibration = .init(), policy: AlertPolicy = .standard) throws -> Model {
  try baselineModel(kind, vectors: featureVectors(source, segments: segments, config: config).flatMap { $0 }, config: config,
                    calibration: calibration, policy: policy)
}

/// A baseline model calibrated on healthy feature vectors.
public func baselineModel(_ kind: DetectorKind, vectors: [[Int32]], config: FrontEndConfig,
                          calibration: Calibration = .init(), policy: AlertPolicy = .standard) -> Model {
  var model = Model(frontEnd: config, detector: kind, threshold: .max, policy: policy,
                    calibrationQuantilePPM: UInt32(calibration.quantile * 1e6),
                    calibrationMarginQ16: Int32(calibration.margin * 65536), autoencoder: Autoencoder())
  model.threshold = calibration.threshold(model.scores(vectors))
  return model
}
