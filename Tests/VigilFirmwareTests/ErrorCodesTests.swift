// The firmware ABI's one error list: ErrorCodes.swift and include/vigil.h are what ErrorCodes.py generates
// from the Swift error enums today, and the codes the firmware returns and explains are that list's.

import Foundation
import Testing
import TestSupport
import VigilCore

@Suite("Firmware ABI error codes")
struct ErrorCodesTests {
  @Test("ErrorCodes.swift and include/vigil.h are up to date with ModelError and ConfigError",
        .enabled(if: CrossTools.which("python3"), "python3 not installed (apt-get install python3) — skipped"))
  func generatedListIsCurrent() throws {
    let script = Paths.root.appendingPathComponent("Sources/VigilFirmware/ErrorCodes.py").path
    let (status, out, err) = try run(["python3", script, "--check"])
    #expect(status == 0, "\(out)\(err)")
    #expect(out.contains("ok: 10 model and 18 configuration error codes"), "\(out)")
  }

  @Test("vigil.h lists every code once, negative, with the Swift enum's message")
  func headerMatchesSwift() throws {
    let header = try String(contentsOf: Paths.root.appendingPathComponent("Sources/VigilFirmware/include/vigil.h"), encoding: .utf8)
    let defines = header.split(separator: "\n").filter { $0.hasPrefix("#define VIGIL_E_") }
    let codes = defines.compactMap { line -> Int? in
      guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")") else { return nil }
      return Int(line[line.index(after: open)..<close])
    }
    #expect(codes.count == defines.count && Set(codes).count == codes.count && codes.allSatisfy { $0 < 0 })
    let models: [ModelError] = [.truncated, .badMagic, .unsupportedVersion, .lengthMismatch, .crcMismatch,
                                .fingerprintMismatch, .invalidFrontEnd(.noBands), .overCapacity, .malformed, .unsupportedFeatures]
    let configs = (0...UInt8.max).compactMap(ConfigError.init(rawValue:))
    #expect(defines.count == models.count + configs.count)
    for (i, e) in models.enumerated() {
      #expect(defines.contains { $0.contains("(\(-1 - i))") && $0.contains("\(e.message)") }, "ModelError \(e)")
    }
    for e in configs {
      #expect(defines.contains { $0.contains("(\(-32 - Int(e.rawValue)))") && $0.contains("\(e.message)") }, "ConfigError \(e)")
    }
  }
}
