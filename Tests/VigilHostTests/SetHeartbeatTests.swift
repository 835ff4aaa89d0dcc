// Tests/HIL/set-heartbeat (README "Hardware-in-the-loop suite") as a user runs it: the model it writes is read
// back by vigil-sim (the core's parser) with the new heartbeat and warm-up; a bad value is a usage error
// (exit 64), a missing or unwritable file an error naming it (exit 1), never a Python traceback.

import Foundation
import Testing
import TestSupport

@Suite("Tests/HIL/set-heartbeat", .enabled(if: VigilSimBinary.available, "\(VigilSimBinary.skipMessage)"))
struct SetHeartbeatTests {
  let tool = Paths.root.appendingPathComponent("Tests/HIL/set-heartbeat").path

  @Test("rewrites heartbeat and warm-up (vigil-sim inspect reads them back); bad values 64, bad files 1, no traceback")
  func setHeartbeat() throws {
    let dir = scratchFolder("set-heartbeat")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("hb.vglm").path
    var r = try run([tool, CommandLineTests.model, "7", "--warm-up", "3", "-o", out])
    #expect(r.0 == 0, "\(r.2)")
    r = try run([VigilSimBinary.url!.path, "inspect", out])
    #expect(r.0 == 0 && r.1.contains("warm-up 3,") && r.1.contains("heartbeat every 7 windows"), "\(r.1) \(r.2)")
    for args in [[CommandLineTests.model, "nan"], [CommandLineTests.model, "-1"], [CommandLineTests.model, "1e300"],
                 [CommandLineTests.model, "5", "--warm-up", "x"], [CommandLineTests.model, "5", "--bogus", "1"], ["only-one"]] {
      r = try run([tool] + args + (args.count > 1 ? ["-o", out] : []))
      #expect(r.0 == 64 && !r.2.contains("Traceback"), "\(args): \(r.0) \(r.2)")
    }
    for (args, names) in [(["/nonexistent.vglm", "5"], "/nonexistent.vglm: cannot read"),
                          ([CommandLineTests.model, "5", "-o", "/nonexistent/x.vglm"], "/nonexistent/x.vglm: cannot write"),
                          ([CommandLineTests.model, "5", "-o", "/dev/full"], "/dev/full: cannot write")] {
      r = try run([tool] + args)
      #expect(r.0 == 1 && r.2.contains(names) && !r.2.contains("Traceback"), "\(args): \(r.0) \(r.2)")
    }
  }
}
