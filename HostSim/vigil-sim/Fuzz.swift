// vigil-sim fuzz: mutation fuzzing of every recording reader, the segment index and the model loader.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

struct Fuzz: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fuzz the readers (PRONOSTIA, IMS, MAT, compressed MAT, CbM, WAV, raw, segment index) and the model loader.",
    discussion: """
      Every input must be read or rejected with a message naming the file and a line or byte (no crash, no \
      hang, nothing unprintable echoed). Seeds are small synthetic files, plus real files from $VIGIL_DATA \
      when it is set. Exit status 1 if anything fails.
      """)
  @Option(help: "What to fuzz: all, readers, model, or a comma-separated list of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")).")
  var target = "all"
  @Option(help: "Number of fuzzed inputs (split evenly over the targets).")
  var iterations = 100_000
  @Option(help: "Random seed.")
  var seed: UInt64 = 7
  @Option(help: "Seconds one input may take before it counts as a hang.")
  var timeBound = 2.0
  @Option(help: "Valid model file to mutate (default: the bundled demo model).")
  var model: String?
  @Flag(help: "Also print some of the rejection messages.")
  var examples = false
  @Option(help: "Folder for the working files (default: a new temporary folder; the input that crashed stays there).")
  var directory: String?

  func validate() throws {
    guard iterations > 0, iterations <= 100_000_000 else { throw ValidationError("--iterations must be 1...100000000") }
    guard timeBound.isFinite, timeBound > 0 else { throw ValidationError("--time-bound must be a positive number of seconds") }
    _ = try targets()
  }

  func targets() throws -> [FuzzTarget] {
    switch target {
    case "all": return FuzzTarget.allCases
    case "readers": return FuzzTarget.readers
    default:
      return try target.split(separator: ",").map {
        guard let t = FuzzTarget(rawValue: String($0)) else { throw ValidationError("--target: unknown target '\($0)'") }
        return t
      }
    }
  }

  func run() throws {
    let targets = try targets()
    var modelBytes: [UInt8]? = nil
    if targets.contains(.model) {
      let path = model ?? Bundle.module.url(forResource: "Demo", withExtension: nil)?.appendingPathComponent("bearing1_1-sample.vglm").path ?? ""
      guard let b = filePrefix(path, count: 1 << 22), !b.isEmpty else { throw InputError("\(path): cannot read the model file") }
      modelBytes = b
    }
    let dir = URL(fileURLWithPath: directory ?? NSTemporaryDirectory() + "vigil-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
    do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
    catch { throw InputError("\(dir.path): cannot create the working folder: \(error.localizedDescription)") }
    let real = ProcessInfo.processInfo.environment["VIGIL_DATA"].map { URL(fileURLWithPath: $0) }
    note("fuzzing \(targets.map(\.rawValue).joined(separator: ", ")) in \(dir.path)" + (real.map { " (real seeds from \($0.path))" } ?? ""))
    let report = try fuzzReaders(targets, iterations: iterations, seed: seed, directory: dir, realData: real, model: modelBytes,
                                 timeBound: timeBound) { n in FileHandle.standardError.write("\r\(n) inputs".data(using: .utf8)!) }
    note("")
    print(report.summary)
    for f in report.failures.prefix(20) { print("  " + f) }
    if examples { for e in report.examples { print("  rejected: " + e) } }
    if directory == nil { try? FileManager.default.removeItem(at: dir) }
    if !report.failures.isEmpty { throw ExitCode(1) }
  }
}
