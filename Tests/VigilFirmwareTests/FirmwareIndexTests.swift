// The firmware replay's segment index (Boards/firmware/replay.c) follows the host reader's rules: every
// index the host rejects, the firmware rejects too (exit 1, the file named), before any segment runs.

import Foundation
import Testing
import TestSupport
import VigilHost

extension FirmwareParityTests {   // in the serialized firmware suite: it shares .build-boards/rpi4
  @Test("bad segment indexes: the firmware rejects what the host rejects, before replaying anything",
        .enabled(if: CrossTools.available, "\(CrossTools.skipMessage)"))
  func segmentIndexLikeTheHost() throws {
    let binary = Paths.root.appendingPathComponent(".build-boards/rpi4/vigil-replay").path
    if !FileManager.default.isExecutableFile(atPath: binary) {
      let (status, _, err) = try run(["bash", Paths.root.appendingPathComponent("Boards/build").path, "rpi4"])
      #expect(status == 0, "\(err)")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fw-index-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("x.raw"), index = dir.appendingPathComponent("x.raw.segments.csv")
    try Data(count: 200 * 4).write(to: input)                          // 200 frames of 2 axes (the built-in model's)
    let good = "time_s,frames\n0,100\n1.5,100\n"
    for (text, line, _) in BadSegmentIndexes.cases + [(good, 0, "")] {
      try text.write(to: index, atomically: true, encoding: .utf8)
      let host = Result { try RawInt16Recording(url: input, sampleRate: 25_600, axes: 2, fullScale: 16) }
      let (status, out, err) = try run(["qemu-aarch64-static", binary, "--input", input.path, "--segments", index.path])
      if text == good {
        #expect((try? host.get()) != nil && status == 0, "\(err)")
      } else {
        #expect((try? host.get()) == nil, "host accepted \(text.debugDescription)")
        #expect(status == 1 && err.contains("x.raw") && out.isEmpty, "\(text.debugDescription): \(status) \(err)")
        if line > 0 && !err.contains("input") { #expect(err.contains("line \(line)") || err.contains("no 'time_s,frames' rows"), "\(err)") }
      }
    }
  }
}
