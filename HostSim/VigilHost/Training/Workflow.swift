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
}

/// Trains an autoencoder on the healthy `segments` of `source`: the last `validationFraction` of them are
/// held out for early stopping and threshold calibration.
public func trainModel(source: SegmentSource, segments: Range<Int>, config: FrontEndConfig,
                       options: TrainingOptions = .init(), calibration: Calibration = .init(),
                       policy: AlertPolicy = .standard, validationFraction: Double = 0.2,
                       progress: ((String) -> Void)? = nil) throws -> TrainedModel {
  let extractor = try FeatureExtractor(config: config)
  let split = segments.lowerBound + max(1, Int(Double(segments.count) * (1 - validationFraction)))
  var train: [[Int32]] = [], validation: [[Int32]] = []
  for i in segments {
    let f = extractor.features(try source.segment(i).samples)
    if i < split { train += f } else { validation += f }
  }
  progress?("features: \(train.count) training and \(validation.count) held-out healthy windows")
  let (float, report) = try trainAutoencoder(train: train, validation: validation, bandCount: config.bands.count,
                                             options: options) { epoch, t, v in
    if epoch % 25 == 0 { progress?(String(format: "epoch %d: train %.4f, held-out %.4f", epoch, t, v)) }
  }
  let ae = try quantize(float, calibration: train)
  var model = Model(frontEnd: config, detector: .autoencoder, threshold: .max, policy: policy,
                    calibrationQuantilePPM: UInt32(calibration.quantile * 1e6),
                    calibrationMarginQ16: Int32(calibration.margin * 65536), autoencoder: ae)
  let scores = validation.map { v -> Int32 in
    var fv = FeatureVector(); fv.load(v, bandCount: config.bands.count)
    return ae.score(fv).value
  }
  model.threshold = calibration.threshold(scores)
  return TrainedModel(model: model, float: float, report: report, validationScores: scores, trainWindows: train.count)
}

/// A baseline model (RMS or kurtosis threshold) calibrated like the autoencoder on healthy segments.
public func baselineModel(_ kind: DetectorKind, source: SegmentSource, segments: Range<Int>, config: FrontEndConfig,
                          calibration: Calibration = .init(), policy: AlertPolicy = .standard) throws -> Model {
  let extractor = try FeatureExtractor(config: config)
  var scores: [Int32] = []
  for i in segments {
    for v in extractor.features(try source.segment(i).samples) {
      var fv = FeatureVector(); fv.load(v, bandCount: config.bands.count)
      scores.append(baselineScore(kind, fv, axes: config.axes).value)
    }
  }
  return Model(frontEnd: config, detector: kind, threshold: calibration.threshold(scores), policy: policy,
               calibrationQuantilePPM: UInt32(calibration.quantile * 1e6),
               calibrationMarginQ16: Int32(calibration.margin * 65536), autoencoder: Autoencoder())
}
