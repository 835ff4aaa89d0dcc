// FEMTO-ST PRONOSTIA snapshot folders: acc_NNNNN.csv, no header, rows "hour,minute,second,µs,horiz_g,vert_g",
// 2560 rows per snapshot at 25.6 kHz, one snapshot every 10 s. Each snapshot is its own segment.

import Foundation

/// One short recording of a snapshot-style dataset: its own segment, with its wall-clock time.
public struct Snapshot: Sendable {
  /// Where it came from (file path).
  public var source: String
  /// Seconds since the first snapshot of the run (wall clock).
  public var time: Double
  /// Samples per axis, in g (acceleration), all axes the same length.
  public var axes: [[Float]]
}

/// A PRONOSTIA bearing folder (e.g. `<data>/pronostia/Bearing1_1`).
public struct PronostiaRun: Sendable {
  public static let sampleRate = 25_600.0
  /// Rows of every snapshot file (0.1 s at 25.6 kHz): a file with fewer or more is rejected (truncated).
  public static let rowsPerSnapshot = 2560
  public let folder: URL
  /// Snapshot files, in order.
  public let files: [URL]
  /// Clock time (s since midnight) of the first snapshot: times are relative to it.
  public private(set) var referenceTime: Double = 0
  /// Wall-clock time of every snapshot, seconds since the first (midnight unwrapped, defects repaired).
  public private(set) var times: [Double] = []
  /// Snapshots whose clock was unusable and was repaired from the cadence (e.g. Bearing1_1's acc_02121 and
  /// acc_02122 read 09:38:46, before the run started).
  public private(set) var repairedTimes: [String] = []

  public init(folder: URL) throws {
    self.folder = folder
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) }
    catch { throw RecordingError(file: folder.path, "cannot list the folder: \(error.localizedDescription)") }
    files = names.filter { $0.hasPrefix("acc_") && $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    guard !files.isEmpty else { throw RecordingError(file: folder.path, "no acc_NNNNN.csv snapshot files in this folder") }
    let clocks = try files.map { try Self.clock(of: $0) }
    referenceTime = clocks[0]
    // Unwrap midnight on the absolute clock (a step back of more than 12 h is the next day), then make the
    // times relative to the first snapshot; then repair any clock that still runs backwards with the
    // run's usual step (the median of the forward steps).
    var day = 0.0, previous = clocks[0]
    var raw: [Double] = []
    for c in clocks {
      if c + day < previous - 43_200 { day += 86_400 }
      previous = c + day
      raw.append(previous - referenceTime)
    }
    let steps = zip(raw, raw.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.sorted()
    let step = steps.isEmpty ? 10 : steps[steps.count / 2]
    times = raw
    for i in 1..<max(1, times.count) where times[i] <= times[i - 1] {
      times[i] = times[i - 1] + step
      repairedTimes.append(files[i].lastPathComponent)
    }
  }

  /// The clock (s since midnight) in a snapshot's first row.
  static func clock(of url: URL) throws -> Double {
    guard let head = filePrefix(url.path, count: 128) else { throw RecordingError(file: url.path, "cannot read the file") }
    var s = TextScanner(bytes: head, file: url.path)
    s.skipEmptyLines()
    let hour = try s.number(); try s.expect(0x2C)
    let minute = try s.number(); try s.expect(0x2C)
    let second = try s.number(); try s.expect(0x2C)
    let micros = try s.number()
    guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second), (0..<1e6).contains(micros) else {
      throw RecordingError(file: url.path, line: 1, "clock \(hour):\(minute):\(second) is not a time of day")
    }
    return hour * 3600 + minute * 60 + second + micros * 1e-6
  }

  /// Reads snapshot `i` (0-based); its time is `times[i]`.
  public func snapshot(_ i: Int) throws -> Snapshot {
    var s = try TextScanner(contentsOf: files[i])
    var h = [Float](), v = [Float]()
    h.reserveCapacity(2560); v.reserveCapacity(2560)
    s.skipEmptyLines()
    while !s.atEnd {
      for _ in 0..<4 { _ = try s.number(); try s.expect(0x2C) }   // the clock: read once, at open (`times`)
      let x = try s.sample(); try s.expect(0x2C)
      let y = try s.sample()
      guard h.count < Self.rowsPerSnapshot else {
        throw RecordingError(file: files[i].path, line: s.line, "more than \(Self.rowsPerSnapshot) rows: a PRONOSTIA snapshot has \(Self.rowsPerSnapshot)")
      }
      try s.endLine()
      s.skipEmptyLines()
      h.append(Float(x)); v.append(Float(y))
    }
    guard h.count == Self.rowsPerSnapshot else {
      throw RecordingError(file: files[i].path, line: s.line, "\(h.count) rows: a PRONOSTIA snapshot has \(Self.rowsPerSnapshot) (truncated?)")
    }
    return Snapshot(source: files[i].path, time: times[i], axes: [h, v])
  }

}
