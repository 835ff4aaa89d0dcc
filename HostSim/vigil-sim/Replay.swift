// vigil-sim replay: alerts as JSON lines (exactly what the device would send), optional per-window CSV.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Replay a recording through a model: alerts as JSON lines on stdout.")
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Model file.")
  var model: String
  @Option(help: "Write per-window scores to this CSV file.")
  var scores: String?

  func validate() throws {
    if let scores, let problem = outputProblem(scores) { throw ValidationError("--scores: \(scores): cannot write: \(problem)") }
  }

  func run() throws {
    let m = try loadModel(model)
    let source = try input.open()
    let result = try replay(source, model: m, keepWindows: scores != nil) { done, total in
      if done % 200 == 0 || done == total { progressNote("\r\(done)/\(total) segments") }
    }
    note("")
    var buffer = [UInt8](repeating: 0, count: 512)
    for e in result.events {
      let n = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: m.frontEnd.bandLikeCount, into: $0) } ?? 0
      print(String(decoding: buffer[0..<max(0, n - 1)], as: UTF8.self))   // the line without its newline
    }
    if let scores {
      var csv = "segment,time_s,score,threshold\n"
      let scale = pow(2, Double(m.detector.scoreFractionBits))
      for w in result.windows { csv += "\(w.segment),\(w.time),\(Double(w.score) / scale),\(Double(m.threshold) / scale)\n" }
      try writeOutputFile(scores, text: csv)
    }
    note("\(result.windowCount) windows, \(result.events.count) events in \(String(format: "%.2f", result.seconds)) s")
  }
}
