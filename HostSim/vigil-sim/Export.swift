// vigil-sim export: a recording as the chosen sensor delivers it, as raw Int16 + a segment index + a
// metadata sidecar — the input format of the firmware's replay binary (Boards/build).

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a recording, as the sensor delivers it, as raw Int16 with a segment index and a metadata sidecar.")
  @OptionGroup var input: RecordingInput
  @Option(name: .shortAndLong, help: "Output file (.i16); the index goes to <output>.segments.csv, the metadata (rate, axes, counts per g, sensor) to <output>.json.")
  var output: String
  @Option(help: ArgumentHelp(SegmentSelection.help + " Default: all."))
  var segments = SegmentSelection(argument: "all")!

  func validate() throws {
    for path in [output, ExportMetadata.indexPath(output), ExportMetadata.sidecarPath(output)] {
      if let problem = outputProblem(path) { throw ValidationError("--output: \(path): cannot write: \(problem)") }
    }
    // A raw file is read back at 100 Hz…1 MHz only (RecordingLimits): refuse an export nothing could read.
    if let rate = (try? SensorModel.parse(input.flags.sensor))?.rate, !RecordingLimits.sampleRates.contains(rate) {
      throw ValidationError("--sensor \(input.flags.sensor): an export at \(String(format: "%g", rate)) Hz could not be read back (raw files: 100 Hz…1 MHz)")
    }
  }

  func run() throws {
    let source = try input.open()
    let list = try segments.indices(count: source.segmentCount)
    try exportRaw(source, segments: list, to: URL(fileURLWithPath: output))
    print("wrote \(output) (\(list.count) segments, \(source.axes) axes at \(String(format: "%g", source.sampleRate)) Hz, \(source.sensor)), \(ExportMetadata.indexPath(output)) and \(ExportMetadata.sidecarPath(output))")
  }
}
