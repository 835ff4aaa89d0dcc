// vigil-sim report: a recording through a model, as a self-contained HTML report.
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
  try writeOutputFile(output, text: html)
  if !quiet {
    var buffer = [UInt8](repeating: 0, count: 512)
    for e in result.events {
      let n = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: model.frontEnd.bandLikeCount, into: $0) } ?? 0
      print(String(decoding: buffer[0..<max(0, n - 1)], as: UTF8.self))   // the line without its newline
    }
  }
  return result
}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Replay a recording through a model and write the HTML report.")
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Model file.")
  var model: String
  @Option(name: .shortAndLong, help: "Report file to write.")
  var output = "vigil-report.html"
  @Option(help: "The --train-fraction the model was trained with (its training period is shaded; 0: none).")
  var trainFraction = 0.2

  func validate() throws {
    guard trainFraction >= 0, trainFraction <= 1 else { throw ValidationError("--train-fraction \(trainFraction) is not in [0, 1]") }
    try checkOutput("--output", output)
  }

  func run() throws {
    let m = try loadModel(model)
    let source = try input.open()
    let training = trainFraction > 0 ? try trainingPeriod(source, trainFraction: trainFraction, detector: m.detector) : nil
    _ = try replayAndReport(source, model: m, title: "Vigil report — \(source.recording.name)", output: output, quiet: true,
                            training: training, trainingNote: "train --train-fraction \(trainFraction)")
    print("Report: \(output)")
  }
}
