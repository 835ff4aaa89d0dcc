// Benchmarks/compare works end to end (input from the recordings, training, every peer, ratios), in one
// short round on this build's debug executables. The figures themselves come from the release command
// (README "Speed"); here only that each peer ran, agreed on its work and produced numbers.

import Foundation
import Testing
import TestSupport

enum PythonPeers {
  /// python3 with what the Python peers import.
  static let available: Bool = {
    guard let (status, _, _) = try? run(["python3", "-c", "import numpy, scipy, onnx, onnxruntime, cmsisdsp"]) else { return false }
    return status == 0
  }()
  static let skipMessage = "python3 with numpy, scipy, onnx, onnxruntime, cmsisdsp not found (pip install onnxruntime onnx cmsisdsp; .ci/run installs them) — skipped"
}

@Suite("Benchmarks/compare smoke run")
struct CompareSmokeTests {
  /// The folder holding this build's executables (the test runner lives beside them).
  static let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

  @Test("one round on 6 recordings: every peer reports, ratios printed",
        .enabled(if: PythonPeers.available, "\(PythonPeers.skipMessage)"),
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func oneRound() throws {
    var bin = Self.binDir
    // The runner may sit inside an .xctest bundle folder; the executables are in the build folder.
    while !FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("vigil-bench").path), bin.pathComponents.count > 2 {
      bin.deleteLastPathComponent()
    }
    try #require(FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("vigil-sim").path),
                 "vigil-sim not built beside the tests (\(Self.binDir.path))")
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-compare-smoke-\(getpid())")
    defer { try? FileManager.default.removeItem(at: work) }
    let (status, out, err) = try run([Paths.root.appendingPathComponent("Benchmarks/compare").path, "--rounds", "1",
                                      "--windows", "40", "--python-windows", "8", "--recordings", "6",
                                      "--data", RealData.folder!.path, "--work", work.path, "--bin", bin.path])
    #expect(status == 0, "compare failed: \(err.suffix(600))")
    for peer in ["vigil monitor", "vigil front end", "float64 Swift", "python", "vigil realFFT", "CMSIS rfft_q31",
                 "CMSIS rfft_q15", "numpy rfft", "vigil-sim replay"] {
      #expect(out.contains("\n\(peer) "), "no row for \(peer)")
    }
    // Every ratio line carries a positive number; the float64 peer's bands agree with Vigil's.
    let ratios = out.split(separator: "\n").filter { $0.contains("÷") }
    #expect(ratios.count == 8)
    for line in ratios {
      let value = line.split(separator: " ").compactMap { Double($0.replacingOccurrences(of: "×", with: "")) }.first
      #expect((value ?? 0) > 0, "\(line)")
    }
    let agreement = out.split(separator: "\n").first { $0.contains("band energies vs Vigil") }
    let db = agreement.flatMap { $0.split(separator: "≤ ").last?.split(separator: " ").first }.flatMap { Double($0) }
    #expect((db ?? 99) < 0.01, "float64 peer's bands differ from Vigil's: \(agreement ?? "no line")")
  }
}
