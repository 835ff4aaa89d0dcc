// The board scripts as a user meets them before anything is built: a bad board or option is a usage error
// (exit 64, the boards listed), and a bad model for Boards/build is refused by Boards/model-to-c in a second
// (not after the Embedded build), while a good one becomes a C table holding exactly the file's bytes.

import Foundation
import Testing
import TestSupport

@Suite("Boards scripts: usage and the compiled-in model's checks")
struct BoardScriptTests {
  func script(_ path: String) -> String { Paths.root.appendingPathComponent(path).path }

  @Test("Boards/build, Boards/device/build, Boards/package: unknown board or option → exit 64 with the usage")
  func usage() throws {
    for args in [["Boards/build", "nosuch"], ["Boards/build"], ["Boards/build", "rpi4", "--bogus"],
                 ["Boards/device/build", "nosuch"], ["Boards/device/build"], ["Boards/package", "nosuch"]] {
      let r = try run([script(args[0])] + args.dropFirst())
      #expect(r.0 == 64 && (r.2.contains("usage") || r.2.contains("unknown option")), "\(args): \(r.0) \(r.2)")
      #expect(!r.2.contains("No such file or directory"), "\(args): \(r.2)")
    }
  }

  @Test("model-to-c: truncated, corrupted, foreign or missing models refused (exit 1, named); Boards/build fails fast on one")
  func models() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-model-to-c-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = try [UInt8](Data(contentsOf: Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo/bearing1_1-sample.vglm")))
    var flipped = good; flipped[100] ^= 0x01
    let cases: [(String, [UInt8]?, String)] = [
      ("truncated.vglm", Array(good.prefix(100)), "truncated or padded"), ("flipped.vglm", flipped, "CRC mismatch"),
      ("empty.vglm", [], "no VGLM magic"), ("text.vglm", Array(String(repeating: "not a model ", count: 10).utf8), "no VGLM magic"),
      ("missing.vglm", nil, "cannot read"),
    ]
    let out = dir.appendingPathComponent("model.c").path
    for (name, bytes, message) in cases {
      let path = dir.appendingPathComponent(name).path
      if let bytes { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
      let r = try run(["python3", script("Boards/model-to-c"), path, out])
      #expect(r.0 == 1 && r.2.contains("\(path): ") && r.2.contains(message), "\(name): \(r.0) \(r.2)")
      #expect(!FileManager.default.fileExists(atPath: out), "\(name): wrote \(out)")
    }
    // Boards/build checks the model before the Embedded build (seconds, not minutes), into a scratch output folder
    // (it checks for the board's cross compiler first).
    if CrossTools.which("aarch64-linux-gnu-gcc") {
      let start = Date()
      let r = try run([script("Boards/build"), "rpi4", "--model", dir.appendingPathComponent("truncated.vglm").path],
                      env: ["VIGIL_BOARDS_OUT": dir.appendingPathComponent("boards").path])
      #expect(r.0 == 1 && r.2.contains("truncated or padded") && Date().timeIntervalSince(start) < 30, "\(r.0) \(r.2)")
    }
    // A good model: the C array holds the file's bytes, in order.
    let ok = try run(["python3", script("Boards/model-to-c"), Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo/bearing1_1-sample.vglm").path, out])
    #expect(ok.0 == 0, "\(ok.2)")
    let c = try String(contentsOfFile: out, encoding: .utf8)
    let body = c[c.range(of: "{")!.upperBound..<c.range(of: "}")!.lowerBound]
    let bytes = body.split(whereSeparator: { ", \n".contains($0) }).map { UInt8($0.dropFirst(2), radix: 16)! }
    #expect(bytes == good && c.contains("vigil_compiled_model_size = \(good.count);"))
  }
}
