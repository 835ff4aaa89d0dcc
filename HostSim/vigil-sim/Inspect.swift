// vigil-sim inspect: describe a model file or a recording.
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Describe a model file or a recording.")
  @Argument(help: "A model file (.vglm) or a recording.")
  var path: String
  @OptionGroup var input: RecordingFlags

  func run() throws {
    // A model by its magic or its name (an empty or damaged .vglm gets the model loader's message).
    if filePrefix(path, count: 4) != Array("VGLM".utf8) && !path.lowercased().hasSuffix(".vglm") { return try inspectRecording() }
    let model = path
    let m = try loadModel(model)
    let size = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
    let fe = m.frontEnd
    let version = fe.features.isEmpty ? Model.version : Model.featuresVersion
    print("model \(model): \(size) bytes, version \(version), detector \(m.detector)")
    print("front end: \(fe.axes) axes, N = \(fe.windowLength), hop \(fe.hop), \(fe.bands.count) bands, " +
          "\(fe.filter.count) filter sections, decimation \(fe.decimation); fingerprint \(String(format: "%08x", fe.fingerprint))")
    if !fe.features.isEmpty {
      let env = fe.envelope
      print("features: \(featureList(fe.features))" + (fe.features.contains(.envelope)
        ? "; envelope: carrier bins \(env.carrierBin)..<\(env.carrierBin + env.width) (W = \(env.width)), \(env.bands.count) bands over envelope bins \(env.bands.lowerBin(0))..<\(env.bands.upperBin(env.bands.count - 1))" : ""))
    }
    if m.detector == .autoencoder {
      let sizes = [m.autoencoder.featureCount] + (0..<m.autoencoder.layerCount).map { m.autoencoder.layer($0).outputs }
      print("autoencoder: " + sizes.map(String.init).joined(separator: " → ") + ", int8 weights, int16 activations")
    }
    let frac = m.detector.scoreFractionBits
    print("threshold: \(Double(m.threshold) / pow(2, Double(frac))) (calibration: \(m.calibrationMarginQ16 > 0 ? String(format: "%.2f", Double(m.calibrationMarginQ16) / 65536) : "-") × quantile \(Double(m.calibrationQuantilePPM) / 1e6))")
    let p = m.policy
    print("alert policy: warm-up \(p.warmUpWindows), EWMA \(Double(p.smoothingQ15) / 32768), raise \(Double(p.raiseRatioQ16) / 65536)×, clear \(Double(p.clearRatioQ16) / 65536)×, critical \(Double(p.criticalRatioQ16) / 65536)×, debounce \(p.debounceK)-of-\(p.debounceN), heartbeat every \(p.heartbeatWindows) windows; raise after \(p.raiseHoldWindows) windows more, clear after \(p.clearHoldWindows), escalate after \(p.escalateAfterWindows)")
  }
}

extension Inspect {
  func inspectRecording() throws {
    let source = try input.open(path)
    let r = source.recording
    let first = try r.segment(0)
    let last = r.segmentCount > 1 ? try r.segment(r.segmentCount - 1) : first
    print("recording \(r.name): \(r.axisCount) axes at \(String(format: "%g", r.sampleRate)) Hz, \(r.segmentCount) segment(s) of \(first.frames) frames")
    print(String(format: "time: %.1f s to %.1f s (%.2f h)", first.time, last.time, (last.time - first.time) / 3600))
    for (name, seg) in [("first", first), ("last", last)] {
      let rms = seg.axes.map { a in (a.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, a.count))).squareRoot() }
      let peak = seg.axes.map { a in Double(a.map(abs).max() ?? 0) }
      print("\(name) segment: RMS " + rms.map { String(format: "%.4f g", $0) }.joined(separator: ", ") +
            "; peak " + peak.map { String(format: "%.3f g", $0) }.joined(separator: ", "))
    }
    if let p = r as? PronostiaRun, !p.repairedTimes.isEmpty {
      print("note: unusable clock in \(p.repairedTimes.joined(separator: ", ")): time repaired from the 10 s cadence")
    }
    print("as the core sees it: \(source.sensor), \(String(format: "%g", source.sampleRate)) Hz, \(try source.framesPerSegment()) frames per segment")
  }
}
