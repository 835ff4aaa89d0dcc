// `vigil record`'s segment index, as SegmentIndexFile streams it, read back by the host's reader
// (VigilHost.parseSegmentIndex, the rules vigil-sim and vigil-replay apply): a recording longer than
// 2^20 frames and one with more gaps than a 1 KiB buffer holds both give an index that covers the file.

import Foundation
import Testing
import TestSupport
@testable import VigilDevice
import VigilHost

@Suite("vigil record's segment index")
struct SegmentIndexFileTests {
  /// Streams drains of `chunk` frames (a gap after the frame counts in `gaps`) at 800 Hz into an index file
  /// and parses it for a file of that many frames.
  func index(frames: Int, chunk: Int, gaps: Set<Int>) throws -> [(time: Double, offset: Int, frames: Int)] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-index-\(getpid())-\(frames)-\(gaps.count).i16.segments.csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    #expect(fd >= 0)
    var index = SegmentIndexFile(fd: fd, odrMilliHz: 800_000)
    let t0: UInt64 = 5_000_000_000
    index.begin(at: t0)
    var done = 0
    while done < frames {
      let n = min(chunk, frames - done)
      index.add(UInt64(n)); done += n
      if gaps.contains(done) { index.gap(nextAt: t0 + UInt64(done) * 1_250_000 + 500_000_000) }   // 0.5 s lost
    }
    index.close()
    #expect(index.error == 0)
    close(fd)
    let rows = try parseSegmentIndex(url, totalFrames: frames)
    #expect(rows.count == index.rows)
    return rows
  }

  @Test("2^20 frames per row at most: 3 × 2^20 + 1000 frames at 800 Hz are 4 rows, 1310.72 s apart, no gap")
  func longRecording() throws {
    let rows = try index(frames: 3 << 20 | 1000, chunk: 192, gaps: [])
    #expect(rows.map(\.frames) == [1 << 20, 1 << 20, 1 << 20, 1000])
    #expect(rows.map(\.time) == [0, 1310.72, 2621.44, 3932.16])
  }

  @Test("200 overrun gaps (over 3 KB of rows, where the 1 KiB line buffer stopped): every row written, times after each gap")
  func manyGaps() throws {
    let gaps = Set((1...200).map { $0 * 960 })
    let rows = try index(frames: 201 * 960, chunk: 96, gaps: gaps)
    #expect(rows.count == 201 && rows.allSatisfy { $0.frames == 960 })
    // Row k ≥ 1 starts 0.5 s after its 1.2 k s of frames ended (the gap's time as the test gives it).
    for (k, r) in rows.enumerated() { #expect(abs(r.time - (k == 0 ? 0 : 1.2 * Double(k) + 0.5)) < 1e-9, "row \(k): \(r.time)") }
  }
}
