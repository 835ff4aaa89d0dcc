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
  @Option(help: ArgumentHelp(SegmentSelection.help + " Default: all."))
  var segments = SegmentSelection(argument: "all")!

  func run() throws {
    let source = try input.open()
    let config: FrontEndConfig
    if let model {
      let m = try loadModel(model)
      try checkCompatible(m, source)
      config = m.frontEnd
    } else {
      config = try plan(for: source).config()
    }
    let list = try segments.indices(count: source.segmentCount)
    let extractor = try FeatureExtractor(config: config)
    var out: [[String: Any]] = []
    for i in list {
      let seg = try source.segment(i)
      for (w, f) in extractor.features(seg.samples).enumerated() {
        out.append(["segment": i, "window": w, "time": seg.time, "features": f.map(Int.init)])
      }
    }
    let json = try JSONSerialization.data(withJSONObject: ["bandCount": config.bandLikeCount, "windows": out])
    print(String(decoding: json, as: UTF8.self))
  }
}
