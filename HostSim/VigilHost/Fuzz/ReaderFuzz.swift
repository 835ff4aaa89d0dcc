// The readers' mutation fuzzer (`vigil-sim fuzz`, and a smaller slice in the tests): every reader, the
// segment index and the model loader get mutated copies of valid seed files. Each input must either be
// read (every segment, through the native sensor model as a replay would) or be rejected with a
// `RecordingError` that names the file and a line or byte and quotes nothing unprintable. A trap ends the
// process (the input is left on disk); an input taking longer than the time bound is reported as a hang.

import Foundation
import VigilCore

/// What the fuzzer can target.
public enum FuzzTarget: String, CaseIterable, Sendable {
  case pronostia, ims, mat, matZlib = "mat-zlib", cbm, wav, raw, segments, model
  /// The targets that are recording readers.
  public static let readers: [FuzzTarget] = allCases.filter { $0 != .model }
}

/// The outcome of a fuzzing run.
public struct ReaderFuzzReport: Sendable {
  public var inputs = 0
  /// Per target: inputs, inputs read whole, inputs rejected.
  public var perTarget: [String: (inputs: Int, read: Int, rejected: Int)] = [:]
  /// Rejections without a file and position, unexpected error types, unprintable messages, hangs, and
  /// model files accepted although corrupted: must stay empty.
  public var failures: [String] = []
  /// The slowest input (s).
  public var slowest = 0.0
  public var seconds = 0.0
  /// Some rejection messages (a few per target), to show what a user sees.
  public var examples: [String] = []

  public var summary: String {
    let parts = perTarget.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.inputs) (\($0.value.read) read, \($0.value.rejected) rejected)" }
    return "fuzzed \(inputs) inputs in \(String(format: "%.1f", seconds)) s: " + parts.joined(separator: ", ") +
      "; \(failures.count) failures, 0 crashes; slowest input \(String(format: "%.3f", slowest)) s"
  }
}

/// One fuzzed format: its folder, the file that gets mutated, seed contents for it, and how it is opened.
struct FuzzCase {
  let target: FuzzTarget
  let folder: URL
  let victim: URL
  let seeds: [[UInt8]]
  let open: () throws -> Recording
  /// Makes an input its own way on odd inputs (e.g. a mutated inner element, recompressed so that the
  /// checksum holds and the parser behind it is reached).
  var make: ((inout SeededGenerator) -> [UInt8])? = nil
}

/// Mutates a copy of `seed`: bit flips, interesting bytes and 32-bit values, inserted tokens (numbers out
/// of range, NaN, separators, NUL), deletions, duplications, truncation, extension.
func mutate(_ seed: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
  var b = seed
  func at(_ extra: Int = 0) -> Int { Int(rng.next() % UInt64(max(1, b.count + extra))) }
  let tokens: [[UInt8]] = ["1e400", "-1e400", "nan", "inf", "-1", "0", "1e17", "99999999999999999999", "4294967295",
                           "2147483648", "\n", ",", ";", "\t", ".", "e", "-", "\0", "\r\n", ",,", "1e-400", "0x10"].map { Array($0.utf8) }
  let words: [UInt32] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x10000, 8, 15, 14, 128, UInt32(seed.count)]
  for _ in 0..<(1 + Int(rng.next() % 3)) {
    switch rng.next() % 9 {
    case 0: if !b.isEmpty { b[at()] ^= UInt8(1 << (rng.next() % 8)) }
    case 1: if !b.isEmpty { b[at()] = [0, 0xFF, 0x7F, 0x80, 0x0A, 0x2C, 0x2D, 0x2E, 0x65, 0x39, 0x20][Int(rng.next() % 11)] }
    case 2:
      if b.count >= 4 {
        let i = at(-3) & ~3, w = words[Int(rng.next() % UInt64(words.count))]
        for k in 0..<4 where i + k < b.count { b[i + k] = UInt8(truncatingIfNeeded: w >> (8 * UInt32(k))) }
      }
    case 3: b.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: at(1))
    case 4: if !b.isEmpty { let i = at(); b.removeSubrange(i..<min(b.count, i + 1 + Int(rng.next() % 64))) }
    case 5: if !b.isEmpty { let i = at(); b.insert(contentsOf: b[i..<min(b.count, i + 1 + Int(rng.next() % 64))], at: at(1)) }
    case 6: b = Array(b.prefix(at(1)))
    case 7: b += (0..<(1 + Int(rng.next() % 32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    default:   // replace a number-looking field with a token
      if !b.isEmpty { let i = at(); b.replaceSubrange(i..<min(b.count, i + 1 + Int(rng.next() % 8)), with: tokens[Int(rng.next() % UInt64(tokens.count))]) }
    }
  }
  return b
}

func write(_ bytes: [UInt8], _ url: URL) throws { try Data(bytes).write(to: url) }

/// Sets up every case's folder under `directory` (valid seed files; real files from `realData` added as
/// seeds when given).
func fuzzCases(_ targets: [FuzzTarget], directory: URL, realData: URL?) throws -> [FuzzCase] {
  let fm = FileManager.default
  var cases: [FuzzCase] = []
  func folder(_ name: String) throws -> URL {
    let u = directory.appendingPathComponent(name)
    try? fm.removeItem(at: u)
    try fm.createDirectory(at: u, withIntermediateDirectories: true)
    return u
  }
  func real(_ rel: String) -> [UInt8]? {
    guard let realData, let d = fm.contents(atPath: realData.appendingPathComponent(rel).path) else { return nil }
    return [UInt8](d)
  }
  for t in targets {
    switch t {
    case .pronostia:
      let f = try folder("pronostia")
      try write(FuzzSeeds.pronostiaSnapshot(hour: 23, minute: 59, second: 55), f.appendingPathComponent("acc_00001.csv"))
      let second = FuzzSeeds.pronostiaSnapshot(hour: 0, minute: 0, second: 5)
      try write(second, f.appendingPathComponent("acc_00002.csv"))
      cases.append(FuzzCase(target: t, folder: f, victim: f.appendingPathComponent("acc_00002.csv"),
                            seeds: [second] + [real("pronostia/Bearing1_1/acc_00002.csv")].compactMap { $0 },
                            open: { try PronostiaRun(folder: f) }))
    case .ims:
      let f = try folder("ims")
      let seed = FuzzSeeds.imsSnapshot(rows: 256)
      try write(seed, f.appendingPathComponent("2003.10.22.12.06.24"))
      try write(seed, f.appendingPathComponent("2003.10.22.12.16.24"))
      cases.append(FuzzCase(target: t, folder: f, victim: f.appendingPathComponent("2003.10.22.12.16.24"),
                            seeds: [seed] + [real("ims/test1_first50/2003.10.22.12.06.24")].compactMap { $0 },
                            open: { try IMSRecording(folder: f, channels: [0, 1]) }))
    case .mat, .matZlib:
      let f = try folder(t.rawValue)
      let v = f.appendingPathComponent("x.mat")
      let seeds = t == .mat ? [FuzzSeeds.cwruMat(rows: 512)] + [real("cwru/48k/normal_0hp_097.mat")].compactMap { $0 }
                            : [FuzzSeeds.compressedMat(rows: 512)] + [real("ims/mat/NA.mat")].compactMap { $0 }
      var c = FuzzCase(target: t, folder: f, victim: v, seeds: seeds, open: { try MatRecording.open(v) })
      if t == .matZlib {
        let inner = FuzzSeeds.matMatrix(name: "data", values: (0..<512).map { FuzzSeeds.signal($0, axis: 0) })
        c.make = { rng in
          let z = FuzzSeeds.zlibCompress(mutate(inner, &rng))
          return FuzzSeeds.matHeader() + FuzzSeeds.le32(15) + FuzzSeeds.le32(z.count) + z
        }
      }
      cases.append(c)
    case .cbm:
      let f = try folder("cbm")
      let v = f.appendingPathComponent("x.Wfm.csv")
      cases.append(FuzzCase(target: t, folder: f, victim: v,
                            seeds: [FuzzSeeds.cbm(rows: 512)] + [real("cbm-adxl356c/0600_GoB_GS_BaLo_WA_00lb.Wfm.csv")].compactMap { $0 },
                            open: { try openRecording(v.path) }))
    case .wav:
      let f = try folder("wav")
      let v = f.appendingPathComponent("x.wav")
      cases.append(FuzzCase(target: t, folder: f, victim: v,
                            seeds: [FuzzSeeds.wav(channels: 2, frames: 512, float: false), FuzzSeeds.wav(channels: 1, frames: 512, float: true)],
                            open: { try openRecording(v.path) }))
    case .raw, .segments:
      let f = try folder(t.rawValue)
      let v = f.appendingPathComponent("x.raw")
      let (data, index) = FuzzSeeds.raw(axes: 2, frames: 4096, segments: 4)
      try write(data, v)
      try write(index, v.appendingPathExtension("segments.csv"))
      var o = RecordingOptions(); o.rawRate = 25_600; o.rawAxes = 2; o.fullScale = 16
      cases.append(FuzzCase(target: t, folder: f, victim: t == .raw ? v : v.appendingPathExtension("segments.csv"),
                            seeds: [t == .raw ? data : index], open: { [o] in try openRecording(v.path, options: o) }))
    case .model:
      break
    }
  }
  return cases
}

/// Runs `iterations` inputs round-robin over `targets` (model inputs go through `fuzzModelLoader` with
/// `model` as the valid file; skipped when nil). `directory` receives the working files (the input that
/// crashed is left there). `timeBound`: seconds an input may take before it counts as a hang.
public func fuzzReaders(_ targets: [FuzzTarget], iterations: Int, seed: UInt64, directory: URL, realData: URL? = nil,
                        model: [UInt8]? = nil, timeBound: Double = 2, progress: ((Int) -> Void)? = nil) throws -> ReaderFuzzReport {
  var report = ReaderFuzzReport()
  let cases = try fuzzCases(targets, directory: directory, realData: realData)
  let modelShare = targets.contains(.model) && model != nil ? iterations / targets.count : 0
  let t0 = Date()
  var rng = SeededGenerator(seed: seed)
  let readerInputs = cases.isEmpty ? 0 : iterations - modelShare
  for n in 0..<readerInputs {
    let c = cases[n % cases.count]
    let input = n & 1 == 1 && c.make != nil ? c.make!(&rng) : mutate(c.seeds[Int(rng.next() % UInt64(c.seeds.count))], &rng)
    try write(input, c.victim)
    let start = Date()
    var read = false
    do {
      let r = try c.open()
      let source = SensorSource(r, sensor: .native(fullScale: 16))
      for i in Set([0, 1, 2, r.segmentCount - 1]) where i >= 0 && i < r.segmentCount { _ = try source.segment(i) }
      read = true
    } catch let e as RecordingError {
      let text = "\(e)"
      if rng.next() % 64 == 0, report.examples.count < 60 { report.examples.append(text) }
      if e.line == nil && e.offset == nil { report.failures.append("\(c.target.rawValue) #\(n): no line or byte: \(text)") }
      if !e.file.hasPrefix(c.folder.path) { report.failures.append("\(c.target.rawValue) #\(n): names another file: \(text)") }
      if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
        report.failures.append("\(c.target.rawValue) #\(n): unprintable bytes in the message: \(text.debugDescription)")
      }
    } catch {
      report.failures.append("\(c.target.rawValue) #\(n): not a RecordingError: \(error)")
    }
    let dt = Date().timeIntervalSince(start)
    report.slowest = max(report.slowest, dt)
    if dt > timeBound { report.failures.append("\(c.target.rawValue) #\(n): took \(String(format: "%.2f", dt)) s (hang bound \(timeBound) s)") }
    report.inputs += 1
    var t = report.perTarget[c.target.rawValue] ?? (0, 0, 0)
    t.inputs += 1; if read { t.read += 1 } else { t.rejected += 1 }
    report.perTarget[c.target.rawValue] = t
    if n % 1000 == 999 { progress?(report.inputs) }
  }
  if modelShare > 0, let model {
    let start = Date()
    let m = fuzzModelLoader(valid: model, count: modelShare, seed: seed)
    report.inputs += m.total
    report.perTarget["model"] = (m.total, m.accepted, m.total - m.accepted)
    report.failures += m.violations.map { "model: \($0)" }
    report.slowest = max(report.slowest, Date().timeIntervalSince(start) / Double(max(1, m.total)))
  }
  report.seconds = Date().timeIntervalSince(t0)
  return report
}
