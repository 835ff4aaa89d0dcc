// vigil-sim: the flag groups shared by the subcommands (the recording and how it is read, calibration).
import ArgumentParser
import Foundation
import VigilCore
import VigilHost

/// The recording a command reads and how to read it: one group for every command that takes a recording.
struct RecordingInput: ParsableArguments {
  @Argument(help: "Recording: PRONOSTIA or IMS folder, .mat (CWRU, IMS), CbM .csv, .wav, .raw.")
  var recording: String
  @OptionGroup var flags: RecordingFlags

  /// Opens the recording as the chosen sensor delivers it.
  func open(segmentSeconds override: Double? = nil) throws -> SensorSource {
    try flags.open(recording, segmentSeconds: override)
  }
}

/// How a recording is read and which sensor it is replayed as (`inspect` takes these without the argument).
struct RecordingFlags: ParsableArguments {
  @Option(help: "Sensor the replay models: native[:G], adxl345[@HZ][:G], mpu6050[@HZ][:G], lis3dh[@HZ][:G], +noise (e.g. adxl345@1600:16).")
  var sensor = "native"
  @Option(help: "IMS channels to use as axes (comma-separated, 0-based).")
  var channels: String?
  @Option(help: "MAT-file variable (name or suffix, e.g. DE_time, FE_time).")
  var variable: String?
  @Option(help: "Raw Int16 recordings: sample rate (Hz).")
  var rate: Double?
  @Option(help: "Raw Int16 recordings: interleaved axes.")
  var axes: Int?
  @Option(help: "Full scale in g of integer recordings (raw, WAV PCM).")
  var fullScale = 16.0
  @Option(help: "Cut continuous recordings (CWRU, CbM, WAV) into segments of this many seconds.")
  var segmentSeconds: Double?

  func open(_ path: String, segmentSeconds override: Double? = nil) throws -> SensorSource {
    var o = RecordingOptions()
    o.segmentSeconds = override ?? segmentSeconds
    o.channels = try channels.map { try $0.split(separator: ",").map { guard let v = Int($0) else { throw ValidationError("--channels: '\($0)' is not a number") }; return v } }
    o.variable = variable; o.rawRate = rate; o.rawAxes = axes; o.fullScale = fullScale
    let recording = try openRecording(path, options: o)
    var model = try SensorModel.parse(sensor)
    if model.profile == nil, sensor == "native" {
      // Native default full scale: PRONOSTIA peaks near 48 g, CbM is an ADXL356C (±10 g), others ±16 g.
      model = .native(fullScale: recording is PronostiaRun ? 50 : (recording.name.hasSuffix(".Wfm.csv") ? 10 : fullScale))
    }
    return SensorSource(recording, sensor: model)
  }
}

/// How thresholds are calibrated (shared by train and evaluate).
struct CalibrationFlags: ParsableArguments {
  @Option(help: "Threshold = margin × this quantile of held-out healthy scores.")
  var quantile = Calibration().quantile
  @Option(help: "Threshold margin.")
  var margin = Calibration().margin
  var value: Calibration { Calibration(quantile: quantile, margin: margin) }

  func validate() throws {
    guard quantile > 0, quantile <= 1 else { throw ValidationError("--quantile must be in (0, 1]") }
    guard margin > 0 else { throw ValidationError("--margin must be positive") }
  }
}
