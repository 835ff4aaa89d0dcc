// Opens any supported recording by looking at what the path is.

import Foundation

/// Options for formats that need them.
public struct RecordingOptions: Sendable {
  /// IMS channels (0-based) or WAV/raw axes to use.
  public var channels: [Int]? = nil
  /// MAT variable (name or suffix, e.g. "DE_time", "FE_time").
  public var variable: String? = nil
  /// Raw Int16: sample rate and axes (required), full scale in g.
  public var rawRate: Double? = nil
  public var rawAxes: Int? = nil
  public var fullScale: Double = 16
  /// Cut continuous recordings into pieces of this many seconds.
  public var segmentSeconds: Double? = nil
  public init() {}
}

/// Opens a recording: a PRONOSTIA folder (acc_NNNNN.csv), an IMS folder (YYYY.MM.DD.hh.mm.ss files), a
/// MATLAB v5 .mat (CWRU, IMS segments), a CbM `;`-separated .csv, a .wav, or raw Int16 (.raw / .i16).
public func openRecording(_ path: String, options: RecordingOptions = .init()) throws -> Recording {
  let url = URL(fileURLWithPath: path)
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
    throw RecordingError(file: path, "no such file or folder")
  }
  if isDir.boolValue {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    if names.contains(where: { $0.hasPrefix("acc_") && $0.hasSuffix(".csv") }) { return try PronostiaRun(folder: url) }
    if names.contains(where: { $0.split(separator: ".").count == 6 && $0.split(separator: ".").allSatisfy { Int($0) != nil } }) {
      return try IMSRecording(folder: url, channels: options.channels ?? [0])
    }
    throw RecordingError(file: path, "folder holds neither PRONOSTIA (acc_NNNNN.csv) nor IMS (YYYY.MM.DD.hh.mm.ss) snapshots")
  }
  switch url.pathExtension.lowercased() {
  case "mat":
    return try MatRecording.open(url, variable: options.variable, segmentSeconds: options.segmentSeconds)
  case "wav":
    return try WavRecording.stream(url, fullScale: options.fullScale, segmentSeconds: options.segmentSeconds)
  case "raw", "i16", "bin":
    guard let rate = options.rawRate, let axes = options.rawAxes else {
      // Say what to pass, and where it would have come from (the sidecar `vigil record` and `export` write).
      let missing = [options.rawRate == nil ? "--rate HZ" : nil, options.rawAxes == nil ? "--axes N" : nil].compactMap { $0 }
      let sidecar = url.lastPathComponent + ".json"
      let source = FileManager.default.fileExists(atPath: path + ".json")
        ? "as its sidecar \(sidecar) says (this command does not read it)"
        : "or the sidecar \(sidecar) that vigil record and vigil-sim export write beside it, which is missing"
      throw RecordingError(file: path, "raw Int16 needs \(missing.joined(separator: " and ")) (and --full-scale G unless ±16 g), "
        + "\(source) (an ADXL345's vigil record at 800 Hz: --rate 800 --axes 3 --full-scale 128)")
    }
    return try RawInt16Recording(url: url, sampleRate: rate, axes: axes, fullScale: options.fullScale,
                                 segmentSeconds: options.segmentSeconds)
  case "csv":
    let head = filePrefix(path, count: 256) ?? []
    if head.contains(0x3B) {
      return ContinuousRecording(name: url.lastPathComponent, sampleRate: CbMRecording.sampleRate, axes: try CbMRecording.read(url),
                                 file: path, segmentSeconds: options.segmentSeconds)
    }
    throw RecordingError(file: path, line: 1, "a CSV file here must be a CbM recording (';'-separated) or a PRONOSTIA snapshot folder")
  default:
    throw RecordingError(file: path, "unknown recording format '.\(url.pathExtension)' (folder, .mat, .csv, .wav, .raw)")
  }
}
