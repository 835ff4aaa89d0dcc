// vigil-sim demo and report.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// Replays `source` through `model`, with a progress bar, writes the HTML report, prints the alerts.
func replayAndReport(_ source: SensorSource, model: Model, title: String, output: String, quiet: Bool,
                     training: TrainingPeriod? = nil, trainingNote: String = "") throws -> ReplayResult {
  let bar = ProgressBar(total: source.segmentCount, label: "replay")
  let result = try replay(source, model: model, keepFeatures: true) { done, _ in bar.update(done) }
  bar.finish()
  let html = renderReport(ReportInput(title: title, recording: source.recording.name, sensor: source.sensor.description,
                                      countsPerG: source.sensor.countsPerG, model: model, replay: result,
                                      training: training, trainingNote: trainingNote))
  do { try html.write(toFile: output, atomically: true, encoding: .utf8) }
  catch { throw InputError("cannot write the report to \(output): \(error.localizedDescription)") }
  if !quiet {
    var buffer = [UInt8](repeating: 0, count: 512)
    for e in result.events {
      let n = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: model.frontEnd.bands.count, into: $0) } ?? 0
      print(String(decoding: buffer[0..<max(0, n - 1)], as: UTF8.self))   // the line without its newline
    }
  }
  return result
}

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Replay the bundled PRONOSTIA sample through the bundled model; print the alerts, write the report.")
  @Option(name: .shortAndLong, help: "Report file to write.")
  var output = "vigil-report.html"

  func run() throws {
    guard let dir = Bundle.module.url(forResource: "Demo", withExtension: nil) else {
      throw InputError("the bundled demo files are missing from this build")
    }
    let sample = dir.appendingPathComponent("bearing1_1-sample.i16")
    let recording = try RawInt16Recording(url: sample, sampleRate: 25_600, axes: 2, fullScale: 50)
    let source = SensorSource(recording, sensor: .native(fullScale: 50))
    let bytes = filePrefix(dir.appendingPathComponent("bearing1_1-sample.vglm").path, count: 1 << 20) ?? []
    let model: Model
    do { model = try Model.parse(bytes: bytes, expectedFingerprint: nil) } catch { throw InputError("bundled model: \(error.message)") }
    print("Vigil demo: PRONOSTIA Bearing1_1 (FEMTO-ST, IEEE PHM 2012), \(recording.segmentCount) snapshots of a run to failure")
    print("(every 12th of 2803, 7.8 h), replayed through the on-device core with a model trained on the first 20%.\n")
    print("Alerts as the device would send them (JSON lines):")
    let result = try replayAndReport(source, model: model, title: "Vigil demo — PRONOSTIA Bearing1_1 run to failure",
                                     output: output, quiet: false, training: try trainingPeriod(source, trainFraction: 0.2),
                                     trainingNote: "the bundled model: train --train-fraction 0.2 on this sample")
    let o = RunOutcome(events: result.events, windows: result.windows, earlyFraction: 0.3)
    print(String(format: "\n%d windows scored in %.2f s. First alert at %@, sustained alert from %@: %@ before the end of the run.",
                 result.windows.count, result.seconds, o.firstAlert.map { String(format: "%.2f h", $0 / 3600) } ?? "—",
                 o.sustainedFrom.map { String(format: "%.2f h", $0 / 3600) } ?? "—", o.lead.map { String(format: "%.2f h", $0 / 3600) } ?? "no sustained alert"))
    print("Report: \(output)")
  }
}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Replay a recording through a model and write the HTML report.")
  @Argument(help: "Recording: PRONOSTIA or IMS folder, .mat (CWRU, IMS), CbM .csv, .wav, .raw.")
  var recording: String
  @OptionGroup var input: RecordingFlags
  @Option(name: .shortAndLong, help: "Model file.")
  var model: String
  @Option(name: .shortAndLong, help: "Report file to write.")
  var output = "vigil-report.html"
  @Option(help: "The --train-fraction the model was trained with (its training period is shaded; 0: none).")
  var trainFraction = 0.2

  func validate() throws {
    guard trainFraction >= 0, trainFraction <= 1 else { throw ValidationError("--train-fraction must be in [0, 1]") }
  }

  func run() throws {
    let m = try loadModel(model)
    let source = try input.open(recording)
    let training = trainFraction > 0 ? try trainingPeriod(source, trainFraction: trainFraction) : nil
    _ = try replayAndReport(source, model: m, title: "Vigil report — \(source.recording.name)", output: output, quiet: true,
                            training: training, trainingNote: "train --train-fraction \(trainFraction)")
    print("Report: \(output)")
  }
}

/// A progress bar on standard error (only when it is a terminal).
final class ProgressBar {
  let total: Int, label: String
  let enabled = isatty(2) != 0
  var last = -1
  init(total: Int, label: String) { self.total = total; self.label = label }
  func update(_ done: Int) {
    guard enabled, total > 0 else { return }
    let pct = done * 100 / total
    if pct == last { return }
    last = pct
    let filled = pct * 30 / 100
    FileHandle.standardError.write("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(pct)%".data(using: .utf8)!)
  }
  func finish() { if enabled { FileHandle.standardError.write("\n".data(using: .utf8)!) } }
}
