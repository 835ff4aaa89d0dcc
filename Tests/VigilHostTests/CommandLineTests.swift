// The built `vigil-sim` binary as a user meets it, run as a subprocess: every bad flag is refused with the
// documented exit status and a message naming the flag (never a trap), every output write is checked, an
// export replays as it was written, continuous recordings are timed from the sample count, and the
// README's commands run as written (docs/check-readme).

import Foundation
import Testing
import TestSupport
import VigilHost

/// The `vigil-sim` next to this test binary (`swift test` builds every product), or nil.
enum VigilSimBinary {
  static let url: URL? = {
    var candidates = [Paths.root.appendingPathComponent(".build/debug/vigil-sim")]
    if let test = CommandLine.arguments.first {
      var dir = URL(fileURLWithPath: test).deletingLastPathComponent()
      if dir.path.hasSuffix(".xctest/Contents/MacOS") { dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
      candidates.insert(dir.appendingPathComponent("vigil-sim"), at: 0)
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()
  static var available: Bool { url != nil }
  static let skipMessage = "the vigil-sim binary is not built next to the tests (swift build --product vigil-sim) — skipped"
}

/// Results filled in from several threads.
final class Results: @unchecked Sendable {
  private var items: [(Int32, String, String)]
  private let lock = NSLock()
  init(count: Int) { items = Array(repeating: (0, "", ""), count: count) }
  func set(_ i: Int, _ r: (Int32, String, String)) { lock.lock(); items[i] = r; lock.unlock() }
  func get(_ i: Int) -> (Int32, String, String) { lock.lock(); defer { lock.unlock() }; return items[i] }
}

/// A scratch folder for one test.
func scratchFolder(_ name: String) -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cli-\(name)-\(getpid())")
  try? FileManager.default.removeItem(at: dir)
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

@Suite("vigil-sim command line: bad flags, checked writes, exports, times, README commands", .serialized,
       .enabled(if: VigilSimBinary.available, "\(VigilSimBinary.skipMessage)"))
struct CommandLineTests {
  static let demo = Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo")
  static let model = demo.appendingPathComponent("bearing1_1-sample.vglm").path
  static let recording = demo.appendingPathComponent("bearing1_1-sample.i16").path
  /// The demo recording is raw Int16: these flags read it (2 axes at 25.6 kHz, ±50 g).
  static let raw = ["--rate", "25600", "--axes", "2", "--full-scale", "50"]

  func sim(_ args: [String]) throws -> (Int32, String, String) { try run([VigilSimBinary.url!.path] + args) }

  /// Bad values of the flags every recording-reading command shares.
  static let recordingFlagCases: [(flag: String, values: [String])] = [
    ("--sensor", ["", "nosuch", "native:0", "native:-1", "native:nan", "native:inf", "native:1e-9", "native:1e9", "native:abc",
                  "native@1600", "native+noise", "adxl345@0", "adxl345@nan", "adxl345@inf", "adxl345@1e30", "adxl345@1e-30",
                  "adxl345@1601", "adxl345@1600:3", "adxl345@1600:nan", "adxl345@@1600", ":16", "@", "+noise"]),
    ("--rate", ["nan", "inf", "-inf", "0", "-1", "1e30", "1e-30", "abc", "", "50", "1000001"]),
    ("--axes", ["0", "-1", "4", "1e9", "abc"]),
    ("--full-scale", ["0", "-1", "nan", "inf", "-inf", "1e9", "1e-9", "abc"]),
    ("--segment-seconds", ["nan", "inf", "-inf", "1e300", "0", "-1", "1e-9", "abc"]),
    ("--channels", ["a", "-1", "9", "1,,2", "", "0;1"]),
    ("--variable", [""]),
  ]

  /// Each command's own flags: (arguments before the bad value, the bad value, what the message must name).
  static let commandCases: [(args: [String], value: String, names: String)] = {
    var cases: [([String], String, String)] = []
    let rec = [recording] + raw
    for v in ["0", "-0.1", "1.5", "nan", "inf"] { cases.append((["train"] + rec + ["--train-fraction"], v, "--train-fraction")) }
    for v in ["0", "-1", "100", "32", "8192", "1e9", "abc"] { cases.append((["train"] + rec + ["--window"], v, "--window")) }
    for v in ["0", "-1", "33", "abc"] { cases.append((["train"] + rec + ["--bands"], v, "--bands")) }
    for command in [["train"] + rec, ["evaluate", "--data", "/nonexistent"]] {
      for v in ["0", "-1", "nan", "inf", "32768", "1e9", "abc"] { cases.append((command + ["--margin"], v, "--margin")) }
      for v in ["0", "-1", "1.5", "nan", "inf", "abc"] { cases.append((command + ["--quantile"], v, "--quantile")) }
    }
    for v in ["foo", ""] { cases.append((["train"] + rec + ["--detector"], v, "--detector")) }
    for v in ["-1", "abc", "1e3"] { cases.append((["train"] + rec + ["--seed"], v, "--seed")) }
    cases.append((["train"] + rec + ["-o"], "/nonexistent/m.vglm", "--output"))
    cases.append((["train"] + rec + ["-o"], "/tmp", "--output"))
    cases.append((["train"] + rec + ["--swift"], "/nonexistent/m.swift", "--swift"))
    cases.append((["train"] + rec + ["--float-model"], "/nonexistent/f.json", "--float-model"))
    cases.append((["train"] + rec + ["--window", "4096", "--bands"], "8", "--window"))   // longer than the 2560-frame snapshots
    cases.append((["evaluate"], "nosuch", "which"))
    cases.append((["replay"] + rec + ["-m"], "/nonexistent.vglm", "/nonexistent.vglm"))
    cases.append((["replay"] + rec + ["-m", model, "--scores"], "/nonexistent/s.csv", "--scores"))
    cases.append((["report"] + rec + ["-m", model, "-o"], "/nonexistent/r.html", "--output"))
    cases.append((["demo", "-o"], "/nonexistent/r.html", "--output"))
    for v in ["5:2", "-1", "a", "0:99999", "", "1..<", "3:3", "0:1:2", "1,,2", "9223372036854775807", "0:9223372036854775807"] {
      cases.append((["export"] + rec + ["-o", "/tmp/vigil-cli-never.i16", "--segments"], v, "--segments"))
      cases.append((["features"] + rec + ["--segments"], v, "--segments"))
    }
    cases.append((["export"] + rec + ["-o"], "/nonexistent/x.i16", "--output"))
    // A raw file reads back at 100 Hz…1 MHz: an export below that is refused before it is written.
    for v in ["adxl345@50:16", "lis3dh@1", "mpu6050@4:2"] { cases.append((["export"] + rec + ["-o", "/tmp/vigil-cli-never.i16", "--sensor"], v, "--sensor")) }
    cases.append((["features"] + rec + ["-m"], "/nonexistent.vglm", "/nonexistent.vglm"))
    cases.append((["inspect"], "/nonexistent.vglm", "/nonexistent.vglm"))
    for v in ["0", "-1", "1e12", "abc"] { cases.append((["fuzz-model", model, "--count"], v, "--count")) }
    return cases
  }()

  @Test("every bad flag value of every command: exit 64 (usage) or 1 (input), a message naming the flag, no trap")
  func badFlags() throws {
    for suffix in ["", ".segments.csv", ".json"] { try? FileManager.default.removeItem(atPath: "/tmp/vigil-cli-never.i16" + suffix) }
    var cases = Self.commandCases
    for command in ["train", "replay", "report", "export", "features", "inspect"] {
      let extra: [String] = command == "replay" || command == "report" ? ["-m", Self.model] : command == "export" ? ["-o", "/tmp/vigil-cli-never.i16"] : []
      for (flag, values) in Self.recordingFlagCases {
        // The raw flags are given once: the bad one replaces its good value.
        let base = Self.raw.enumerated().filter { i, a in !(a == flag || (i > 0 && Self.raw[i - 1] == flag)) }.map(\.element)
        // Every value on replay; the same validation on the other commands, two values each.
        for v in command == "replay" ? values : Array(values.prefix(2)) {
          cases.append(([command, Self.recording] + base + extra + [flag], v, flag))
        }
      }
    }
    #expect(cases.count > 200)
    // Four at a time (a debug build spends ~0.15 s of CPU printing a usage message).
    let all = cases, results = Results(count: cases.count)
    DispatchQueue.concurrentPerform(iterations: 4) { lane in
      for i in stride(from: lane, to: all.count, by: 4) {
        results.set(i, (try? run([VigilSimBinary.url!.path] + all[i].args + [all[i].value])) ?? (-1, "", "could not run"))
      }
    }
    for (i, (args, value, names)) in cases.enumerated() {
      let (status, out, err) = results.get(i)
      let shown = (args + [value]).map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
      #expect(status == 64 || status == 1, "vigil-sim \(shown): exit \(status)\n\(err)")
      #expect(err.contains(names), "vigil-sim \(shown): the message does not name \(names):\n\(err)")
      #expect(!err.contains("Fatal error") && !err.contains("NSCocoaErrorDomain") && !err.contains("rror Domain"), "vigil-sim \(shown):\n\(err)")
      #expect(!out.contains("wrote"), "vigil-sim \(shown) wrote something:\n\(out)")
    }
    #expect(!FileManager.default.fileExists(atPath: "/tmp/vigil-cli-never.i16"))
  }

  @Test("write failures are errors: stdout, --scores, report -o, train -o on /dev/full; train checks --swift before writing the model")
  func writeFailures() throws {
    let dir = scratchFolder("writes")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A 20-snapshot export keeps the replays short.
    let small = dir.appendingPathComponent("small.i16").path
    var r = try sim(["export", Self.recording] + Self.raw + ["--segments", "0:20", "-o", small])
    #expect(r.0 == 0, "\(r.2)")
    // Standard output on a full device: every command prints through the same checked writer. The last 37
    // snapshots of the demo raise an alert, so replay has something to print.
    let late = dir.appendingPathComponent("late.i16").path
    r = try sim(["export", Self.recording] + Self.raw + ["--segments", "200:237", "-o", late])
    #expect(r.0 == 0, "\(r.2)")
    r = try sim(["replay", late, "-m", Self.model])
    #expect(r.0 == 0 && r.1.contains("\"kind\":\"raise\""), "\(r.1) \(r.2)")
    let sim = VigilSimBinary.url!.path
    r = try run(["bash", "-c", "'\(sim)' replay '\(late)' -m '\(Self.model)' > /dev/full"])
    #expect(r.0 == 1 && r.2.contains("Error: standard output: cannot write: No space left on device"), "replay > /dev/full: \(r.0) \(r.2)")
    for command in ["inspect '\(Self.model)'", "features '\(small)' --segments 0:2", "export '\(small)' -o '\(dir.path)/again.i16'"] {
      r = try run(["bash", "-c", "'\(sim)' \(command) > /dev/full"])
      #expect(r.0 == 1 && r.2.contains("Error: standard output: cannot write: No space left on device"), "\(command) > /dev/full: \(r.0) \(r.2)")
    }
    r = try self.sim(["replay", small, "-m", Self.model, "--scores", "/dev/full"])
    #expect(r.0 == 1 && r.2.contains("Error: /dev/full: cannot write: No space left on device"), "--scores /dev/full: \(r.0) \(r.2)")
    r = try self.sim(["report", small, "-m", Self.model, "-o", "/dev/full"])
    #expect(r.0 == 1 && r.2.contains("Error: /dev/full: cannot write"), "report -o /dev/full: \(r.0) \(r.2)")
    r = try self.sim(["train", small, "--detector", "rms", "-o", "/dev/full"])
    #expect(r.0 == 1 && r.2.contains("Error: /dev/full: cannot write") && !r.1.contains("wrote"), "train -o /dev/full: \(r.0) \(r.1) \(r.2)")
    let model = dir.appendingPathComponent("m.vglm").path
    r = try self.sim(["train", small, "--detector", "rms", "-o", model, "--swift", dir.appendingPathComponent("missing/m.swift").path])
    #expect(r.0 == 64 && r.2.contains("--swift") && r.2.contains("no such folder"), "\(r.2)")
    #expect(!FileManager.default.fileExists(atPath: model), "the model was written although --swift cannot be")
    r = try self.sim(["train", small, "--detector", "rms", "-o", model])
    #expect(r.0 == 0 && r.1.contains("wrote \(model)") && FileManager.default.fileExists(atPath: model), "\(r.2)")
  }

  @Test("export → replay: the sidecar carries rate, axes, counts per g and sensor; the same counts come back; contradicting flags refused")
  func exportRoundTrip() throws {
    let dir = scratchFolder("export")
    defer { try? FileManager.default.removeItem(at: dir) }
    for sensor in ["native:50", "adxl345@1600:16"] {
      let out = dir.appendingPathComponent("e.i16").path
      var r = try sim(["export", Self.recording] + Self.raw + ["--sensor", sensor, "--segments", "3:9,12", "-o", out])
      #expect(r.0 == 0, "\(r.2)")
      let meta = try JSONDecoder().decode(ExportMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: out + ".json")))
      let expected = try SensorModel.parse(sensor)
      #expect(meta.sensor == sensor && meta.axes == 2 && meta.segments == 7 && meta.countsPerG == expected.countsPerG)
      #expect(meta.sampleRate == (sensor.hasPrefix("native") ? 25_600 : 1600))
      // The export's bytes are the frames the index lists.
      let size = try FileManager.default.attributesOfItem(atPath: out)[.size] as! Int
      #expect(size == meta.frames * 2 * 2)
      // Features of the export read with no flags = features of the original through the same sensor.
      let original = try sim(["features", Self.recording] + Self.raw + ["--sensor", sensor, "--segments", "3:9,12"])
      let back = try sim(["features", out])
      #expect(original.0 == 0 && back.0 == 0, "\(original.2) \(back.2)")
      let a = try JSONSerialization.jsonObject(with: Data(original.1.utf8)) as! [String: Any]
      let b = try JSONSerialization.jsonObject(with: Data(back.1.utf8)) as! [String: Any]
      let fa = (a["windows"] as! [[String: Any]]).map { $0["features"] as! [Int] }
      let fb = (b["windows"] as! [[String: Any]]).map { $0["features"] as! [Int] }
      #expect(!fa.isEmpty && fa == fb, "\(sensor): the export does not replay as the original")
      // Flags that contradict the sidecar are refused, naming the flag and the sidecar.
      for bad in [["--full-scale", "16"], ["--rate", "48000"], ["--axes", "3"], ["--sensor", "mpu6050@1000:2"]] {
        r = try sim(["features", out] + bad)
        #expect(r.0 == 64 && r.2.contains(bad[0]) && r.2.contains("e.i16.json"), "\(bad): \(r.0) \(r.2)")
      }
      // Repeating what the sidecar says is fine.
      r = try sim(["features", out, "--sensor", sensor, "--axes", "2"])
      #expect(r.0 == 0, "\(r.2)")
    }
  }

  @Test("a continuous recording (no segment index) is timed from the sample count: window k at (N + k·hop) / rate")
  func continuousTimes() throws {
    let dir = scratchFolder("continuous")
    defer { try? FileManager.default.removeItem(at: dir) }
    // The first 2^18 frames of the demo recording, without its index: one continuous segment of 10.24 s.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.recording)).prefix(1 << 20)
    let input = dir.appendingPathComponent("continuous.i16")
    try bytes.write(to: input)
    let scores = dir.appendingPathComponent("s.csv").path
    let r = try sim(["replay", input.path] + Self.raw + ["-m", Self.model, "--scores", scores])
    #expect(r.0 == 0, "\(r.2)")
    let rows = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    // N = 1024, hop 512 (the demo model); native chunks of 256 frames end exactly where each window does.
    #expect(rows.count == (262_144 - 1024) / 512 + 1)
    for (k, row) in rows.enumerated() {
      #expect(abs(Double(row[1])! - Double(1024 + 512 * k) / 25_600) < 1e-9, "window \(k): time \(row[1])")
    }
    let times = r.1.split(separator: "\n").compactMap { line -> Int? in
      guard let t = line.range(of: "\"t\":") else { return nil }
      return Int(line[t.upperBound...].prefix { $0.isNumber })
    }
    #expect(times.allSatisfy { $0 > 0 }, "events carry times along the run: \(times)")
  }

  @Test("docs/check-readme knows every command of README's quick start and Pi section and runs the cheap ones")
  func readmeCommands() throws {
    let script = Paths.root.appendingPathComponent("docs/check-readme").path
    var r = try run(["bash", script, "--list"])
    #expect(r.0 == 0, "README commands docs/check-readme cannot run:\n\(r.1)\n\(r.2)")
    #expect(r.1.split(separator: "\n").count >= 15, "\(r.1)")
    for line in r.1.split(separator: "\n") {
      #expect(["run", "data", "release", "skip"].contains(String(line.prefix { $0 != " " })), "\(line)")
    }
    r = try run(["bash", script, "--cheap"], env: ["VIGIL_SIM": VigilSimBinary.url!.path])
    #expect(r.0 == 0 && r.1.contains("0 failed") && r.1.contains("run:  swift run vigil-sim demo"), "\(r.1)\n\(r.2)")
  }
}
