// `vigil run` publishing over MQTT to a real mosquitto broker (see MQTTSupport.swift for the broker, the
// subscriber, the model, the device process and the scaled timing): the subscriber receives exactly the
// events `vigil-sim replay` prints; a broker outage, a `kill -9` of the device and a full outbox lose
// nothing but what the documented drop order drops (and the heartbeat counts it); bad settings give a clear
// error or a counted, retried condition. The fleet test is MQTTFleetTests.swift.

import Foundation
import Testing
import TestSupport

@Suite("vigil run over MQTT (real mosquitto broker)", .serialized,
       .enabled(if: MQTTTools.available, Comment(rawValue: MQTTTools.skipMessage)),
       .enabled(if: RealData.available, Comment(rawValue: RealData.skipMessage)))
struct MQTTTests {
  /// The tail of Bearing1_1 the runs use: the shortest of these whose replay raises an alert.
  static func tail(_ f: MQTTFixture) throws -> (segments: Range<Int>, expected: [String]) {
    for k in [60, 100, 160] {
      let segments = (f.segmentCount - k)..<f.segmentCount
      let expected = try f.replayEvents(segments)
      if expected.contains(where: { $0.contains("\"kind\":\"raise\"") }) { return (segments, expected) }
    }
    let segments = (f.segmentCount - 200)..<f.segmentCount
    return (segments, try f.replayEvents(segments))
  }

  /// A device run on the tail of Bearing1_1 (`tail`) publishing to a started broker with a subscriber on it:
  /// the run's folder (the caller removes it with `cleanup`), the broker, the subscriber and the device,
  /// which runs for the tail's scaled duration plus `slack` seconds.
  struct LiveRun {
    let dir: URL, broker: Broker, sub: Subscriber, device: DeviceProcess
    let segments: Range<Int>, expected: [String], seconds: Int
  }

  /// How long the device runs on `segments`: their scaled duration (a quarter second each, plus 25 %) plus
  /// `slack` seconds.
  static func runSeconds(_ segments: Range<Int>, slack: Int) -> Int { Int(Double(segments.count) * 0.25 * 1.25) + slack }

  static func liveRun(_ f: MQTTFixture, folder: String, device: String, extra: String = "", slack: Int) throws -> LiveRun {
    let (segments, expected) = try tail(f)
    let dir = try testFolder(folder)
    do {
      let broker = try Broker(dir: dir.appendingPathComponent("broker"))
      try broker.start()
      let sub = try Subscriber(broker: broker, dir: dir)
      let conf = try f.config(in: dir, port: broker.port, device: device, extra: extra)
      let seconds = runSeconds(segments, slack: slack)
      let d = try f.device(conf, segments: segments, seconds: seconds, dir: dir, name: "device")
      return LiveRun(dir: dir, broker: broker, sub: sub, device: d, segments: segments, expected: expected, seconds: seconds)
    } catch { cleanup(dir); throw error }
  }

  @Test("the subscriber receives exactly the replay's events (after de-dup by seq), heartbeats, status and HA discovery")
  func publishesReplayEvents() throws {
    let f = try #require(MQTTFixture.shared, "the model could not be trained")
    let run = try Self.liveRun(f, folder: "replay", device: "press-1", extra: "ha_discovery = yes\nmqtt_topic_prefix = vigil/plant1/press-1", slack: 5)
    defer { cleanup(run.dir) }
    let (segments, expected, sub, d) = (run.segments, run.expected, run.sub, run.device)
    let status = d.wait()
    #expect(status == 0, "vigil run exited \(status)\n\(d.stderr)")
    let printed = d.events
    sub.wait(seconds: 10) { deduplicated($0).events.count >= printed.count }
    sub.stop()
    let lines = sub.lines
    let (events, duplicates) = deduplicated(lines)
    print("MQTT: \(events.count) events received (\(duplicates) duplicates dropped), \(printed.count) printed, \(expected.count) in the replay; \(segments.count) snapshots")
    if d.stderr.contains(" 0 overruns") {
      #expect(printed == expected, "standard output differs from the replay")
    }
    #expect(events.map(\.comparable) == printed, "published events differ from standard output:\n\(events.map(\.comparable))\nvs\n\(printed)")
    #expect(events.map(\.seq) == Array(1...max(1, events.count)), "seq must count 1, 2, 3...: \(events.map(\.seq))")
    #expect(events.allSatisfy { $0.device == "press-1" })
    #expect(events.contains { $0.kind == "raise" }, "the end of Bearing1_1 must raise an alert")
    #expect(events.filter { $0.kind == "heartbeat" }.count >= 2, "heartbeats")
    #expect(lines.contains { $0.topic == "vigil/plant1/press-1/event" } && lines.contains { $0.topic == "vigil/plant1/press-1/heartbeat" })
    for hb in events where hb.kind == "heartbeat" {
      #expect(hb.json["dropped_heartbeats"] as? Int == 0 && hb.json["dropped_alerts"] as? Int == 0 && hb.json["outbox"] != nil)
    }
    // Retained status: online with the model's id, sensor and ODR, then offline on the clean stop.
    let status_ = lines.filter { $0.topic == "vigil/plant1/press-1/status" }.map(\.payload)
    #expect(status_.first?.contains("\"status\":\"online\"") == true && status_.first?.contains("\"sensor\":\"adxl345\",\"odr_hz\":800") == true, "\(status_)")
    #expect(status_.last?.contains("\"status\":\"offline\"") == true, "\(status_)")
    // Home Assistant discovery: a binary_sensor and a sensor with the device's info, valid JSON.
    for (topic, field) in [("homeassistant/binary_sensor/press-1/alert/config", "device_class"),
                           ("homeassistant/sensor/press-1/score/config", "state_class")] {
      let payload = lines.first { $0.topic == topic }?.payload ?? ""
      let j = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
      #expect(j?[field] != nil && (j?["device"] as? [String: Any])?["identifiers"] != nil, "\(topic): \(payload)")
      #expect((j?["state_topic"] as? String)?.hasPrefix("vigil/plant1/press-1/") == true, "\(payload)")
    }
  }

  @Test("broker stopped after the first alert and restarted 6 s later (30 s scaled): every event arrives, in order")
  func brokerDown() throws {
    let f = try #require(MQTTFixture.shared, "the model could not be trained")
    let run = try Self.liveRun(f, folder: "down", device: "press-2", slack: 12)
    defer { cleanup(run.dir) }
    let (broker, sub, d) = (run.broker, run.sub, run.device)
    let raised = d.waitForEvents(1, seconds: Double(run.seconds)) { $0.contains("\"kind\":\"raise\"") }
    #expect(raised, "no raise before the end\n\(d.stderr)")
    broker.stop()
    let before = d.events.count
    sleep(6)
    let during = d.events.count - before
    try broker.start()
    let status = d.wait()
    #expect(status == 0, "vigil run exited \(status)\n\(d.stderr)")
    let printed = d.events
    sub.wait(seconds: 20) { deduplicated($0).events.count >= printed.count }
    sub.stop()
    let (events, duplicates) = deduplicated(sub.lines)
    print("broker down 6 s: \(during) events emitted while it was down, \(events.count) received (\(duplicates) duplicates), \(printed.count) printed")
    #expect(during >= 1, "the outage must cover some events")
    #expect(d.stderr.contains("lost the connection") && d.stderr.contains("retrying"), "\(d.stderr)")
    #expect(events.map(\.comparable) == printed, "received:\n\(events.map(\.comparable))\nprinted:\n\(printed)")
    #expect(events.map(\.seq) == Array(1...max(1, events.count)), "in order: \(events.map(\.seq))")
  }

  @Test("kill -9 with the broker down, restart with it up: the outbox replays, nothing is lost, seq goes on")
  func killAndRestart() throws {
    let f = try #require(MQTTFixture.shared, "the model could not be trained")
    let dir = try testFolder("kill")
    defer { cleanup(dir) }
    let broker = try Broker(dir: dir.appendingPathComponent("broker"))
    let conf = try f.config(in: dir, port: broker.port, device: "press-3")
    let n = f.segmentCount
    // Run 1: no broker; killed after 4 events.
    let d1 = try f.device(conf, segments: (n - 60)..<n, seconds: 60, dir: dir, name: "run1")
    #expect(d1.waitForEvents(4, seconds: 60), "run 1 printed no events\n\(d1.stderr)")
    d1.kill9()
    _ = d1.wait()
    let printed1 = d1.events
    // Run 2: broker and subscriber up; a short run.
    try broker.start()
    let sub = try Subscriber(broker: broker, dir: dir)
    let d2 = try f.device(conf, segments: (n - 8)..<n, seconds: 3, dir: dir, name: "run2")
    #expect(d2.wait() == 0, "\(d2.stderr)")
    #expect(d2.stderr.contains("events not acknowledged before the last stop"), "\(d2.stderr)")
    sub.wait(seconds: 10) { deduplicated($0).events.count >= printed1.count + d2.events.count }
    sub.stop()
    let (events, _) = deduplicated(sub.lines)
    let firstRun = events.filter { $0.seq <= printed1.count }
    print("kill -9: run 1 printed \(printed1.count) events before the kill; \(events.count) received after the restart")
    #expect(Array(firstRun.map(\.comparable).prefix(printed1.count)) == printed1, "run 1's events:\n\(firstRun.map(\.comparable))\nvs\n\(printed1)")
    let seqs = events.map(\.seq)
    #expect(seqs == Array(1...max(1, seqs.count)), "no seq reused or skipped across the restart: \(seqs)")
  }

  @Test("outbox full (3 events) with the broker down: heartbeats dropped first, the drop count published")
  func outboxFull() throws {
    let f = try #require(MQTTFixture.shared, "the model could not be trained")
    let (segments, _) = try Self.tail(f)
    let dir = try testFolder("full")
    defer { cleanup(dir) }
    let broker = try Broker(dir: dir.appendingPathComponent("broker"))
    let conf = try f.config(in: dir, port: broker.port, device: "press-4", extra: "outbox_max_events = 3")
    let d1 = try f.device(conf, segments: segments, seconds: Self.runSeconds(segments, slack: 5), dir: dir, name: "run1")
    #expect(d1.wait() == 0, "\(d1.stderr)")
    let printed = d1.stdout.split(separator: "\n").map(String.init)
    // The documented drop order, applied to what run 1 printed: the oldest heartbeat, else the oldest event.
    var kept: [(seq: Int, line: String)] = [], droppedHB = 0, droppedAlerts = 0
    var countsAt: [Int: (Int, Int)] = [:]
    for (i, line) in printed.enumerated() {
      countsAt[i + 1] = (droppedHB, droppedAlerts)                 // a heartbeat reports the drops before it
      if kept.count == 3 {
        if let k = kept.firstIndex(where: { $0.line.contains("\"kind\":\"heartbeat\"") }) { kept.remove(at: k); droppedHB += 1 }
        else { kept.removeFirst(); droppedAlerts += 1 }
      }
      kept.append((i + 1, line))
    }
    #expect(printed.count > 3 && droppedHB > 0, "the run must overflow the outbox with heartbeats: \(printed.count) events")
    try broker.start()
    let sub = try Subscriber(broker: broker, dir: dir)
    let d2 = try f.device(conf, segments: (f.segmentCount - 4)..<f.segmentCount, seconds: 2, dir: dir, name: "run2")
    #expect(d2.wait() == 0, "\(d2.stderr)")
    sub.wait(seconds: 10) { lines in deduplicated(lines).events.filter { $0.seq <= printed.count }.count >= 3 }
    sub.stop()
    let got = deduplicated(sub.lines).events.filter { $0.seq <= printed.count }
    print("outbox full: run 1 printed \(printed.count) events; kept \(kept.map(\.seq)), dropped \(droppedHB) heartbeats and \(droppedAlerts) alert events; received \(got.map(\.seq))")
    #expect(got.map(\.seq) == kept.map(\.seq), "kept by the drop order: \(kept.map(\.seq)), received \(got.map(\.seq))")
    #expect(got.map(\.comparable) == kept.map { DeviceRunTests.comparable(Substring($0.line)) })
    for hb in got where hb.kind == "heartbeat" {
      let (h, a) = countsAt[hb.seq] ?? (-1, -1)
      #expect(hb.json["dropped_heartbeats"] as? Int == h && hb.json["dropped_alerts"] as? Int == a, "heartbeat \(hb.seq): \(hb.json)")
    }
  }

  @Test("bad broker URL, refused credentials, unreadable CA file, full disk: clear error or counted retry, no crash")
  func badSettings() throws {
    let f = try #require(MQTTFixture.shared, "the model could not be trained")
    let dir = try testFolder("bad")
    defer { cleanup(dir) }
    let n = f.segmentCount
    // Bad URL: the config error names file, line and key (host build of `vigil`, before any device is opened).
    let vigil = URL(fileURLWithPath: Umockdev.harness!).deletingLastPathComponent().appendingPathComponent("vigil").path
    let badURL = dir.appendingPathComponent("bad-url.conf")
    try "odr_hz = 800\nmqtt_broker = http://broker:1883\n".write(to: badURL, atomically: true, encoding: .utf8)
    let (s1, _, e1) = try run([vigil, "run", "--config", badURL.path])
    #expect(s1 == 1 && e1.contains("\(badURL.path):2: mqtt_broker: bad value (expected mqtt://host[:port] or mqtts://host[:port])"), "\(s1) \(e1)")
    // Unreadable CA file: a clear error, exit 1.
    let broker = try Broker(dir: dir.appendingPathComponent("broker"), passwordFile: try passwordFile(dir))
    let ca = try f.config(in: dir, port: broker.port, device: "ca", extra: "mqtt_ca_file = /nonexistent/ca.crt")
    try String(contentsOf: ca, encoding: .utf8).replacingOccurrences(of: "mqtt://", with: "mqtts://").write(to: ca, atomically: true, encoding: .utf8)
    let dca = try f.device(ca, segments: (n - 4)..<n, seconds: 2, dir: dir, name: "ca")
    let sca = dca.wait()
    #expect(sca == 1 && dca.stderr.contains("Error: MQTT: mqtt_ca_file /nonexistent/ca.crt: cannot be read"), "\(sca) \(dca.stderr)")
    // Refused credentials: a clear message, retried with backoff, the run goes on and ends cleanly.
    try broker.start()
    let creds = try f.config(in: dir, port: broker.port, device: "creds", extra: "mqtt_username = vigil\nmqtt_password = wrong")
    let dcr = try f.device(creds, segments: (n - 12)..<n, seconds: 4, dir: dir, name: "creds")
    let scr = dcr.wait()
    #expect(scr == 0 && dcr.stderr.contains("refused the connection: Connection Refused: not authorised") && dcr.stderr.contains("retrying in"), "\(scr) \(dcr.stderr)")
    // Right credentials: accepted.
    let good = try f.config(in: dir, port: broker.port, device: "good", extra: "mqtt_username = vigil\nmqtt_password = s3cret")
    let dg = try f.device(good, segments: (n - 4)..<n, seconds: 2, dir: dir, name: "good")
    #expect(dg.wait() == 0 && dg.stderr.contains("MQTT: connected to 127.0.0.1"), "\(dg.stderr)")
    // Unresolvable broker host: counted, retried, the run ends cleanly.
    let dns = try f.config(in: dir, port: broker.port, device: "dns")
    try String(contentsOf: dns, encoding: .utf8).replacingOccurrences(of: "mqtt://127.0.0.1", with: "mqtt://no-such-broker.invalid").write(to: dns, atomically: true, encoding: .utf8)
    let dd = try f.device(dns, segments: (n - 4)..<n, seconds: 3, dir: dir, name: "dns")
    #expect(dd.wait() == 0 && dd.stderr.contains("cannot connect to no-such-broker.invalid") && dd.stderr.contains("retrying"), "\(dd.stderr)")
    // Full disk for the outbox: a 4 KiB file-size limit (RLIMIT_FSIZE, through prlimit) → appends fail with
    // EFBIG, counted (outbox_errors in the heartbeat), events still published; no crash (SIGXFSZ ignored).
    broker.stop()
    let open = try Broker(dir: dir.appendingPathComponent("broker-open"))
    try open.start()
    let sub = try Subscriber(broker: open, dir: dir)
    let disk = try f.config(in: dir, port: open.port, device: "disk")
    let dk = try f.device(disk, segments: (n - 60)..<n, seconds: 16, dir: dir, name: "disk", prefix: ["bash", "-c", "set -o pipefail; prlimit --fsize=4096 \"$@\" | cat", "bash"])   // stdout through a pipe: not limited
    let sk = dk.wait()
    sub.wait(seconds: 5) { deduplicated($0).events.count >= dk.events.count }
    sub.stop()
    let (events, _) = deduplicated(sub.lines)
    let errors = events.compactMap { $0.json["outbox_errors"] as? Int }.max() ?? 0
    print("full disk: \(dk.events.count) events printed, \(events.count) published, outbox_errors up to \(errors)")
    #expect(sk == 0 && dk.stderr.contains("outbox: cannot write"), "\(sk) \(dk.stderr)")
    #expect(errors > 0 && events.map(\.comparable) == dk.events, "events must still be published")
  }

  /// A mosquitto password file with user vigil / s3cret (mosquitto_passwd).
  func passwordFile(_ dir: URL) throws -> URL {
    let file = dir.appendingPathComponent("passwd")
    let (s, o, e) = try run(["mosquitto_passwd", "-c", "-b", file.path, "vigil", "s3cret"])
    #expect(s == 0, "\(o) \(e)")
    return file
  }
}
