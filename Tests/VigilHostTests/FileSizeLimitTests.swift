// A file-size limit (`ulimit -f`, a full quota) while vigil-sim writes: each output is an error naming the file
// (exit 1, "File too large"), never a kill by SIGXFSZ (exit 153) leaving a truncated model, report or export.

import Foundation
import Testing
import TestSupport

@Suite("vigil-sim under a file-size limit", .serialized,
       .enabled(if: VigilSimBinary.available, "\(VigilSimBinary.skipMessage)"))
struct FileSizeLimitTests {
  @Test("ulimit -f 4 (KiB): train -o, report -o, export -o, replay > file: exit 1 naming the file, nothing partial left")
  func fileSizeLimit() throws {
    let dir = scratchFolder("fsize")
    defer { try? FileManager.default.removeItem(at: dir) }
    let sim = VigilSimBinary.url!.path
    let rec = "'\(CommandLineTests.recording)' --rate 25600 --axes 2 --full-scale 50"
    // The demo: a 6.5 KB model, a 38 KB scores file; 20 of its snapshots: a report and an export well over 4 KiB.
    let small = dir.appendingPathComponent("small.i16").path
    var r = try run([sim, "export", CommandLineTests.recording] + CommandLineTests.raw + ["--segments", "0:20", "-o", small])
    #expect(r.0 == 0, "\(r.2)")
    let d = dir.path
    let cases: [(command: String, file: String)] = [
      ("train \(rec) -o '\(d)/m.vglm' --no-check", "\(d)/m.vglm"),
      ("report '\(small)' -m '\(CommandLineTests.model)' -o '\(d)/r.html'", "\(d)/r.html"),
      ("export \(rec) --segments 0:20 -o '\(d)/x.i16'", "\(d)/x.i16"),
      ("replay \(rec) -m '\(CommandLineTests.model)' --scores '\(d)/s.csv'", "\(d)/s.csv"),
    ]
    for (command, file) in cases {
      r = try run(["bash", "-c", "ulimit -f 4; exec '\(sim)' \(command)"])
      #expect(r.0 == 1 && r.2.contains("Error: \(file): cannot write: File too large"), "\(command): exit \(r.0)\n\(r.2)")
      #expect(!FileManager.default.fileExists(atPath: file), "\(command) left a partial \(file)")
    }
    for side in [".segments.csv", ".json"] { #expect(!FileManager.default.fileExists(atPath: "\(d)/x.i16" + side), "export left x.i16\(side)") }
    // Standard output into a file under the limit: the whole demo prints 5 events, about 1.7 KB.
    r = try run(["bash", "-c", "ulimit -f 1; exec '\(sim)' replay \(rec) -m '\(CommandLineTests.model)' > '\(d)/out.jsonl'"])
    #expect(r.0 == 1 && r.2.contains("Error: standard output: cannot write: File too large"), "replay > file: exit \(r.0)\n\(r.2)")
  }
}
