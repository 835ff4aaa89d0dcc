// Bad input to the recording readers and the segment index: a `RecordingError` naming the file and the
// line or byte, never a trap, never a silent wrong answer; bounded memory on huge files; the fuzzer's slice.

import Foundation
import Testing
import TestSupport
import VigilCore
@testable import VigilHost

private let packageRoot = Paths.root

/// A fresh temporary folder for one test.
private func scratch(_ name: String) throws -> URL {
  let u = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-badinput-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: u)
  try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
  return u
}

/// The error `body` throws, as a RecordingError (nil if it does not throw one).
private func rejection(_ body: () throws -> Void) -> RecordingError? {
  do { try body(); return nil } catch { return error as? RecordingError }
}

@Suite("Readers: bad input")
struct ReaderBadInputTests {
  // PRONOSTIA ----------------------------------------------------------------------------------------

  /// A PRONOSTIA folder of snapshots at `start` + k × `step` seconds (clock of day, wrapping at midnight).
  func pronostiaRun(_ name: String, start: Int, step: Int, count: Int) throws -> URL {
    let dir = try scratch(name)
    let rows = FuzzSeeds.pronostiaSnapshot(hour: 0, minute: 0, second: 0)
    let body = rows[(rows.firstIndex(of: 0x0A)! + 1)...]                      // rows 2...2560 (clock is read from row 1)
    for k in 0..<count {
      let c = (start + k * step) % 86_400
      let first = Array("\(c / 3600),\((c / 60) % 60),\(c % 60),0,0.5,0.25\n".utf8)
      try Data(first + body).write(to: dir.appendingPathComponent(String(format: "acc_%05d.csv", k + 1)))
    }
    return dir
  }

  @Test("a 25 h run crossing midnight: times from the start, no repairs, for a start before and after noon",
        arguments: [9 * 3600, 15 * 3600 + 30 * 60])
  func midnight(start: Int) throws {
    let dir = try pronostiaRun("midnight-\(start)", start: start, step: 1000, count: 91)   // 0 ... 90,000 s = 25 h
    let run = try PronostiaRun(folder: dir)
    #expect(run.repairedTimes.isEmpty, "\(run.repairedTimes)")
    for (k, t) in run.times.enumerated() { #expect(abs(t - Double(k * 1000)) < 1e-6, "snapshot \(k): \(t) s") }
    #expect(run.referenceTime == Double(start))
  }

  @Test("a clock that runs backwards inside a run is still repaired from the cadence and reported")
  func backwardsClock() throws {
    let dir = try pronostiaRun("backwards", start: 9 * 3600, step: 10, count: 20)
    // Snapshot 11 reads 5 minutes before the run started (as Bearing1_1's acc_02121 does).
    var bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("acc_00011.csv")))
    let nl = bytes.firstIndex(of: 0x0A)!
    bytes.replaceSubrange(0..<nl, with: Array("8,55,0,0,0.5,0.25".utf8))
    try Data(bytes).write(to: dir.appendingPathComponent("acc_00011.csv"))
    let run = try PronostiaRun(folder: dir)
    #expect(run.repairedTimes == ["acc_00011.csv"])
    #expect(run.times[10] == 100 && run.times[19] == 190)
  }

  @Test("a snapshot truncated at a line end is rejected with its row count")
  func truncatedSnapshot() throws {
    let dir = try pronostiaRun("truncated", start: 36_000, step: 10, count: 2)
    let url = dir.appendingPathComponent("acc_00002.csv")
    let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    try (lines.prefix(2559).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    let run = try PronostiaRun(folder: dir)
    _ = try run.snapshot(0)
    let e = rejection { _ = try run.snapshot(1) }
    #expect(e?.file == url.path && e?.line == 2560 && e?.reason.contains("2559 rows") == true, "\(String(describing: e))")
  }

  @Test("a CSV error quotes the offending line, not the next; NUL bytes are escaped")
  func quotesTheRightLine() throws {
    let dir = try pronostiaRun("quote", start: 36_000, step: 10, count: 1)
    let url = dir.appendingPathComponent("acc_00001.csv")
    var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map(String.init)
    lines[4] = "10,0,0,150,0.5"                 // line 5: a value short
    lines[5] = "NEXTLINE,0,0,0,0,0"
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    var e = rejection { _ = try PronostiaRun(folder: dir).snapshot(0) }
    #expect(e?.line == 5 && e?.reason.contains("the line ends") == true && e?.reason.contains("NEXTLINE") == false, "\(String(describing: e))")
    lines[4] = "10,0,0,150,0.5,\u{0}\u{1}x"
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    e = rejection { _ = try PronostiaRun(folder: dir).snapshot(0) }
    #expect(e?.line == 5 && "\(e!)".contains("\\x00\\x01x") && !"\(e!)".contains("\u{0}"), "\(String(describing: e))")
  }

  // Non-finite and out-of-range samples ---------------------------------------------------------------

  @Test("1e400, nan, inf and 1e39 in CSV recordings are rejected with file and line")
  func nonFiniteText() throws {
    let dir = try scratch("nonfinite")
    for (k, bad) in ["1e400", "nan", "-inf", "1e39"].enumerated() {
      var rows = String(decoding: FuzzSeeds.cbm(rows: 20), as: UTF8.self).split(separator: "\n").map(String.init)
      rows[7] = "0.00035;0.9;\(bad);0.9"
      let url = dir.appendingPathComponent("c\(k).Wfm.csv")
      try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
      let e = rejection { _ = try openRecording(url.path) }
      #expect(e?.file == url.path && e?.line == 8 && e?.reason.contains(bad) == true, "\(bad): \(String(describing: e))")
    }
  }

  @Test("NaN and inf samples in a float WAV are rejected with their byte offset")
  func nonFiniteWav() throws {
    let dir = try scratch("wavnan")
    for bad in [Float.nan, .infinity, -.infinity] {
      var b = FuzzSeeds.wav(channels: 1, frames: 64, float: true)
      let at = 44 + 4 * 17                                            // sample 17 (header: 44 bytes)
      b.replaceSubrange(at..<(at + 4), with: FuzzSeeds.le32(Int(bad.bitPattern)))
      let url = dir.appendingPathComponent("f.wav")
      try Data(b).write(to: url)
      let e = rejection { let r = try openRecording(url.path); _ = try r.segment(0) }
      #expect(e?.file == url.path && e?.offset == at, "\(bad): \(String(describing: e))")
    }
  }

  @Test("WAV rates outside 100 Hz…1 MHz are rejected; a rate of 0 says so (not 'no fmt chunk')",
        arguments: [0, 1, 99, 1_000_001, 4_294_967_295])
  func wavRates(rate: Int) throws {
    let dir = try scratch("wavrate-\(rate)")
    var b = FuzzSeeds.wav(channels: 1, frames: 64, float: false)
    b.replaceSubrange(24..<28, with: FuzzSeeds.le32(rate))
    let url = dir.appendingPathComponent("r.wav")
    try Data(b).write(to: url)
    let e = rejection { _ = try openRecording(url.path) }
    #expect(e?.offset == 12 && e?.reason.contains("sample rate \(rate) Hz") == true, "\(String(describing: e))")
    b.replaceSubrange(24..<28, with: FuzzSeeds.le32(100))
    try Data(b).write(to: url)
    #expect(try openRecording(url.path).sampleRate == 100)
  }

  // MAT ----------------------------------------------------------------------------------------------

  @Test("a corrupted DE_time never falls back to the fan end: the error names the variable")
  func matNoFallback() throws {
    let dir = try scratch("mat")
    let good = FuzzSeeds.cwruMat(rows: 64)
    let url = dir.appendingPathComponent("x.mat")
    try Data(good).write(to: url)
    let r = try MatRecording.open(url)
    #expect(r.name.hasSuffix("X097_DE_time") && r.data[0] == (0..<64).map { Float(FuzzSeeds.signal($0, axis: 0)) })
    // The name corrupted: no DE_time any more.
    var b = good
    let name = b.indices.first { b[$0..<($0 + 12)].elementsEqual("X097_DE_time".utf8) }!
    b[name + 9] = 0x58                                                  // "X097_DE_tXme"
    try Data(b).write(to: url)
    var e = rejection { _ = try MatRecording.open(url) }
    #expect(e?.reason.contains("X097_DE_tXme") == true && e?.offset != nil, "\(String(describing: e))")
    // The class corrupted (no longer numeric): named, not skipped.
    b = good
    b[128 + 16] = 4                                                     // array flags' class byte: char
    try Data(b).write(to: url)
    e = rejection { _ = try MatRecording.open(url) }
    #expect(e?.offset == 128 && e?.reason.contains("'X097_DE_time' is not a numeric matrix") == true, "\(String(describing: e))")
    // A NaN inside it.
    b = good
    let data = 128 + 8 + 16 + 16 + 24 + 8                               // flags, dims, name (12 → 16), data tag
    b.replaceSubrange((data + 8 * 5)..<(data + 8 * 6), with: FuzzSeeds.le32(0) + FuzzSeeds.le32(0x7FF8_0000))
    try Data(b).write(to: url)
    e = rejection { _ = try MatRecording.open(url) }
    #expect(e?.reason.contains("'X097_DE_time': value 5 is nan") == true, "\(String(describing: e))")
  }

  @Test("zlib inflation is bounded by the declared element size")
  func inflationBounded() throws {
    let dir = try scratch("bomb")
    let url = dir.appendingPathComponent("bomb.mat")
    func write(_ inner: [UInt8]) throws {
      let z = FuzzSeeds.zlibCompress(inner)
      try Data(FuzzSeeds.matHeader() + FuzzSeeds.le32(15) + FuzzSeeds.le32(z.count) + z).write(to: url)
    }
    // Declares 64 bytes, inflates to 1 MiB of zeros (a 4 KB file): stopped just past 64 bytes.
    try write(FuzzSeeds.le32(14) + FuzzSeeds.le32(64) + [UInt8](repeating: 0, count: 1 << 20))
    var e = rejection { _ = try MatFile.read(url) }
    #expect(e?.offset == 128 && e?.reason.contains("inflates past its declared size of 72 bytes") == true, "\(String(describing: e))")
    // Declares 1 GiB: rejected after 8 inflated bytes.
    try write(FuzzSeeds.le32(14) + FuzzSeeds.le32(1 << 30) + [UInt8](repeating: 0, count: 4096))
    e = rejection { _ = try MatFile.read(url) }
    #expect(e?.reason.contains("declares 1073741832 bytes") == true, "\(String(describing: e))")
    // The real compressed IMS files inflate to exactly their declared size.
    try write(FuzzSeeds.matMatrix(name: "data", values: (0..<300).map { Double($0 % 7) }))
    #expect(try MatFile.read(url).variables.first?.values.count == 300)
  }

  // Segment index ------------------------------------------------------------------------------------


  @Test("bad segment indexes: an error naming the index file and line", arguments: 0..<BadSegmentIndexes.cases.count)
  func badIndex(_ k: Int) throws {
    let (text, line, what) = BadSegmentIndexes.cases[k]
    let dir = try scratch("index-\(k)")
    let url = dir.appendingPathComponent("x.raw")
    try Data(count: 200 * 4).write(to: url)                             // 200 frames of 2 axes
    try text.write(to: url.appendingPathExtension("segments.csv"), atomically: true, encoding: .utf8)
    let e = rejection { _ = try RawInt16Recording(url: url, sampleRate: 1000, axes: 2, fullScale: 16) }
    #expect(e?.file == url.path + ".segments.csv" && e?.line == line && e?.reason.contains(what) == true, "\(text.debugDescription): \(String(describing: e))")
  }

  @Test("a good index: segments, times and samples as written")
  func goodIndex() throws {
    let dir = try scratch("goodindex")
    let url = dir.appendingPathComponent("x.raw")
    let (data, index) = FuzzSeeds.raw(axes: 2, frames: 400, segments: 4)
    try Data(data).write(to: url)
    try Data(index).write(to: url.appendingPathExtension("segments.csv"))
    let r = try RawInt16Recording(url: url, sampleRate: 1000, axes: 2, fullScale: 16)
    #expect(r.segments.map(\.time) == [0, 10, 20, 30] && r.segments.map(\.frames) == [100, 100, 100, 100])
    let s = try r.segment(2)
    #expect(s.axes[1][3] == Float(Double(Int16((FuzzSeeds.signal(203, axis: 1) / 16 * 32767).rounded())) / 32768 * 16))
  }

  // Memory -------------------------------------------------------------------------------------------

  /// Peak RSS (kB) and exit status of a child process.
  func peakRSS(_ args: [String]) throws -> (kB: Int, status: Int32, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", """
      import resource, subprocess, sys
      r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
      sys.stderr.write(r.stderr.decode(errors="replace"))
      print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
      """] + args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let f = text.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
    return (f.first ?? -1, Int32(f.count > 1 ? f[1] : -1), errText)
  }

  @Test("2 GB sparse files: raw opened in 1,024 pieces and inspected in bounded memory; bad MAT/WAV headers rejected before reading")
  func hugeFiles() throws {
    let sim = packageRoot.appendingPathComponent(".build/debug/vigil-sim").path
    let dir = try scratch("huge")
    func sparse(_ name: String) throws -> URL {                          // 2 GB of zeros, no disk blocks
      let u = dir.appendingPathComponent(name)
      _ = FileManager.default.createFile(atPath: u.path, contents: nil)
      let h = try FileHandle(forWritingTo: u)
      try h.truncate(atOffset: 2 << 30); try h.close()
      return u
    }
    let raw = try sparse("big.raw")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try RawInt16Recording(url: raw, sampleRate: 25_600, axes: 1, fullScale: 16)
    #expect(r.segmentCount == 1024 && r.segments.last!.time == Double(1023 << 20) / 25_600)
    #expect(try r.segment(1023).frames == 1 << 20)
    for name in ["big.mat", "big.wav"] {
      let u = try sparse(name)                                          // no valid header
      let t0 = Date()
      let e = rejection { _ = try openRecording(u.path) }
      #expect(e?.offset == 0 && Date().timeIntervalSince(t0) < 1, "\(String(describing: e))")
    }
    guard FileManager.default.isExecutableFile(atPath: sim) else {
      Issue.record("build vigil-sim first (swift build): \(sim) is missing"); return
    }
    let inspect = try peakRSS([sim, "inspect", raw.path, "--rate", "25600", "--axes", "1"])
    #expect(inspect.status == 0 && inspect.kB > 0 && inspect.kB < 100_000, "inspect 2 GB raw: \(inspect)")
    let mat = try peakRSS([sim, "inspect", dir.appendingPathComponent("big.mat").path])
    #expect(mat.status == 1 && mat.kB < 100_000 && mat.err.contains("big.mat (byte 0)"), "\(mat)")
  }

  // Fuzzing ------------------------------------------------------------------------------------------

  @Test("fuzz slice: 1,800 mutated inputs over every reader, the segment index and the model loader: every rejection names file and position")
  func fuzzSlice() throws {
    let dir = try scratch("fuzz")
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = [UInt8](try Data(contentsOf: packageRoot.appendingPathComponent("Tests/Golden/model/bearing1_1.vglm")))
    let report = try fuzzReaders(FuzzTarget.allCases, iterations: 1800, seed: 11, directory: dir, model: model, timeBound: 5)
    #expect(report.inputs == 1800)
    #expect(report.failures.isEmpty, "\(report.failures.prefix(10))")
    for t in FuzzTarget.allCases { #expect((report.perTarget[t.rawValue]?.inputs ?? 0) >= 190, "\(t): \(report.summary)") }
    #expect(report.perTarget.values.allSatisfy { $0.read > 0 && $0.rejected > 0 }, "\(report.summary)")
  }
}
