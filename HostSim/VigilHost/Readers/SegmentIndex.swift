// The segment index of a raw recording, `<file>.segments.csv`: an optional header line starting with
// "time", then one "time_s,frames" row per segment, in file order. The firmware replay
// (Boards/firmware/replay.c) applies the same rules to the same file.

import Foundation

/// Parses a segment index for a file of `totalFrames` frames. Every row's time is a finite number in
/// 0…`RecordingLimits.maxTime` s and later than the row before; every row's frames a whole number in
/// 1…`RecordingLimits.maxSegmentFrames`; and the rows together cover exactly the file's frames. Anything
/// else is a `RecordingError` naming the index file and line.
public func parseSegmentIndex(_ url: URL, totalFrames: Int) throws -> [(time: Double, offset: Int, frames: Int)] {
  var s = try TextScanner(contentsOf: url)
  let file = url.path
  var rows: [(time: Double, offset: Int, frames: Int)] = []
  var covered = 0
  s.skipEmptyLines()
  if s.index < s.bytes.count, s.bytes[s.index] == UInt8(ascii: "t") { s.skipLine(); s.skipEmptyLines() }   // the header
  while !s.atEnd {
    let line = s.line
    let time = try s.number()
    guard time >= 0, time <= RecordingLimits.maxTime else {
      throw RecordingError(file: file, line: line, "time \(time) s is outside 0…\(String(format: "%g", RecordingLimits.maxTime)) s")
    }
    if let last = rows.last, time <= last.time {
      throw RecordingError(file: file, line: line, "time \(time) s is not after the previous row's \(last.time) s (rows must be in time order)")
    }
    try s.expect(0x2C)
    let frames = try s.number()
    guard frames >= 1, frames <= Double(RecordingLimits.maxSegmentFrames), frames == frames.rounded() else {
      throw RecordingError(file: file, line: line, "frames \(frames) is not a whole number in 1…\(RecordingLimits.maxSegmentFrames)")
    }
    let n = Int(frames)
    guard n <= totalFrames - covered else {
      throw RecordingError(file: file, line: line, "segments reach frame \(covered + n); the recording has \(totalFrames) frames")
    }
    try s.endLine()
    s.skipEmptyLines()
    rows.append((time, covered, n))
    covered += n
  }
  guard !rows.isEmpty else { throw RecordingError(file: file, line: s.line, "no 'time_s,frames' rows") }
  guard covered == totalFrames else {
    throw RecordingError(file: file, line: s.line, "segments cover \(covered) frames; the recording has \(totalFrames) (\(totalFrames - covered) not covered)")
  }
  return rows
}
