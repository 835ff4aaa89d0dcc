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
}

/// Something that yields segments in order.
public protocol SegmentSource {
  var sampleRate: Double { get }
  var axes: Int { get }
  var segmentCount: Int { get }
  func segment(_ i: Int) throws -> Segment
}

/// A PRONOSTIA run as segments, scaled to counts by `scale` (default ±50 g: the run peaks near 48 g).
public struct PronostiaSource: SegmentSource {
  public let run: PronostiaRun
  public let scale: CountScale
  public let reference: Double
  public var sampleRate: Double { PronostiaRun.sampleRate }
  public var axes: Int { 2 }
  public var segmentCount: Int { run.files.count }

  public init(folder: URL, scale: CountScale = CountScale(fullScale: 50)) throws {
    run = try PronostiaRun(folder: folder)
    self.scale = scale
    reference = try run.referenceClock()
  }

  public func segment(_ i: Int) throws -> Segment {
    let s = try run.snapshot(i, reference: reference)
    return Segment(time: s.time, samples: scale.interleave(s.axes), source: s.source)
  }
}

/// A single CbM file as one segment (scaled to the ADXL356C's ±10 g by default).
public struct CbMSource: SegmentSource {
  public let url: URL
  public let scale: CountScale
  public var sampleRate: Double { CbMRecording.sampleRate }
  public var axes: Int { 3 }
  public var segmentCount: Int { 1 }
  public init(url: URL, scale: CountScale = CountScale(fullScale: 10)) { self.url = url; self.scale = scale }
  public func segment(_ i: Int) throws -> Segment {
    Segment(time: 0, samples: scale.interleave(try CbMRecording.read(url)), source: url.path)
  }
}
