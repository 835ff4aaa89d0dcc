// Recordings: a common view of every supported format as segments of accelerations (g) with wall-clock
// times. Snapshot-style datasets (PRONOSTIA, IMS) are one segment per snapshot; continuous recordings are
// one segment, or pieces of `segmentSeconds` when asked (e.g. to split a file in halves).

import Foundation

/// One contiguous stretch of a recording, in g.
public struct RawSegment: Sendable {
  /// Seconds since the start of the run.
  public var time: Double
  /// Samples per axis (all the same length), in g.
  public var axes: [[Float]]
  public var source: String
  public var frames: Int { axes.first?.count ?? 0 }
}

/// A recording in any supported format.
public protocol Recording {
  var name: String { get }
  var sampleRate: Double { get }
  var axisCount: Int { get }
  var segmentCount: Int { get }
  /// Reads segment `i` (files are read one segment at a time: a run is never loaded whole).
  func segment(_ i: Int) throws -> RawSegment
}

extension PronostiaRun: Recording {
  public var name: String { "PRONOSTIA \(folder.lastPathComponent)" }
  public var sampleRate: Double { Self.sampleRate }
  public var axisCount: Int { 2 }
  public var segmentCount: Int { files.count }
  public func segment(_ i: Int) throws -> RawSegment {
    let s = try snapshot(i)
    return RawSegment(time: s.time, axes: s.axes, source: s.source)
  }
}

/// A continuous recording held as axes of g, optionally cut into pieces of `segmentSeconds`.
public struct ContinuousRecording: Recording, Sendable {
  public let name: String
  public let sampleRate: Double
  public let data: [[Float]]
  public let segmentFrames: Int
  public let file: String
  public init(name: String, sampleRate: Double, axes: [[Float]], file: String, segmentSeconds: Double? = nil) {
    self.name = name; self.sampleRate = sampleRate; data = axes; self.file = file
    let frames = axes.first?.count ?? 0
    segmentFrames = segmentSeconds.flatMap { framesFor(seconds: $0, rate: sampleRate, atMost: max(1, frames)) } ?? max(1, frames)
  }
  public var axisCount: Int { data.count }
  public var segmentCount: Int { max(1, ((data.first?.count ?? 0) + segmentFrames - 1) / segmentFrames) }
  public func segment(_ i: Int) throws -> RawSegment {
    let lo = i * segmentFrames, hi = min(data[0].count, lo + segmentFrames)
    return RawSegment(time: Double(lo) / sampleRate, axes: data.map { Array($0[lo..<hi]) }, source: file)
  }
  /// The same recording restricted to a fraction range of its frames (e.g. 0.5..<1 = second half).
  public func slice(_ r: Range<Double>) -> ContinuousRecording {
    let n = data.first?.count ?? 0
    func at(_ f: Double) -> Int { f.isNaN ? 0 : Int(Double(n) * min(1, max(0, f))) }
    let lo = at(r.lowerBound), hi = max(lo, at(r.upperBound))
    return ContinuousRecording(name: name, sampleRate: sampleRate, axes: data.map { Array($0[lo..<hi]) }, file: file,
                               segmentSeconds: Double(segmentFrames) / sampleRate)
  }
}

/// NASA IMS snapshot folders: files named YYYY.MM.DD.hh.mm.ss, tab-separated ASCII, 20480 rows of 4 or 8
/// channels at 20 kHz. `channels` picks the axes (default: the first).
public struct IMSRecording: Recording {
  public static let rate = 20_000.0
  public let folder: URL
  public let files: [URL]
  public let times: [Double]
  public let channels: [Int]
  public var name: String { "IMS \(folder.lastPathComponent)" }
  public var sampleRate: Double { Self.rate }
  public var axisCount: Int { channels.count }
  public var segmentCount: Int { files.count }

  public init(folder: URL, channels: [Int] = [0]) throws {
    self.folder = folder
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let parsed = names.compactMap { n -> (String, Double)? in
      let p = n.split(separator: ".").compactMap { Int($0) }
      guard p.count == 6 else { return nil }
      var c = DateComponents(); c.year = p[0]; c.month = p[1]; c.day = p[2]; c.hour = p[3]; c.minute = p[4]; c.second = p[5]
      var cal = Calendar(identifier: .gregorian); cal.timeZone = TimeZone(identifier: "UTC")!
      guard let d = cal.date(from: c) else { return nil }
      return (n, d.timeIntervalSince1970)
    }.sorted { $0.1 < $1.1 }
    guard !parsed.isEmpty else { throw RecordingError(file: folder.path, "no IMS snapshot files (named YYYY.MM.DD.hh.mm.ss) in this folder") }
    files = parsed.map { folder.appendingPathComponent($0.0) }
    times = parsed.map { $0.1 - parsed[0].1 }
    guard !channels.isEmpty, channels.count <= 3, channels.allSatisfy({ (0..<8).contains($0) }) else {
      throw RecordingError(file: folder.path, "channels must be 1 to 3 of 0...7")
    }
    self.channels = channels
  }

  public func segment(_ i: Int) throws -> RawSegment {
    var s = try TextScanner(contentsOf: files[i])
    var axes = channels.map { _ in [Float]() }
    var width: Int? = nil
    s.skipEmptyLines()
    while !s.atEnd {
      var row: [Double] = []
      row.append(try s.sample())
      while !s.peek(0x0A) && !s.atEnd { row.append(try s.sample()) }   // tabs are blanks to the scanner
      if width == nil {
        guard row.count == 4 || row.count == 8 else {
          throw RecordingError(file: files[i].path, line: s.line, "expected 4 or 8 tab-separated channels, found \(row.count)")
        }
        guard channels.allSatisfy({ $0 < row.count }) else {
          throw RecordingError(file: files[i].path, line: s.line, "channel \(channels.max()!) requested but the file has \(row.count)")
        }
        width = row.count
      } else if row.count != width {
        throw RecordingError(file: files[i].path, line: s.line, "row has \(row.count) channels, earlier rows \(width!)")
      }
      for (k, c) in channels.enumerated() { axes[k].append(Float(row[c])) }
      try s.endLine()
      s.skipEmptyLines()
    }
    return RawSegment(time: times[i], axes: axes, source: files[i].path)
  }
}

/// A MATLAB v5 file: CWRU (`XNNN_DE_time` / `_FE_time`, one continuous segment) or IMS segments (`data`,
/// consecutive 20480-sample snapshots 10 minutes apart).
public enum MatRecording {
  /// Opens a MAT-file. `variable` is a name or a suffix (default: `DE_time`, else `data`, else the first
  /// numeric column). IMS `data` files become 20480-sample snapshot segments.
  public static func open(_ url: URL, variable: String? = nil, sampleRate: Double? = nil, segmentSeconds: Double? = nil) throws -> ContinuousRecording {
    let file = try MatFile.read(url)
    let vars = file.variables.filter { $0.rows > 1 || $0.columns > 1 }
    // The variable asked for, else DE_time, else data; never silently another one (a corrupted DE_time
    // must not become the fan end). Only a file with a single column variable and nothing else uses it.
    let names = file.variables.map(\.name) + file.skipped.map(\.name)
    let want = variable ?? (names.contains { $0.hasSuffix("DE_time") } ? "DE_time" : names.contains("data") ? "data" : nil)
    let has = "has: \(names.map { quoted($0) }.joined(separator: ", "))"
    if let want, let bad = file.skipped.first(where: { $0.name == want || $0.name.hasSuffix(want) }) {
      throw RecordingError(file: url.path, offset: bad.offset, "variable '\(quoted(bad.name))' is not a numeric matrix (\(bad.reason))")
    }
    let picked: MatVariable?
    if let want { picked = vars.first { $0.name == want || $0.name.hasSuffix(want) } }
    else { picked = vars.count == 1 && file.skipped.isEmpty ? vars[0] : nil }
    guard let v = picked else {
      throw RecordingError(file: url.path, offset: file.size, want.map { "no numeric column variable '\(quoted($0))' (\(has))" } ??
                           "no DE_time or data variable (\(has)): pick one with --variable")
    }
    let isIMS = v.name == "data"
    let rate = sampleRate ?? (isIMS ? 20_000 : (url.path.contains("12k") ? 12_000 : 48_000))
    return ContinuousRecording(name: "\(url.lastPathComponent):\(quoted(v.name))", sampleRate: rate, axes: [v.values.map(Float.init)],
                               file: url.path, segmentSeconds: isIMS ? 1.024 : segmentSeconds)
  }
}

/// Frames in `seconds` at `rate`, clamped to 1...`atMost`; nil when `seconds` is not a positive finite number
/// (the caller's default then applies; flags are validated where they are parsed).
func framesFor(seconds: Double, rate: Double, atMost: Int) -> Int? {
  let f = seconds * rate
  guard f.isFinite, f > 0 else { return nil }
  return max(1, min(atMost, Int(min(f, Double(atMost)))))
}
