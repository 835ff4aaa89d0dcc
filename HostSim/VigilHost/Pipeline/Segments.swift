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

/// Writes `segments` of `source` as raw little-endian Int16 (what the sensor delivers) and a
/// `<file>.segments.csv` index of `time_s,frames` rows: the firmware replay's input format, and what
/// `RawInt16Recording` reads back.
public func exportRaw(_ source: SegmentSource, segments: Range<Int>, to url: URL) throws {
  var data = Data()
  var index = "time_s,frames\n"
  for i in segments {
    let s = try source.segment(i)
    s.samples.withUnsafeBufferPointer { p in data.append(UnsafeBufferPointer(start: UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: UInt8.self), count: p.count * 2)) }
    index += "\(s.time),\(s.samples.count / source.axes)\n"
  }
  do {
    try data.write(to: url)
    try index.write(to: url.appendingPathExtension("segments.csv"), atomically: true, encoding: .utf8)
  } catch { throw RecordingError(file: url.path, "cannot write: \(error.localizedDescription)") }
}
