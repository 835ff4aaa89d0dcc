// vigil-sim features: the core's feature vectors of chosen segments, as JSON (for inspection and for the
// golden vectors of the inference reference test).

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Features: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print the feature vectors of chosen segments as JSON.")
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Use this model's front-end configuration (default: the standard plan).")
  var model: String?
  @Option(help: "Comma-separated segment indices (default: all).")
  var segments: String?

  func run() throws {
    let source = try input.open()
    let config: FrontEndConfig
    if let model {
      config = try loadModel(model).frontEnd
    } else {
      config = try plan(for: source).config()
    }
    let list = try segments.map { s in
      try s.split(separator: ",").map { part -> Int in
        guard let i = Int(part.trimmingCharacters(in: .whitespaces)), i >= 0, i < source.segmentCount else {
          throw ValidationError("--segments: '\(part)' is not a segment index (0..<\(source.segmentCount))")
        }
        return i
      }
    } ?? Array(0..<source.segmentCount)
    let extractor = try FeatureExtractor(config: config)
    var out: [[String: Any]] = []
    for i in list {
      let seg = try source.segment(i)
      for (w, f) in extractor.features(seg.samples).enumerated() {
        out.append(["segment": i, "window": w, "time": seg.time, "features": f.map(Int.init)])
      }
    }
    let json = try JSONSerialization.data(withJSONObject: ["bandCount": config.bands.count, "windows": out])
    FileHandle.standardOutput.write(json)
  }
}
