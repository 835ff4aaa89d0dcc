// What the MQTT tests share: a real mosquitto broker (Debian's /usr/sbin/mosquitto, unprivileged, on
// 127.0.0.1 and a free port, persistence in a temporary folder so a restart keeps the subscriber's session),
// a subscriber (mosquitto_sub, QoS 1, persistent session), the model they run (trained on PRONOSTIA
// Bearing1_1 the README's way, with a heartbeat every 4 snapshots so short runs carry several) and the
// device process: `vigil run` inside HostSim/vigil-umockdev against the emulated ADXL345 fed by the end
// of Bearing1_1 (the same harness as DeviceRunTests).
//
// Scaled timing: the device measures one 0.1 s snapshot every 0.25 s (instead of every 10 s: 40× faster
// than the deployed cadence) with the emulated part at half rate (--time-scale 0.5); "30 s" of broker
// outage is 6 s here (24 snapshots, the same share of a run as 30 s is of 20 minutes of 10 s snapshots).

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost

enum MQTTTools {
  static let mosquitto = "/usr/sbin/mosquitto"
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: mosquitto) && CrossTools.which("mosquitto_sub") && Umockdev.available
  }
  static let skipMessage = "mosquitto / mosquitto_sub or umockdev not installed (.ci/run installs mosquitto, mosquitto-clients, umockdev): skipped"
}

/// `args` run with no signal blocked: a process spawned from a test thread inherits its blocked signals
/// (SIGTERM among them), and neither mosquitto nor mosquitto_sub unblocks them, so `terminate()` would not
/// stop them (python3 resets the mask, then execs).
func unblocked(_ args: [String]) -> [String] {
  ["python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); os.execvp(sys.argv[1], sys.argv[1:])"] + args
}

/// A free TCP port on 127.0.0.1 (bound to port 0, then released).
func freePort() -> UInt16 {
  let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(s) }
  var a = sockaddr_in()
  a.sin_family = sa_family_t(AF_INET); a.sin_port = 0; a.sin_addr.s_addr = inet_addr("127.0.0.1")
  var len = socklen_t(MemoryLayout<sockaddr_in>.size)
  _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, len) } }
  _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
  return UInt16(bigEndian: a.sin_port)
}

/// True when something accepts TCP connections on 127.0.0.1:port.
func listening(_ port: UInt16) -> Bool {
  let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(s) }
  var a = sockaddr_in()
  a.sin_family = sa_family_t(AF_INET); a.sin_port = port.bigEndian; a.sin_addr.s_addr = inet_addr("127.0.0.1")
  return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
}

/// A mosquitto broker for one test.
final class Broker {
  let port: UInt16
  let dir: URL
  var process: Process?
  /// CPU seconds (user + system) of the broker processes stopped so far.
  var cpuSeconds = 0.0

  init(dir: URL, passwordFile: URL? = nil) throws {
    port = freePort()
    self.dir = dir
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    // Started as root, mosquitto drops to its own user: it must be able to write its persistence file here.
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir.path)
    var conf = "listener \(port) 127.0.0.1\npersistence true\npersistence_location \(dir.path)/\nmax_queued_messages 100000\n"
    conf += passwordFile.map { "allow_anonymous false\npassword_file \($0.path)\n" } ?? "allow_anonymous true\n"
    try conf.write(to: dir.appendingPathComponent("mosquitto.conf"), atomically: true, encoding: .utf8)
  }

  func start() throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = unblocked([MQTTTools.mosquitto, "-c", dir.appendingPathComponent("mosquitto.conf").path])
    p.standardOutput = FileHandle.nullDevice
    p.standardError = try FileHandle(forWritingTo: touch(dir.appendingPathComponent("broker.log")))
    try p.run()
    process = p
    let deadline = Date().addingTimeInterval(10)
    while !listening(port) && Date() < deadline { usleep(20_000) }
    #expect(listening(port), "mosquitto did not listen on \(port)")
  }

  /// CPU seconds the running broker has used.
  var cpuNow: Double {
    guard let pid = process?.processIdentifier,
          let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let f = stat[stat.index(after: close)...].split(separator: " ")
    guard f.count > 13, let u = Double(f[11]), let s = Double(f[12]) else { return 0 }
    return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  func stop() {
    guard let p = process else { return }
    cpuSeconds += cpuNow
    p.terminate()
    p.waitUntilExit()
    process = nil
  }
  deinit { stop() }
}

func touch(_ url: URL) -> URL { _ = FileManager.default.createFile(atPath: url.path, contents: nil); return url }

/// mosquitto_sub on `vigil/#` and `homeassistant/#`, QoS 1, persistent session: "topic payload" lines in a file.
final class Subscriber {
  let output: URL
  let process = Process()
  init(broker: Broker, dir: URL, id: String = "vigil-test-subscriber") throws {
    output = touch(dir.appendingPathComponent("\(id).txt"))
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = unblocked(["mosquitto_sub", "-h", "127.0.0.1", "-p", "\(broker.port)", "-q", "1", "-c", "-i", id,
                                   "-t", "vigil/#", "-t", "homeassistant/#", "-v"])
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(300_000)                                                  // subscribed before the device starts
  }
  var lines: [(topic: String, payload: String)] {
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { l in
      guard let sp = l.firstIndex(of: " ") else { return nil }
      return (String(l[..<sp]), String(l[sp...].dropFirst()))
    }
  }
  /// Waits until `done` holds for the lines (or `seconds` pass).
  func wait(seconds: Double, until done: ([(topic: String, payload: String)]) -> Bool) {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline && !done(lines) { usleep(100_000) }
  }
  func stop() { if process.isRunning { process.terminate(); process.waitUntilExit() } }
  deinit { stop() }
}

/// An event as the subscriber received it: device, seq, kind, and the core's line without its timestamp,
/// the device's and the outbox's counters (comparable with `vigil-sim replay` and with standard output).
struct Received: Equatable {
  let device: String, seq: Int, kind: String, comparable: String
  let json: [String: Any]
  static func == (a: Received, b: Received) -> Bool { a.device == b.device && a.seq == b.seq && a.comparable == b.comparable }

  init?(_ payload: String) {
    guard let d = payload.data(using: .utf8), let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
          let device = j["device"] as? String, let seq = j["seq"] as? Int, let kind = j["kind"] as? String else { return nil }
    self.device = device; self.seq = seq; self.kind = kind; json = j
    // Back to the core's line: drop `"device":..,"seq":N,` and the heartbeat's outbox fields.
    var s = payload
    if let r = s.range(of: #"^\{"device":"[^"]*","seq":[0-9]+,"#, options: .regularExpression) { s.replaceSubrange(r, with: "{") }
    if let r = s.range(of: #","outbox":[0-9]+.*\}$"#, options: .regularExpression) { s.replaceSubrange(r, with: "}") }
    comparable = DeviceRunTests.comparable(Substring(s))
  }
}

/// The events of the subscriber's lines (topics …/event and …/heartbeat), de-duplicated on (device, seq),
/// in order of first arrival; and how many duplicates were dropped.
func deduplicated(_ lines: [(topic: String, payload: String)]) -> (events: [Received], duplicates: Int) {
  var seen = Set<String>(), out: [Received] = [], dup = 0
  for l in lines where l.topic.hasSuffix("/event") || l.topic.hasSuffix("/heartbeat") {
    guard let r = Received(l.payload) else { continue }
    if seen.insert("\(r.device)#\(r.seq)").inserted { out.append(r) } else { dup += 1 }
  }
  return (out, dup)
}

/// The model and the recording the device tests run (trained once per test process).
struct MQTTFixture: @unchecked Sendable {
  let folder: URL, model: URL, source: SensorSource, trained: Model, bands: Int, segmentCount: Int

  static let shared: MQTTFixture? = try? make()

  static func make() throws -> MQTTFixture {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-mqtt-model-\(getpid())")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    let folder = RealData.folder!.appendingPathComponent("pronostia/Bearing1_1")
    let source = SensorSource(try openRecording(folder.path, options: RecordingOptions()), sensor: try SensorModel.parse("adxl345@800:16"))
    let n = source.segmentCount
    let config = try standardPlan(for: source).config()
    let perSegment = (try source.framesPerSegment() - config.windowLength) / config.hop + 1
    var options = TrainingOptions(); options.epochs = 30
    let trained = try trainModel(source: source, segments: 0..<(n / 5), config: config, options: options,
                                 policy: snapshotPolicy(windowsPerSegment: perSegment))
    var model = trained.model
    model.policy.heartbeatWindows = Int32(4 * perSegment)           // a heartbeat every 4 snapshots
    let url = tmp.appendingPathComponent("adxl345-800.vglm")
    try Data(model.fileBytes()).write(to: url)
    return MQTTFixture(folder: folder, model: url, source: source, trained: model, bands: config.bands.count, segmentCount: n)
  }

  /// The host replay's events (comparable form) of `segments`.
  func replayEvents(_ segments: Range<Int>) throws -> [String] {
    let reference = try replay(source, model: trained, segments: segments)
    var buffer = [UInt8](repeating: 0, count: 1024)
    return reference.events.map { e -> String in
      let k = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: bands, into: $0) } ?? 0
      return DeviceRunTests.comparable(Substring(String(decoding: buffer[0..<max(0, k - 1)], as: UTF8.self)))
    }
  }

  /// The config file of a device publishing to `port`.
  func config(in dir: URL, port: UInt16, device: String, extra: String = "") throws -> URL {
    let state = dir.appendingPathComponent("state-\(device)")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let conf = dir.appendingPathComponent("\(device).conf")
    try (BearingTail.deviceConfig(model: model.path, every: 0.25) + """
      device_id = \(device)
      mqtt_broker = mqtt://127.0.0.1:\(port)
      mqtt_keepalive_seconds = 5
      state_directory = \(state.path)
      \(extra)

      """).write(to: conf, atomically: true, encoding: .utf8)
    return conf
  }

  /// A device process: `vigil run` in vigil-umockdev over `segments`, for at most `seconds`; stdout and
  /// stderr in files. `prefix` runs it under another command (e.g. prlimit).
  func device(_ conf: URL, segments: Range<Int>, seconds: Int, dir: URL, name: String, prefix: [String] = []) throws -> DeviceProcess {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = prefix + ["timeout", "-s", "KILL", "\(seconds + 60)", Umockdev.wrapper!, Umockdev.harness!, "device", folder.path,
                            "--sensor", "adxl345@800:16", "--segments", "\(segments.lowerBound):\(segments.upperBound)",
                            "--every", "0.25", "--time-scale", "0.5", "--", "run", "--config", conf.path, "--seconds", "\(seconds)"]
    let out = touch(dir.appendingPathComponent("\(name).out")), err = touch(dir.appendingPathComponent("\(name).err"))
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    try p.run()
    return DeviceProcess(process: p, out: out, err: err)
  }
}

struct DeviceProcess {
  let process: Process, out: URL, err: URL
  var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
  var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
  var events: [String] { stdout.split(separator: "\n").map { DeviceRunTests.comparable($0) } }
  func wait() -> Int32 { process.waitUntilExit(); return process.terminationStatus }
  /// kill -9 of the device itself (the child of `timeout`, which the process is).
  func kill9() {
    let pid = process.processIdentifier
    let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
    for c in children.split(separator: " ").compactMap({ Int32($0) }) { kill(c, SIGKILL) }
    kill(pid, SIGKILL)
  }
  /// Waits until standard output holds `n` event lines (or `seconds` pass).
  func waitForEvents(_ n: Int, seconds: Double, matching: (String) -> Bool = { _ in true }) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if stdout.split(separator: "\n").filter({ matching(String($0)) }).count >= n { return true }
      if !process.isRunning { return false }
      usleep(100_000)
    }
    return false
  }
}

/// A fresh temporary folder for one test.
func testFolder(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-mqtt-\(name)-\(getpid())")
  try? FileManager.default.removeItem(at: dir)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

/// Removes a test's folder (kept with VIGIL_KEEP_TEST_FILES=1, to read the broker's and the devices' logs).
func cleanup(_ dir: URL) {
  if ProcessInfo.processInfo.environment["VIGIL_KEEP_TEST_FILES"] == nil { try? FileManager.default.removeItem(at: dir) }
}
