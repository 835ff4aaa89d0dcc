// vigil-sim demo: the bundled PRONOSTIA sample through the bundled model.
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

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
