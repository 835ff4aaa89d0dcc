// An evaluation manifest (JSON): any labelled set of recordings, evaluated like the built-in tables.
//
//   {
//     "name": "CbM 1800 rpm, trained at both loads",
//     "sensor": "native:10",                 optional: native[:G] or a sensor profile (see --sensor)
//     "segmentSeconds": 0.1,                 optional: cut continuous recordings into segments
//     "window": 1024, "hopDivisor": 4,       optional front-end overrides (default: the standard plan)
//     "lowestBand": 20, "bands": 16,
//     "features": "relative,envelope",       optional opt-in front-end features (default none)
//     "quantile": 0.995, "margin": 1.25,     optional calibration
//     "train":   [{"file": "{data}/cbm-adxl356c/1800_GoB_GS_BaLo_WA_00lb.Wfm.csv", "to": 0.8}, ...],
//     "healthy": [{"file": "...", "from": 0.8}],       held-out healthy (negatives, false alerts per hour)
//     "faulty":  [{"file": "..."}],                    positives: AUC per file
//     "runToFailure": [{"file": "{data}/pronostia/Bearing1_1", "trainTo": 0.2}]
//   }
//
// "from" / "to" are fractions of a recording's segments (default 0 and 1). "{data}" is the real-data folder;
// other relative paths are relative to the manifest. Bad manifests are rejected naming the file, the line
// and the key.

import Foundation
import VigilCore

/// A part of a recording: segments [from, to) as fractions of its segments.
public struct ManifestPart: Codable, Sendable {
  public var file: String
  public var from: Double?
  public var to: Double?
  public var trainTo: Double?
}

/// An evaluation manifest (see the file header).
public struct Manifest: Codable, Sendable {
  public var name: String
  public var sensor: String?
  public var segmentSeconds: Double?
  public var window: Int?
  public var hopDivisor: Int?
  public var lowestBand: Double?
  public var bands: Int?
  public var features: String?
  public var quantile: Double?
  public var margin: Double?
  public var train: [ManifestPart]?
  public var healthy: [ManifestPart]?
  public var faulty: [ManifestPart]?
  public var runToFailure: [ManifestPart]?

  /// Reads and checks a manifest; errors name the file, the line and the key.
  public static func load(_ url: URL) throws -> Manifest {
    guard let data = FileManager.default.contents(atPath: url.path) else { throw RecordingError(file: url.path, "cannot read the manifest") }
    let text = String(decoding: data, as: UTF8.self)
    /// The 1-based line of the first `"key"` in the text (1 if absent).
    func line(of key: String?) -> Int {
      guard let key, let r = text.range(of: "\"\(key)\"") else { return 1 }
      return text[..<r.lowerBound].filter { $0 == "\n" }.count + 1
    }
    func fail(_ path: [CodingKey], _ what: String) -> Error {
      let key = path.last { $0.intValue == nil }?.stringValue
      let keyPath = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return RecordingError(file: "\(url.path):\(line(of: key))", "\(keyPath.isEmpty ? "manifest" : String(keyPath.dropFirst())): \(what)")
    }
    let m: Manifest
    do {
      m = try JSONDecoder().decode(Manifest.self, from: data)
    } catch let DecodingError.keyNotFound(key, c) {
      throw fail(c.codingPath + [key], "missing")
    } catch let DecodingError.typeMismatch(type, c) {
      throw fail(c.codingPath, "expected \(type)")
    } catch let DecodingError.valueNotFound(type, c) {
      throw fail(c.codingPath, "expected \(type), found null")
    } catch let DecodingError.dataCorrupted(c) {
      let underlying = (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
      throw fail(c.codingPath, "not valid JSON: \(underlying ?? c.debugDescription)")
    }
    // Values: fractions in [0, 1] with from < to, positive sizes, something to evaluate.
    func check(_ ok: Bool, _ key: String, _ what: String) throws {
      if !ok { throw RecordingError(file: "\(url.path):\(line(of: key))", "\(key): \(what)") }
    }
    for (list, name) in [(m.train, "train"), (m.healthy, "healthy"), (m.faulty, "faulty"), (m.runToFailure, "runToFailure")] {
      for p in list ?? [] {
        let from = p.from ?? 0, to = p.to ?? 1
        try check(from.isFinite && to.isFinite && from >= 0 && to <= 1 && from < to, name, "\(p.file): from/to must be fractions with 0 ≤ from < to ≤ 1")
        try check(p.trainTo.map { $0 > 0 && $0 < 1 } ?? true, name, "\(p.file): trainTo must be in (0, 1)")
      }
    }
    try check(!(m.train ?? []).isEmpty || !(m.runToFailure ?? []).isEmpty, "train", "name training recordings (or runToFailure ones)")
    try check((m.train ?? []).isEmpty || !(m.healthy ?? []).isEmpty || !(m.faulty ?? []).isEmpty, "healthy", "a training set needs healthy or faulty recordings to test")
    try check(m.segmentSeconds.map { $0.isFinite && $0 > 0 } ?? true, "segmentSeconds", "must be a positive number of seconds")
    try check(m.window.map { $0 >= 64 && $0 <= 4096 && $0 & ($0 - 1) == 0 } ?? true, "window", "must be a power of two, 64...4096")
    try check(m.hopDivisor.map { [1, 2, 4, 8].contains($0) } ?? true, "hopDivisor", "must be 1, 2, 4 or 8")
    try check(m.bands.map { $0 >= 1 && $0 <= 32 } ?? true, "bands", "must be 1...32")
    try check(m.lowestBand.map { $0.isFinite && $0 > 0 } ?? true, "lowestBand", "must be a positive frequency (Hz)")
    do { _ = try parseFeatures(m.features ?? "") } catch { try check(false, "features", "\(error)") }
    try check(m.quantile.map { $0 > 0 && $0 <= 1 } ?? true, "quantile", "must be in (0, 1]")
    try check(m.margin.map { $0.isFinite && $0 > 0 } ?? true, "margin", "must be positive")
    return m
  }

  public var calibration: Calibration {
    Calibration(quantile: quantile ?? Calibration().quantile, margin: margin ?? Calibration().margin)
  }

  /// The segments of `source` a part names.
  public static func segments(_ p: ManifestPart, of source: SegmentSource) -> Range<Int> {
    let n = source.segmentCount
    let lo = Int(Double(n) * (p.from ?? 0)), hi = max(lo + 1, Int(Double(n) * (p.to ?? 1)))
    return min(lo, n)..<min(hi, n)
  }
}

/// What a manifest evaluation measured.
public struct ManifestResult: Codable, Sendable {
  public struct FileAUC: Codable, Sendable { public var file: String; public var auc: [Double] }
  public struct Run: Codable, Sendable {
    public var file: String
    public var detector: String
    public var firstAlertHours: Double?
    public var sustainedFromHours: Double?
    public var leadHours: Double?
    public var episodes: Int
    public var episodesThatCleared: Int
    public var earlyAlerts: Int
  }
  public var name: String
  public var detectors: [String]
  public var auc: [FileAUC] = []
  public var healthyWindows = 0
  public var healthyHours = 0.0
  public var healthyWindowsOverThreshold: [Int] = []
  public var healthyRaises: [Int] = []
  /// Raises per hour of held-out healthy data, per detector.
  public var falseAlertsPerHour: [Double] = []
  public var calibrationWindows = 0
  public var calibrationWarning: String?
  public var runs: [Run] = []
  /// Autoencoder, quantized vs float, over every window scored.
  public var spearman: Double = .nan
  /// Per run-to-failure recording: the autoencoder's outcome against the float reference's.
  public var floatOutcomes: [FloatOutcomeAgreement] = []
}

/// Runs a manifest. `open` opens a recording path with the manifest's sensor and segmentation.
public func evaluateManifest(_ m: Manifest, open: (String) throws -> SensorSource, progress: ((String) -> Void)? = nil) throws -> ManifestResult {
  var result = ManifestResult(name: m.name, detectors: ["autoencoder", "RMS", "kurtosis"])
  let calibration = m.calibration
  func plan(for source: SensorSource) throws -> FrontEndConfig {
    var p = try standardPlan(for: source, hopDivisor: m.hopDivisor ?? 2)
    if let w = m.window { p.windowLength = w }
    if let b = m.bands { p.bands = b }
    if let l = m.lowestBand { p.lowestBand = l }
    p.features = try parseFeatures(m.features ?? "")
    return try p.config()
  }
  var aeQ: [Double] = [], aeF: [Double] = []
  if let train = m.train, !train.isEmpty {
    let sources = try train.map { try open($0.file) }
    let config = try plan(for: sources[0])
    for (p, s) in zip(train, sources) where s.sampleRate != sources[0].sampleRate || s.axes != sources[0].axes {
      throw RecordingError(file: p.file, "\(s.axes) axes at \(s.sampleRate) Hz: every training recording needs the first one's format")
    }
    let perSegment = (try sources[0].framesPerSegment() - config.windowLength) / config.hop + 1
    // Snapshot recordings (several segments of their own) get the snapshot policy; continuous ones, even
    // when "segmentSeconds" cuts them into pieces, the standard one (as the built-in CWRU and CbM tables).
    let policy = m.segmentSeconds == nil && sources[0].segmentCount > 1 ? snapshotPolicy(windowsPerSegment: perSegment) : .standard
    let set = try DetectorSet.train(parts: zip(train, sources).map { ($1, Manifest.segments($0, of: $1)) }, config: config,
                                    policy: policy, calibration: calibration)
    let models = set.all.map(\.1)
    result.calibrationWindows = set.autoencoder.validationScores.count
    result.calibrationWarning = calibration.sizeWarning(windows: result.calibrationWindows)
    var negVectors: [[Int32]] = []
    result.healthyRaises = [Int](repeating: 0, count: models.count)
    for p in m.healthy ?? [] {
      let s = try open(p.file), range = Manifest.segments(p, of: s)
      negVectors += try featureVectors(s, segments: range, config: config).flatMap { $0 }
      for (d, model) in models.enumerated() {
        let r = try replay(s, model: model, segments: range)
        result.healthyRaises[d] += r.events.filter { $0.kind == .raise }.count
      }
      // Healthy time: the segments' own duration (snapshots count their length, not the gaps between them).
      result.healthyHours += Double(range.count * (try s.framesPerSegment())) / s.sampleRate / 3600
    }
    let negatives = windowScores(negVectors, models: models)
    result.healthyWindows = negVectors.count
    result.healthyWindowsOverThreshold = zip(negatives, models).map { s, model in s.filter { $0 > Double(model.threshold) }.count }
    result.falseAlertsPerHour = result.healthyRaises.map { result.healthyHours > 0 ? Double($0) / result.healthyHours : .nan }
    aeQ += negatives.first ?? []
    aeF += negVectors.map { set.autoencoder.float.score($0).score }
    for p in m.faulty ?? [] {
      let s = try open(p.file)
      let vectors = try featureVectors(s, segments: Manifest.segments(p, of: s), config: config).flatMap { $0 }
      let positives = windowScores(vectors, models: models)
      result.auc.append(.init(file: p.file, auc: (0..<models.count).map { rocAUC(negatives: negatives[$0], positives: positives[$0]) }))
      aeQ += positives[0]
      aeF += vectors.map { set.autoencoder.float.score($0).score }
      progress?("  \(p.file): AUC " + result.auc.last!.auc.map { String(format: "%.4f", $0) }.joined(separator: " / "))
    }
    result.spearman = spearman(aeQ, aeF)
  }
  for p in m.runToFailure ?? [] {
    let r = try evaluateRunToFailure(try open(p.file), trainFraction: p.trainTo ?? 0.2, calibration: calibration,
                                     features: try parseFeatures(m.features ?? ""), progress: progress)
    for (name, o) in r.outcomes {
      result.runs.append(.init(file: p.file, detector: name, firstAlertHours: o.firstAlert.map { $0 / 3600 },
                               sustainedFromHours: o.sustainedFrom.map { $0 / 3600 }, leadHours: o.lead.map { $0 / 3600 },
                               episodes: o.episodes, episodesThatCleared: o.falseAlerts, earlyAlerts: o.earlyAlerts))
    }
    result.floatOutcomes.append(r.floatOutcome)
    if result.spearman.isNaN { result.spearman = r.spearman }
  }
  return result
}
