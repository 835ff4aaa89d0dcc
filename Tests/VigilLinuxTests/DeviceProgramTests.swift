// The device program `vigil` (VigilDevice, the code the Pi runs) under umockdev, through the real libi2c and
// libgpiod, against HostSim's ADXL345 register emulator fed a synthetic recording (no real data needed):
// SIGHUP reloads (a fitting model replaces the running one; a model for another ODR or axis count is refused
// naming both and the old one keeps running), `vigil record` leaves no file behind when it fails, the device
// thread makes no heap allocation per window in steady state, and the HIL suite's emulated run.

import Foundation
import Testing
import TestSupport
import VigilHost

/// A synthetic 3-axis recording at 800 Hz in ADXL345 counts (256 per g; read back exactly with
/// `--full-scale 128`), the models the tests need (trained by vigil-sim on it), and the runner.
enum DeviceProgram {
  static let folder: URL = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-device-program-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }()

  /// vigil-sim beside the harness.
  static var sim: String? {
    guard let h = Umockdev.harness else { return nil }
    let p = URL(fileURLWithPath: h).deletingLastPathComponent().appendingPathComponent("vigil-sim").path
    return FileManager.default.isExecutableFile(atPath: p) ? p : nil
  }

  /// Writes `frames` frames of `axes` axes (the shared test signal scaled into ±16 g counts).
  static func recording(_ name: String, frames: Int, axes: Int) throws -> URL {
    let url = folder.appendingPathComponent(name)
    let s = testSignal(frames: frames, axes: axes, seed: 3).map { $0 / 8 }
    try s.withUnsafeBytes { Data($0) }.write(to: url)
    return url
  }

  /// The recording and models, made once: `model(heartbeat:)` = trained at 800 Hz on 3 axes; `slow` = the same
  /// data declared as 400 Hz; `oneAxis` = the X axis alone at 800 Hz.
  struct Fixtures { let recording: URL; let model: URL; let slow: URL; let oneAxis: URL }
  static let fixtures: Result<Fixtures, Error> = Result {
    guard let sim else { throw CocoaError(.fileNoSuchFile) }
    let rec = try recording("machine.i16", frames: 800 * 60, axes: 3)
    let x = try recording("machine-x.i16", frames: 800 * 60, axes: 1)
    func train(_ input: URL, rate: Int, axes: Int, _ name: String) throws -> URL {
      let out = folder.appendingPathComponent(name)
      let (status, _, err) = try TestSupport.run([sim, "train", input.path, "--rate", "\(rate)", "--axes", "\(axes)", "--full-scale", "128",
                                                  "--window", "256", "--train-fraction", "0.5", "--no-check", "-o", out.path])
      guard status == 0 else { throw TrainFailed(message: err) }
      return out
    }
    return Fixtures(recording: rec, model: try train(rec, rate: 800, axes: 3, "m800.vglm"), slow: try train(rec, rate: 400, axes: 3, "m400.vglm"),
                    oneAxis: try train(x, rate: 800, axes: 1, "m800-x.vglm"))
  }
  struct TrainFailed: Error { let message: String }

  /// A copy of `model` that emits a heartbeat every `windows` windows after a warm-up of 8 windows
  /// (Tests/HIL/set-heartbeat; the trained warm-up, 72 windows, is longer than these runs).
  static func withHeartbeat(_ model: URL, _ windows: Int, to out: URL) throws {
    let (status, _, err) = try TestSupport.run([Paths.root.appendingPathComponent("Tests/HIL/set-heartbeat").path, model.path, "\(windows)",
                                                "--warm-up", "8", "-o", out.path])
    #expect(status == 0, "set-heartbeat: \(err)")
  }

  /// A config for the harness's bus and line.
  static func config(_ name: String, model: URL, extra: String = "") throws -> URL {
    let url = folder.appendingPathComponent(name)
    try """
      sensor = adxl345
      i2c_bus = /dev/i2c-1
      odr_hz = 800
      range_g = 16
      interrupt_chip = pinctrl-bcm2711
      interrupt_line = 17
      model = \(model.path)
      \(extra)

      """.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// `vigil-umockdev device RECORDING ... -- VIGIL-ARGS` under umockdev-wrapper, bounded by `timeout`.
  /// (`bound`: under `timeout` for that many seconds; nil: the harness is the process itself, so that a test
  /// can signal it.)
  static func deviceArguments(_ recording: URL, scale: Double = 0.5, own: [String] = [], _ vigil: [String], bound: Int? = 90) -> [String] {
    (bound.map { ["timeout", "-k", "5", "\($0)"] } ?? []) + [Umockdev.wrapper!, Umockdev.harness!, "device", recording.path, "--rate", "800",
     "--axes", "3", "--full-scale", "128", "--sensor", "adxl345@800:16", "--time-scale", "\(scale)"] + own + ["--"] + vigil
  }
}

// Serialized: each test runs an emulated part in real time, and running them side by side is the load that
// makes an emulation fall behind.
@Suite("vigil (the device program) under umockdev: SIGHUP, record failures, allocations, the HIL suite", .serialized,
       .enabled(if: Umockdev.available && DeviceProgram.sim != nil,
                Comment(rawValue: Umockdev.skipMessage + " (also needs vigil-sim beside vigil-umockdev)")))
struct DeviceProgramTests {
  @Test("SIGHUP: a fitting model is reloaded (windows continue); a 400 Hz model and a 1-axis model are refused naming both, the old one keeps running")
  func sighupReload() throws {
    let f = try DeviceProgram.fixtures.get()
    let dir = DeviceProgram.folder.appendingPathComponent("sighup")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    // The running file: first without heartbeats (A), then every window (B: every heartbeat on stdout is B's);
    // the refused models carry a heartbeat every 3 windows, so that one of them running would show.
    let path = dir.appendingPathComponent("model.vglm"), b = dir.appendingPathComponent("b.vglm")
    let slow = dir.appendingPathComponent("slow.vglm"), oneAxis = dir.appendingPathComponent("x.vglm")
    try DeviceProgram.withHeartbeat(f.model, 0, to: path)
    try DeviceProgram.withHeartbeat(f.model, 1, to: b)
    try DeviceProgram.withHeartbeat(f.slow, 3, to: slow)
    try DeviceProgram.withHeartbeat(f.oneAxis, 3, to: oneAxis)
    let conf = try DeviceProgram.config("sighup.conf", model: path)
    let out = dir.appendingPathComponent("out.jsonl"), err = dir.appendingPathComponent("err.txt")
    FileManager.default.createFile(atPath: out.path, contents: nil); FileManager.default.createFile(atPath: err.path, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // env and umockdev-wrapper exec: the process is the harness itself (it blocks HUP for vigil's signalfd).
    // Bounded by a watchdog instead of `timeout`, which would stand between the test and the harness.
    p.arguments = DeviceProgram.deviceArguments(f.recording, ["run", "--config", conf.path, "--seconds", "16"], bound: nil)
    p.standardOutput = try FileHandle(forWritingTo: out); p.standardError = try FileHandle(forWritingTo: err)
    try p.run()
    let pid = p.processIdentifier
    nonisolated(unsafe) let watched = p
    DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if watched.isRunning { kill(pid, SIGKILL) } }
    func swap(_ model: URL) throws {
      let tmp = dir.appendingPathComponent("next.vglm")
      try? FileManager.default.removeItem(at: tmp)
      try FileManager.default.copyItem(at: model, to: tmp)
      _ = rename(tmp.path, path.path)
      #expect(p.isRunning, "the harness ended early")
      kill(pid, SIGHUP)
    }
    Thread.sleep(forTimeInterval: 3); try swap(b)
    Thread.sleep(forTimeInterval: 6); try swap(slow)
    Thread.sleep(forTimeInterval: 1.5); try swap(oneAxis)
    p.waitUntilExit()
    let stderr = try String(contentsOf: err, encoding: .utf8), stdout = try String(contentsOf: out, encoding: .utf8)
    print(stderr)
    #expect(p.terminationStatus == 0, "vigil run exited \(p.terminationStatus)\n\(stderr)")
    #expect(stderr.components(separatedBy: "vigil: model reloaded from \(path.path)").count == 2, "one reload\n\(stderr)")
    #expect(stderr.contains("Error: \(path.path): the model was made for 400 Hz; the sensor runs at 800 Hz"), "\(stderr)")
    #expect(stderr.contains("Error: \(path.path): the model reads 1 axes; the running stream has 3"), "\(stderr)")
    #expect(stderr.components(separatedBy: "model not reloaded; the old model keeps running").count == 3, "two refusals\n\(stderr)")
    // Every heartbeat is B's (A had none, the refused ones would come every 3 windows), and B's window count
    // runs on without a restart across both refusals: consecutive windows to the end of the run.
    let windows = stdout.split(separator: "\n").compactMap { line -> Int? in
      guard line.contains("\"kind\":\"heartbeat\""), let r = line.range(of: "\"window\":") else { return nil }
      return Int(line[r.upperBound...].prefix { $0.isNumber })
    }
    #expect(windows.count >= 8, "B's heartbeats after its warm-up\n\(stdout)")
    #expect(zip(windows, windows.dropFirst()).allSatisfy { $1 == $0 + 1 }, "consecutive windows: \(windows)")
    // The acquisition never stopped: 16 s at 400 Hz (the part at half rate) is about 48 windows of hop 128.
    let total = stderr.split(separator: "\n").first { $0.hasPrefix("vigil: ") && $0.contains(" windows, ") }
      .flatMap { Int($0.dropFirst(7).prefix { $0.isNumber }) } ?? 0
    #expect(total >= 40, "windows over the run: \(total)\n\(stderr)")
  }

  @Test("vigil record: no bus, no line, an uncreatable path or a failed write leave no file, each said on stderr")
  func recordFailures() throws {
    let f = try DeviceProgram.fixtures.get()
    let dir = DeviceProgram.folder.appendingPathComponent("record")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let good = try DeviceProgram.config("record.conf", model: f.model)
    let noLine = try DeviceProgram.config("record-noline.conf", model: f.model).path
    try String(contentsOfFile: noLine, encoding: .utf8).replacingOccurrences(of: "pinctrl-bcm2711", with: "pinctrl-rp1")
      .write(toFile: noLine, atomically: true, encoding: .utf8)
    func files(_ base: String) -> [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(base) }
    }
    func record(_ base: String, _ extra: [String], config: String = good.path, limitBlocks: Int? = nil) throws -> (Int32, String) {
      var args = DeviceProgram.deviceArguments(f.recording, ["record", "--config", config, "--seconds", "4", "-o", dir.appendingPathComponent(base).path] + extra)
      if let limitBlocks {
        // A file size limit: the write fails with EFBIG (SIGXFSZ ignored) part-way through the recording.
        args = ["bash", "-c", "trap '' XFSZ; ulimit -f \(limitBlocks); exec \"$@\"", "bash"] + args
      }
      let (status, _, err) = try TestSupport.run(args)
      return (status, err)
    }
    // No bus: nothing created.
    var (status, err) = try record("nobus.i16", ["--bus", "/dev/i2c-7"])
    #expect(status == 1 && err.contains("cannot open /dev/i2c-7") && files("nobus").isEmpty, "\(err) \(files("nobus"))")
    // No data-ready line (a chip label this board does not have): nothing created.
    (status, err) = try record("noline.i16", [], config: noLine)
    #expect(status == 1 && err.contains("pinctrl-rp1") && files("noline").isEmpty, "\(err) \(files("noline"))")
    // The output folder does not exist: the create fails, named.
    (status, err) = try record("missing/rec.i16", [])
    #expect(status == 1 && err.contains("cannot create \(dir.path)/missing/rec.i16"), "\(err)")
    // A write fails part-way (4 KiB limit, a 4 s recording is ~19 KB): all three files removed, each said.
    (status, err) = try record("full.i16", [], limitBlocks: 4)
    #expect(status == 1 && err.contains("cannot write \(dir.path)/full.i16: File too large"), "\(err)")
    for suffix in ["", ".segments.csv", ".json"] {
      #expect(err.contains("vigil: removed the incomplete \(dir.path)/full.i16\(suffix)"), "\(err)")
    }
    #expect(files("full").isEmpty, "left behind: \(files("full"))")
    // And the same recording without the limit: all three files, the frames the sidecar declares.
    (status, err) = try record("ok.i16", [])
    #expect(status == 0 && Set(files("ok")) == ["ok.i16", "ok.i16.segments.csv", "ok.i16.json"], "\(err) \(files("ok"))")
  }

  @Test("the device loop's steady state: no heap allocation on the device thread between its 2nd event and its last (a heartbeat every window, ≥ 15 windows)")
  func noAllocationsPerWindow() throws {
    let f = try DeviceProgram.fixtures.get()
    let every = DeviceProgram.folder.appendingPathComponent("every.vglm")
    try DeviceProgram.withHeartbeat(f.model, 1, to: every)
    let conf = try DeviceProgram.config("mallocs.conf", model: every)
    // The harness marks the device thread (HostSim/MallocCounter) and reads its allocation count as each event
    // line arrives on standard output: one line per window in steady state.
    let (status, out, err) = try TestSupport.run(DeviceProgram.deviceArguments(f.recording, own: ["--count-mallocs"],
                                                                               ["run", "--config", conf.path, "--seconds", "9"]))
    #expect(status == 0, "\(err)")
    let line = err.split(separator: "\n").first { $0.contains("heap allocations on the device thread") } ?? ""
    print(line)
    let lines = out.split(separator: "\n").filter { $0.contains("\"kind\":\"heartbeat\"") }.count
    #expect(lines >= 15, "windows scored in steady state: \(lines)\n\(err)")
    #expect(line.contains("; 0 between event line 2 and line \(lines)"), "\(line)")
  }

  @Test("Tests/HIL/run --emulated: the HIL suite against the umockdev-emulated bus, every check passes, and it says EMULATED")
  func hilEmulated() throws {
    guard let sim = DeviceProgram.sim else { return }
    var last = ""
    // At half the part's rate first. A loaded machine (2 cores shared with parallel builds) can still make the
    // emulation fall behind (an overrun, or a self-test ODR off by lost frames): then one more try, at a
    // quarter of the rate, which must pass whole.
    for scale in ["0.5", "0.25"] {
      let (status, out, err) = try TestSupport.run(["timeout", "-k", "5", "240", Paths.root.appendingPathComponent("Tests/HIL/run").path,
                                                    "--emulated", "--minutes", "0.2"],
                                                   env: ["VIGIL_SIM": sim, "VIGIL_UMOCKDEV": Umockdev.harness!, "VIGIL_HIL_TIME_SCALE": scale])
      last = out + err
      print(last)
      if status != 0 && scale == "0.5" { continue }
      #expect(status == 0, "Tests/HIL/run exited \(status)\n\(last)")
      #expect(out.contains("7 passed, 0 failed (EMULATED"), "\(out)")
      for check in ["PASS  probe", "PASS  selftest", "PASS  ODR", "PASS  record", "PASS  run", "PASS  parity"] {
        #expect(out.contains(check), "missing: \(check)")
      }
      return
    }
  }
}
