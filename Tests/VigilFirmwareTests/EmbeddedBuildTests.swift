// Proof (a) of "no allocation": the core compiles in Embedded Swift with -no-allocations for aarch64 and
// armv7 (hard float) and imports only the symbols in Linker/allowed-symbols.txt.

import Foundation
import Testing
import TestSupport

@Suite("Embedded Swift, -no-allocations", .serialized)
struct EmbeddedBuildTests {
  let script = Paths.root.appendingPathComponent("Linker/check-embedded").path

  @Test("VigilCore + VigilFirmware build for aarch64 and armv7hf and import only allowed symbols")
  func allowedSymbolsOnly() throws {
    let (status, o, e) = try run(["bash", script, "aarch64", "armv7"])
    let out = o + e
    print(out)
    #expect(status == 0, "\(out)")
    #expect(out.contains("ok   aarch64") && out.contains("ok   armv7"))
  }

  @Test("the check fails when the core allocates (an Array in a core file)")
  func catchesAllocation() throws {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-embedded-\(getpid())")
    let core = tmp.appendingPathComponent("core")
    try? FileManager.default.removeItem(at: tmp)
    try FileManager.default.createDirectory(at: core, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    try FileManager.default.removeItem(at: core)
    try FileManager.default.copyItem(at: Paths.root.appendingPathComponent("Sources/VigilCore"), to: core)
    try "public func leak(_ n: Int) -> Int { var a = [Int](); a.append(n); return a.count }\n"
      .write(to: core.appendingPathComponent("Leak.swift"), atomically: true, encoding: .utf8)
    let (status, o, e) = try run(["bash", script, "armv7"], env: ["VIGIL_CORE_SOURCES": core.path, "VIGIL_EMBEDDED_OUT": tmp.appendingPathComponent("out").path])
    let out = o + e
    #expect(status != 0)
    #expect(out.contains("FAIL armv7"), "\(out)")
  }
}
