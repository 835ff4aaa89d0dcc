// vigil-replay (Boards/firmware/replay.c) never exits 0 silently on input it cannot score: a model whose
// window fits no segment, a folder, an input ending inside a frame, an export whose sidecar names other
// axes or another rate; and every run ends with a summary line (windows scored, events) on stderr.

import Foundation
import Testing
import TestSupport

@Suite("Firmware: vigil-replay says what happened", .serialized)
struct ReplayDiagnosticsTests {
  @Test("no window scored, a folder, a partial frame, a sidecar mismatch: exit 1 with the reason; a summary line otherwise",
        .enabled(if: CrossTools.available, "\(CrossTools.skipMessage)"))
  func diagnostics() throws {
    // Its own output folder: the parity suite builds the same board at the same time.
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-replay-diag-\(getpid())")
    try? FileManager.default.removeItem(at: tmp)
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let build = try run(["bash", Paths.root.appendingPathComponent("Boards/build").path, "rpi4"], env: ["VIGIL_BOARDS_OUT": tmp.path])
    #expect(build.0 == 0, "\(build.1) \(build.2)")
    let replay = ["qemu-aarch64-static", tmp.appendingPathComponent("rpi4/vigil-replay").path]
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
      let url = tmp.appendingPathComponent(name)
      try Data(bytes).write(to: url)
      return url.path
    }
    // The compiled-in demo model: 2 axes, N = 1024, 25.6 kHz. 300 snapshots of 160 frames (what an ADXL345
    // at 1600 Hz delivers per 0.1 s) never hold a window.
    let signal = (0..<(300 * 160 * 2)).flatMap { i -> [UInt8] in
      let v = Int16(truncatingIfNeeded: (i * 7919) % 2001 - 1000)
      return [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]
    }
    let input = try file("short.i16", signal)
    let index = try file("short.i16.segments.csv", Array(("time_s,frames\n" + (0..<300).map { "\(Double($0) * 10),160\n" }.joined()).utf8))
    var r = try run(replay + ["--input", input, "--segments", index])
    #expect(r.0 == 1, "no window scored must fail: \(r.2)")
    #expect(r.2.contains("no window scored") && r.2.contains("1024") && r.2.contains("160"), "\(r.2)")
    #expect(r.2.contains("vigil-replay: 0 windows scored, 0 events (48000 frames, 300 segments)"), "\(r.2)")

    // The same samples as one continuous segment: 48,000 frames hold (48000 − 1024) / 512 + 1 = 92 windows.
    r = try run(replay + ["--input", input, "--scores"])
    #expect(r.0 == 0, "\(r.2)")
    let scored = r.1.split(separator: "\n").filter { $0.hasPrefix("score ") }.count
    let events = r.1.split(separator: "\n").filter { $0.hasPrefix("{") }.count
    #expect(scored == 92)
    #expect(r.2.contains("vigil-replay: 92 windows scored, \(events) events (48000 frames, 1 segments)"), "\(r.2)")

    r = try run(replay + ["--input", tmp.path])
    #expect(r.0 == 1 && r.2.contains("cannot read the input"), "a folder as input: \(r.0) \(r.2)")
    r = try run(replay + ["--input", try file("odd.i16", Array(signal.prefix(4097)))])
    #expect(r.0 == 1 && r.2.contains("ends inside a frame"), "\(r.2)")
    r = try run(replay + ["--input", try file("empty.i16", [])])
    #expect(r.0 == 1 && r.2.contains("no samples"), "\(r.2)")

    // An export's sidecar that names 3 axes, or 1600 Hz, for this 2-axis 25.6 kHz model.
    for (sidecar, reason) in [("{\"axes\" : 3, \"sampleRate\" : 25600}", "has 3 axes; the model expects 2"),
                              ("{\"axes\" : 2, \"sampleRate\" : 1600}", "is 1600 Hz; the model was made for 25600 Hz")] {
      _ = try file("short.i16.json", Array(sidecar.utf8))
      r = try run(replay + ["--input", input])
      #expect(r.0 == 1 && r.2.contains("short.i16.json") && r.2.contains(reason), "\(r.2)")
    }
    _ = try file("short.i16.json", Array("{\"axes\" : 2, \"sampleRate\" : 25600}".utf8))
    r = try run(replay + ["--input", input])
    #expect(r.0 == 0 && r.2.contains("92 windows scored"), "a matching sidecar: \(r.2)")
  }
}
