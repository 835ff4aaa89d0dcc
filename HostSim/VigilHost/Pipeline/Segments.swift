// Recordings as sequences of segments: what a replay pushes through the core. A snapshot-style dataset
// (PRONOSTIA, IMS) is one segment per snapshot, with its wall-clock time; no window spans two segments.

import Foundation

/// One contiguous stretch of samples, already in sensor counts.
public struct Segment: Sendable {
  /// Seconds since the start of the run (wall clock).
  public var time: Double
  /// Interleaved Int16 counts (axis 0, axis 1, ... per frame).
  public var samples: [Int16]
  /// File it came from.
  public var source: String
  public init(time: Double, samples: [Int16], source: String) { self.time = time; self.samples = samples; self.source = source }
}

/// Something that yields segments in order.
public protocol SegmentSource {
  var sampleRate: Double { get }
  var axes: Int { get }
  var segmentCount: Int { get }
  func segment(_ i: Int) throws -> Segment
}

/// A PRONOSTIA run as segments, as a native ±50 g Int16 stream by default (the run peaks near 48 g).
public func PronostiaSource(folder: URL, sensor: SensorModel = .native(fullScale: 50)) throws -> SensorSource {
  SensorSource(try PronostiaRun(folder: folder), sensor: sensor)
}

/// A single CbM file (one segment, or pieces of `segmentSeconds`), native ±10 g (the ADXL356C's range)
/// by default.
public func CbMSource(url: URL, sensor: SensorModel = .native(fullScale: 10), segmentSeconds: Double? = nil) throws -> SensorSource {
  SensorSource(ContinuousRecording(name: url.lastPathComponent, sampleRate: CbMRecording.sampleRate,
                                   axes: try CbMRecording.read(url), file: url.path, segmentSeconds: segmentSeconds), sensor: sensor)
}

/// Writes `segments` of `source` as raw little-endian Int16 (what the sensor delivers), a
/// `<file>.segments.csv` index of `time_s,frames` rows (the firmware replay's input format, and what
/// `RawInt16Recording` reads back) and a `<file>.json` sidecar (`ExportMetadata`: rate, axes, counts per g,
/// sensor) so that a replay of the export reads it as it was written. Every output is checked before any
/// is written; every write is checked.
public func exportRaw<S: Sequence<Int>>(_ source: SegmentSource, segments: S, to url: URL) throws {
  let paths = [url.path, ExportMetadata.indexPath(url.path), ExportMetadata.sidecarPath(url.path)]
  for p in paths { if let problem = outputProblem(p) { throw OutputError(file: p, problem) } }
  var data = [UInt8]()
  var index = "time_s,frames\n"
  var frames = 0, count = 0
  for i in segments {
    let s = try source.segment(i)
    s.samples.withUnsafeBytes { data.append(contentsOf: $0) }   // little-endian hosts only (x86_64, arm64)
    index += "\(s.time),\(s.samples.count / source.axes)\n"
    frames += s.samples.count / source.axes
    count += 1
  }
  let meta = ExportMetadata(source, segments: count, frames: frames)
  // All three or none: raw counts without their index or sidecar would be read back as something else.
  do {
    try writeOutputFile(paths[0], data)
    try writeOutputFile(paths[1], text: index)
    try writeOutputFile(paths[2], text: meta.json())
  } catch {
    for p in paths { removePartialOutput(p) }
    throw error
  }
}
