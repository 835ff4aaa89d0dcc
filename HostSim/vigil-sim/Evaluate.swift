// vigil-sim evaluate: the evaluation tables on the real recordings (release build recommended).

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// The real-data folder: --data, else $VIGIL_DATA, else what ../shared/data/unpack prints.
func dataFolder(_ given: String?) throws -> URL {
  if let given { return URL(fileURLWithPath: given) }
  if let env = ProcessInfo.processInfo.environment["VIGIL_DATA"] { return URL(fileURLWithPath: env) }
  for base in [FileManager.default.currentDirectoryPath, URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/../.."] {
    let unpack = URL(fileURLWithPath: base).appendingPathComponent("../shared/data/unpack").standardized.path
    if FileManager.default.isExecutableFile(atPath: unpack) {
      let p = Process(); p.executableURL = URL(fileURLWithPath: "/bin/bash"); p.arguments = [unpack]
      let out = Pipe(); p.standardOutput = out; p.standardError = FileHandle.nullDevice
      try p.run(); p.waitUntilExit()
      let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      if p.terminationStatus == 0 && !path.isEmpty { return URL(fileURLWithPath: path) }
    }
  }
  throw InputError("no real-data folder: pass --data DIR, set VIGIL_DATA, or keep ../shared beside the repository")
}

struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Evaluate the autoencoder against the RMS and kurtosis baselines on the real recordings.")
  enum Which: String, ExpressibleByArgument, CaseIterable { case all, pronostia, cwru, cbm, ims }
  @Argument(help: "Which evaluation: \(Which.allCases.map(\.rawValue).joined(separator: ", ")).")
  var which: Which = .all
  @Option(help: "Folder of the real recordings (default: $VIGIL_DATA or ../shared/data/unpack).")
  var data: String?
  @OptionGroup var calibrationFlags: CalibrationFlags
  @Option(name: .customLong("sensor"), help: "PRONOSTIA replays (repeatable; default: native and each sensor at the ODR the Pi uses over I2C).")
  var sensors: [String] = ["native", "adxl345@800:16", "mpu6050@1000:16", "lis3dh@1344:16", "adxl345@1600:16"]

  @Option(name: .customLong("manifest"), help: ArgumentHelp("Evaluate the labelled recordings a JSON manifest names instead of the built-in tables (repeatable; format: docs/evaluations/README.md).", valueName: "file.json"))
  var manifests: [String] = []
  @Flag(help: "With --manifest: print the results as JSON (one array) for scripts.")
  var json = false
  @Option(help: ArgumentHelp("With --manifest: opt-in front-end features for every manifest, replacing their own \"features\" (comma-separated: \(featureNames.map(\.name).joined(separator: ", ")), or none).", valueName: "list"))
  var features: String?

  func validate() throws {
    if json && manifests.isEmpty { throw ValidationError("--json needs --manifest") }
    if features != nil && manifests.isEmpty { throw ValidationError("--features needs --manifest") }
    if let features { do { _ = try parseFeatures(features) } catch { throw ValidationError("--features: \(error)") } }
  }

  func run() throws {
    if !manifests.isEmpty { return try runManifests() }
    let folder = try dataFolder(data)
    let calibration = calibrationFlags.value
    let t0 = Date()
    if which == .all || which == .pronostia {
      let run = folder.appendingPathComponent("pronostia/Bearing1_1")
      for sensor in sensors {
        var model = try SensorModel.parse(sensor)
        if sensor == "native" { model = .native(fullScale: 50) }
        let r = try evaluateRunToFailure(SensorSource(try PronostiaRun(folder: run), sensor: model), calibration: calibration, progress: note)
        print("\nPRONOSTIA Bearing1_1 as \(r.sensor) (N = \(r.windowLength)); train: first 20% of the snapshots")
        print(pad("detector", 15) + pad("first alert", 14) + pad("sustained from", 16) + pad("lead", 10) + pad("episodes", 10)
              + pad("that cleared", 14) + "alerts in first 30%")
        for (name, o) in r.outcomes {
          print(pad(name, 15) + pad(hours(o.firstAlert), 14) + pad(hours(o.sustainedFrom), 16) + pad(hours(o.lead), 10)
                + pad("\(o.episodes)", 10) + pad("\(o.falseAlerts)", 14) + "\(o.earlyAlerts)")
        }
        print(String(format: "autoencoder fixed vs float: Spearman %.5f; %@", r.spearman, r.agreement.description))
        print("autoencoder fixed vs float: \(r.floatOutcome)")
        print(String(format: "(%.1f s)", r.seconds))
      }
    }
    if which == .all || which == .cwru {
      let r = try evaluateCWRU(folder: folder.appendingPathComponent("cwru/48k"), calibration: calibration, progress: note)
      printDetection(r, alertsLabel: "alerts on the normal second half",
                     method: "normal_0hp_097.mat (DE_time) cut in 0.25 s segments; first half trains, second half is the healthy test; hop N/4, bands from 50 Hz")
    }
    if which == .all || which == .cbm {
      let method = "per speed, the healthy file (GoB_GS_BaLo_WA_00lb) cut in 0.1 s segments; its first 80% trains, its last 20% are the healthy test; N = 1024, hop N/4 (256), bands from 20 Hz"
      for r in try evaluateCbM(folder: folder.appendingPathComponent("cbm-adxl356c"), calibration: calibration, progress: note) {
        printDetection(r, alertsLabel: nil, method: method)
      }
    }
    if which == .all || which == .ims {
      let r = try evaluateIMS(folder: folder.appendingPathComponent("ims"), calibration: calibration, progress: note)
      print("\nIMS: trained on the first 25 healthy test-1 snapshots (bearing 1, channel 0)")
      print("raises on the other 25 healthy snapshots (AE / RMS / kurtosis): " + r.healthyAlerts.map(String.init).joined(separator: " / "))
      for (file, snaps) in r.flagged {
        let flags = (0..<3).map { d in snaps.map { $0[d] > 1 ? "X" : "." }.joined() }
        print("  \(file).mat, per snapshot flagged (median window score > threshold): AE \(flags[0])  RMS \(flags[1])  kurtosis \(flags[2])")
        print("    AE score / threshold: " + snaps.map { String(format: "%.2f", $0[0]) }.joined(separator: " "))
      }
      print(String(format: "(%.1f s)", r.seconds))
    }
    print(String(format: "\nevaluate: %.1f s", Date().timeIntervalSince(t0)))
  }
}

func printDetection(_ r: DetectionResult, alertsLabel: String?, method: String) {
  print("\n\(r.name): window-level ROC AUC (autoencoder / RMS / kurtosis)")
  print("  (\(method))")
  for (c, v) in r.auc { print("  " + pad(c, 24) + v.map { String(format: "%.4f", $0) }.joined(separator: "   ")) }
  let mins = (0..<3).map { d in r.auc.map { $0.values[d] }.min() ?? .nan }
  print("  " + pad("minimum", 24) + mins.map { String(format: "%.4f", $0) }.joined(separator: "   "))
  if let alertsLabel { print("  \(alertsLabel): " + r.healthyAlerts.map(String.init).joined(separator: " / ")) }
  if !r.healthyWindowsOver.isEmpty {
    print("  negatives: \(r.negatives), \(r.healthyWindows) windows; thresholds calibrated on \(r.calibrationWindows) held-out healthy windows"
          + (r.calibrationWarning == nil ? "" : " (too few for the quantile: see the warning on standard error)"))
    if let w = r.calibrationWarning { note("warning: \(r.name): " + w) }
    print("  held-out healthy windows over the threshold: " + r.healthyWindowsOver.map { String(format: "%d (%.1f%%)", $0, 100 * Double($0) / Double(max(1, r.healthyWindows))) }.joined(separator: " / ")
          + "; raises on them: " + r.healthyAlerts.map(String.init).joined(separator: " / "))
  }
  print(String(format: "  autoencoder fixed vs float: Spearman %.5f (%.1f s)", r.spearman, r.seconds))
}

func hours(_ t: Double?) -> String { t.map { String(format: "%.2f h", $0 / 3600) } ?? "—" }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }

extension Evaluate {
  func runManifests() throws {
    var results: [ManifestResult] = []
    for path in manifests {
      let url = URL(fileURLWithPath: path)
      var m = try Manifest.load(url)
      if let features {
        m.features = features
        m.name += " [features: \(featureList(try parseFeatures(features)))]"
      }
      let base = url.deletingLastPathComponent()
      var dataRoot: URL? = nil
      func open(_ file: String) throws -> SensorSource {
        var resolved = file
        if file.hasPrefix("{data}") {
          if dataRoot == nil { dataRoot = try dataFolder(data) }
          resolved = dataRoot!.path + file.dropFirst("{data}".count)
        } else if !file.hasPrefix("/") {
          resolved = base.appendingPathComponent(file).path
        }
        var o = RecordingOptions()
        o.segmentSeconds = m.segmentSeconds
        let recording = try openRecording(resolved, options: o)
        let sensor = m.sensor ?? "native"
        var model = try SensorModel.parse(sensor)
        if model.profile == nil, sensor == "native" {
          model = .native(fullScale: recording is PronostiaRun ? 50 : (recording.name.hasSuffix(".Wfm.csv") ? 10 : 16))
        }
        return SensorSource(recording, sensor: model)
      }
      note("\(path): \(m.name)")
      let r = try evaluateManifest(m, open: open, progress: note)
      if let w = r.calibrationWarning { note("warning: \(path): " + w) }
      results.append(r)
      if !json { printManifest(r) }
    }
    if json {
      let e = JSONEncoder()
      e.outputFormatting = [.prettyPrinted, .sortedKeys]
      e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      print(String(decoding: try e.encode(results), as: UTF8.self))
    }
  }
}

func printManifest(_ r: ManifestResult) {
  print("\n\(r.name)")
  if !r.auc.isEmpty || r.healthyWindows > 0 {
    print("  window-level ROC AUC (autoencoder / RMS / kurtosis)")
    for a in r.auc { print("  " + pad(URL(fileURLWithPath: a.file).lastPathComponent, 34) + a.auc.map { String(format: "%.4f", $0) }.joined(separator: "   ")) }
    if !r.auc.isEmpty {
      let mins = (0..<3).map { d in r.auc.map { $0.auc[d] }.min() ?? .nan }
      print("  " + pad("minimum", 34) + mins.map { String(format: "%.4f", $0) }.joined(separator: "   "))
    }
    print(String(format: "  held-out healthy: %d windows (%.4f h); calibrated on %d held-out windows%@", r.healthyWindows, r.healthyHours,
                 r.calibrationWindows, r.calibrationWarning == nil ? "" : " (too few for the quantile)"))
    print("  windows over the threshold: " + r.healthyWindowsOverThreshold.map(String.init).joined(separator: " / ")
          + "; raises: " + r.healthyRaises.map(String.init).joined(separator: " / ")
          + "; false alerts per hour: " + r.falseAlertsPerHour.map { String(format: "%.1f", $0) }.joined(separator: " / "))
  }
  if !r.runs.isEmpty {
    print("  " + pad("run / detector", 34) + pad("first alert", 14) + pad("sustained from", 16) + pad("lead", 10) + pad("episodes", 10) + pad("that cleared", 14) + "in first 30%")
    for run in r.runs {
      print("  " + pad(URL(fileURLWithPath: run.file).lastPathComponent + " " + run.detector, 34) + pad(hours(run.firstAlertHours.map { $0 * 3600 }), 14)
            + pad(hours(run.sustainedFromHours.map { $0 * 3600 }), 16) + pad(hours(run.leadHours.map { $0 * 3600 }), 10)
            + pad("\(run.episodes)", 10) + pad("\(run.episodesThatCleared)", 14) + "\(run.earlyAlerts)")
    }
  }
  print(String(format: "  autoencoder fixed vs float: Spearman %.5f", r.spearman))
  for (run, o) in zip(r.runs.filter { $0.detector == "autoencoder" }, r.floatOutcomes) {
    print("  " + URL(fileURLWithPath: run.file).lastPathComponent + " fixed vs float: \(o)")
  }
}
