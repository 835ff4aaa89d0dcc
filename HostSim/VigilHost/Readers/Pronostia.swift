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
  public let folder: URL
  /// Snapshot files, in order.
  public let files: [URL]
  /// Clock time (s since midnight) of the first snapshot: times are relative to it.
  public private(set) var referenceTime: Double = 0

  public init(folder: URL) throws {
    self.folder = folder
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) }
    catch { throw RecordingError(file: folder.path, "cannot list the folder: \(error.localizedDescription)") }
    files = names.filter { $0.hasPrefix("acc_") && $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    guard !files.isEmpty else { throw RecordingError(file: folder.path, "no acc_NNNNN.csv snapshot files in this folder") }
    referenceTime = try referenceClock()
  }

  /// Reads snapshot `i` (0-based). Time comes from the first row's clock (hh:mm:ss.µs), unwrapped over
  /// midnight relative to `reference` (the first snapshot's clock time in seconds, if known).
  public func snapshot(_ i: Int, reference: Double? = nil) throws -> Snapshot {
    var s = try TextScanner(contentsOf: files[i])
    var h = [Float](), v = [Float]()
    h.reserveCapacity(2560); v.reserveCapacity(2560)
    var clock: Double? = nil
    s.skipEmptyLines()
    while !s.atEnd {
      let hour = try s.number(); try s.expect(0x2C)
      let minute = try s.number(); try s.expect(0x2C)
      let second = try s.number(); try s.expect(0x2C)
      let micros = try s.number(); try s.expect(0x2C)
      let x = try s.number(); try s.expect(0x2C)
      let y = try s.number()
      try s.endLine()
      s.skipEmptyLines()
      if clock == nil { clock = hour * 3600 + minute * 60 + second + micros * 1e-6 }
      h.append(Float(x)); v.append(Float(y))
    }
    guard let clock else { throw RecordingError(file: files[i].path, line: 1, "empty snapshot (no rows)") }
    var t = clock - (reference ?? clock)
    if t < 0 { t += 86_400 }   // the run crossed midnight
    return Snapshot(source: files[i].path, time: t, axes: [h, v])
  }

  /// Clock time (s since midnight) of the first snapshot: the reference for `snapshot(_:reference:)`.
  public func referenceClock() throws -> Double {
    var s = try TextScanner(contentsOf: files[0])
    s.skipEmptyLines()
    let hour = try s.number(); try s.expect(0x2C)
    let minute = try s.number(); try s.expect(0x2C)
    let second = try s.number(); try s.expect(0x2C)
    let micros = try s.number()
    return hour * 3600 + minute * 60 + second + micros * 1e-6
  }
}
