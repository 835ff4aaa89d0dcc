// What `vigil record` leaves on the Pi (raw Int16, a `time_s,frames` index of one row per gap-free stretch, the
// JSON sidecar it writes), fed to the built `vigil-sim` as README's Pi workflow does: `train healthy.i16` with
// no flags, `--segment-seconds` cutting indexed segments without spanning a gap, and the errors a user gets
// without the sidecar or with an empty model file.

import Foundation
import Testing
import TestSupport
import VigilHost

@Suite("vigil-sim on a vigil record file", .serialized,
       .enabled(if: VigilSimBinary.available, "\(VigilSimBinary.skipMessage)"))
struct RecordFileTests {
  func sim(_ args: [String]) throws -> (Int32, String, String) { try run([VigilSimBinary.url!.path] + args) }

  /// Writes `name` as `vigil record` would for an ADXL345 at 800 Hz, ±16 g (256 counts per g): 3 axes of
  /// seeded noise around (0, 0, 1 g), the index rows `rows` (time, frames) and the sidecar, byte for byte
  /// the format of Sources/VigilDevice/Program/Record.swift.
  func writeRecord(_ dir: URL, _ name: String, rows: [(String, Int)]) throws -> String {
    let frames = rows.reduce(0) { $0 + $1.1 }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var samples = [Int16](repeating: 0, count: 3 * frames)
    for i in samples.indices {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      samples[i] = Int16(Int((state >> 33) % 121) - 60) + (i % 3 == 2 ? 256 : 0)
    }
    let path = dir.appendingPathComponent(name).path
    try samples.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path))
    try ("time_s,frames\n" + rows.map { "\($0.0),\($0.1)\n" }.joined()).write(toFile: path + ".segments.csv", atomically: true, encoding: .utf8)
    try ("{\"axes\": 3, \"countsPerG\": 256, \"description\": \"adxl345 at 800 Hz, ±16 g (vigil record)\", \"format\": \"vigil-i16\", "
         + "\"frames\": \(frames), \"sampleRate\": 800, \"segments\": \(rows.count), \"sensor\": \"adxl345@800:16\"}\n")
      .write(toFile: path + ".json", atomically: true, encoding: .utf8)
    return path
  }

  @Test("train healthy.i16 as README says: one indexed segment is cut in 10, the same model as the raw file with its flags; after an early overrun, pieces of a tenth of the length and the first 20% of the time")
  func trainsWithoutFlags() throws {
    let dir = scratchFolder("record-train")
    defer { try? FileManager.default.removeItem(at: dir) }
    // 120 s at 800 Hz, no overrun: one index row (what `vigil record --seconds 120` writes).
    let healthy = try writeRecord(dir, "healthy.i16", rows: [("0.000", 96_000)])
    let model = dir.appendingPathComponent("pump.vglm").path
    var r = try sim(["train", healthy, "-o", model, "--no-check"])
    #expect(r.0 == 0 && r.1.contains("wrote \(model)"), "train healthy.i16: exit \(r.0)\n\(r.1)\n\(r.2)")
    #expect(r.1.contains("(2 of 10 segments)"), "\(r.1)")
    // A continuous recording cut to hold pieces out keeps the standard alert policy (the device measures it
    // continuously), not the snapshot one (which would scale the holds and the heartbeat to the 12 s pieces).
    r = try sim(["inspect", model])
    #expect(r.1.contains("debounce 3-of-5, heartbeat every 600 windows; raise after 4 windows more, clear after 120, escalate after 1200"), "\(r.1)")
    // The same counts without index and sidecar, read with the flags the sidecar stands for (±128 g = 32768 / 256):
    // the same 10 pieces, so the same model, byte for byte.
    let bare = dir.appendingPathComponent("bare.i16").path
    try FileManager.default.copyItem(atPath: healthy, toPath: bare)
    let reference = dir.appendingPathComponent("reference.vglm").path
    r = try sim(["train", bare, "--rate", "800", "--axes", "3", "--full-scale", "128", "-o", reference, "--no-check"])
    #expect(r.0 == 0, "\(r.2)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == Data(contentsOf: URL(fileURLWithPath: reference)))
    r = try sim(["replay", healthy, "-m", model])
    #expect(r.0 == 0 && r.2.contains("186 windows"), "\(r.2)")   // (96000 − 1024) / 512 + 1

    // An overrun 3 s in: 3 s, the gap, then 117 s (two index rows). Before, the window and the training share
    // came from the 3 s stretch as one whole segment of two: 3 training windows, and train failed.
    let overrun = try writeRecord(dir, "overrun.i16", rows: [("0.000", 2_400), ("3.500", 93_600)])
    r = try sim(["train", overrun, "-o", model, "--no-check"])
    #expect(r.0 == 0 && r.1.contains("wrote \(model)"), "exit \(r.0)\n\(r.1)\n\(r.2)")
    #expect(r.2.contains("2 gap-free stretches: cut into pieces of 12 s, none across a gap"), "\(r.2)")
    // Pieces: 3 s | 12 s × 9, 9 s (11). 20% of 120 s = 24 s: the first three pieces (27 s), the last of them
    // held out: 3 + 17 training windows (N = 1024, hop 512 at 800 Hz), 17 held out.
    #expect(r.1.contains("trained on 20 windows (3 of 11 segments)"), "\(r.1)")
  }

  @Test("--segment-seconds cuts every indexed segment into pieces; none spans the gap an overrun left")
  func segmentSecondsCutsIndexedSegments() throws {
    let dir = scratchFolder("record-cut")
    defer { try? FileManager.default.removeItem(at: dir) }
    // 30 s, an overrun gap, then 20.5 s from 40 s on.
    let rec = try writeRecord(dir, "gap.i16", rows: [("0.000", 24_000), ("40.000", 16_400)])
    let scores = dir.appendingPathComponent("s.csv").path
    let model = dir.appendingPathComponent("m.vglm").path
    var r = try sim(["train", rec, "--segment-seconds", "10", "--train-fraction", "0.5", "--window", "1024", "-o", model, "--no-check"])
    #expect(r.0 == 0, "\(r.2)")
    #expect(r.1.contains("of 6 segments"), "pieces: 3 of 10 s, then 2 of 10 s and one of 0.5 s\n\(r.1)")
    r = try sim(["replay", rec, "-m", model, "--segment-seconds", "10", "--scores", scores])
    #expect(r.0 == 0, "\(r.2)")
    let rows = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    // Each piece's windows lie inside it: window k of a piece starting at t0 ends at t0 + (1024 + 512 k) / 800.
    var firstTime: [Int: Double] = [:]
    for row in rows { let s = Int(row[0])!; firstTime[s] = min(firstTime[s] ?? .infinity, Double(row[1])!) }
    let starts = [0.0, 10, 20, 40, 50]    // the 0.5 s piece (400 frames) holds no 1024-sample window
    #expect(firstTime.keys.sorted() == [0, 1, 2, 3, 4], "\(firstTime)")
    for (s, t0) in starts.enumerated() { #expect(abs(firstTime[s]! - (t0 + 1024.0 / 800)) < 1e-9, "segment \(s): \(firstTime[s]!)") }
    #expect(rows.count == 5 * ((8000 - 1024) / 512 + 1))
  }

  @Test("without its sidecar: the error says what to pass; an empty or damaged .vglm is named as a model")
  func errors() throws {
    let dir = scratchFolder("record-errors")
    defer { try? FileManager.default.removeItem(at: dir) }
    let rec = try writeRecord(dir, "rec.i16", rows: [("0.000", 8000)])
    try FileManager.default.removeItem(atPath: rec + ".json")
    for args in [["train", rec], ["replay", rec, "-m", CommandLineTests.model], ["inspect", rec], ["replay", rec, "--axes", "3", "-m", CommandLineTests.model]] {
      let r = try sim(args)
      #expect(r.0 == 1 && r.2.contains("Error: \(rec): raw Int16 needs --rate HZ") && r.2.contains("rec.i16.json"), "\(args): \(r.0) \(r.2)")
      #expect(r.2.contains("--axes N") == !args.contains("--axes"), "\(args): \(r.2)")
    }
    // A reader that is given no flags and does not read sidecars (vigil-umockdev device): the sidecar is there.
    let withSidecar = try writeRecord(dir, "side.i16", rows: [("0.000", 8000)])
    #expect { try openRecording(withSidecar) } throws: { "\($0)".contains("needs --rate HZ and --axes N") && "\($0)".contains("as its sidecar side.i16.json says") }
    let empty = dir.appendingPathComponent("empty.vglm").path
    FileManager.default.createFile(atPath: empty, contents: Data())
    let garbage = dir.appendingPathComponent("garbage.vglm").path
    FileManager.default.createFile(atPath: garbage, contents: Data(String(repeating: "not a model ", count: 20).utf8))
    for (path, message) in [(empty, "model file is truncated"), (garbage, "not a Vigil model file")] {
      let r = try sim(["inspect", path])
      #expect(r.0 == 1 && r.2.contains("Error: \(path): \(message)"), "inspect \(path): \(r.0) \(r.2)")
    }
  }
}
