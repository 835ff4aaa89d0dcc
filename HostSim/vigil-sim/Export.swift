// vigil-sim export: a recording as the chosen sensor delivers it, as raw Int16 + a segment index — the
// input format of the firmware's replay binary (Boards/build).

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Write a recording, as the sensor delivers it, as raw Int16 with a segment index.")
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Output file (.i16); the index goes to <output>.segments.csv.")
  var output: String
  @Option(help: "Segments to export, as FIRST..<END (default: all).")
  var segments: String?

  func run() throws {
    let source = try input.open()
    var range = 0..<source.segmentCount
    if let segments {
      let parts = segments.components(separatedBy: "..<")
      guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, a < b, b <= source.segmentCount else {
        throw ValidationError("--segments must be FIRST..<END within 0..<\(source.segmentCount)")
      }
      range = a..<b
    }
    try exportRaw(source, segments: range, to: URL(fileURLWithPath: output))
    print("wrote \(output) (\(range.count) segments, \(source.axes) axes at \(String(format: "%g", source.sampleRate)) Hz, \(source.sensor)) and \(output).segments.csv")
  }
}
