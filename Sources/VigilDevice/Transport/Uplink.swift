// MQTT from the device's one ppoll loop: libmosquitto's socket is one more descriptor of the loop (polled for
// writing while libmosquitto has bytes to send), `loop_read` / `loop_write` / `loop_misc` are called when it
// is ready or the loop wakes; no thread. QoS 1 with a persistent session (clean_session = false, client id =
// device id): libmosquitto re-sends in-flight messages after a reconnection; the outbox re-sends what a
// restart lost. A lost or refused connection is retried with exponential backoff (1 s doubling to 60 s); the
// socket changes with every reconnection, so the loop asks for it each time round.
//
// Topics (prefix `mqtt_topic_prefix`, default `vigil/<device_id>`):
//   <prefix>/event      raise, escalate, clear (QoS 1)
//   <prefix>/heartbeat  heartbeats with the device's counters and the outbox's (QoS 1)
//   <prefix>/status     retained: {"status":"online",...model, sensor, ODR} on connect; the last will
//                       {"status":"offline",...} when the device vanishes; "offline" again on a clean stop
// Payload: the core's JSON line (no newline) with `"device":"<id>","seq":<n>,` in front; a heartbeat also
// carries `"outbox":<pending>,"dropped_heartbeats":<n>,"dropped_alerts":<n>,"outbox_errors":<n>`.

import CVigilTransport
import VigilCore

/// Events handed to libmosquitto and not yet acknowledged, at most (below libmosquitto's 20 in flight, so
/// it never queues one internally where a restart would lose it without the outbox knowing).
let uplinkWindow = 16

/// A topic name, NUL-terminated, in fixed storage.
struct Topic {
  var bytes = InlineArray<256, UInt8>(repeating: 0)
  var count = 0
  init() {}
  init(_ line: TextLine) {
    line.withBytes { b in for c in b where count < 255 { bytes[count] = c; count &+= 1 } }
    bytes[count] = 0
  }
  func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
    var copy = bytes
    return withUnsafeMutablePointer(to: &copy) { p in p.withMemoryRebound(to: CChar.self, capacity: 256) { body(UnsafePointer($0)) } }
  }
}

enum UplinkState: UInt8 { case off, connecting, connected, waiting }

struct Uplink {
  var config = TransportConfig()
  var client = vigil_mqtt()
  var outbox = Outbox()
  var state = UplinkState.off
  var deviceID = FixedPath()
  var eventTopic = Topic(), heartbeatTopic = Topic(), statusTopic = Topic()
  var retryAt: UInt64 = 0
  var backoffSeconds: UInt64 = 1
  var seenConnects: UInt32 = 0
  var seenConnack: Int32 = -1
  var inFlight = 0
  /// Connection attempts that failed or were refused, and connections lost (counted, retried).
  var connectFailures: UInt32 = 0
  var connectionsLost: UInt32 = 0
  /// Events acknowledged by the broker since start, and when the last one was (CLOCK_MONOTONIC ns; 0: none).
  var acknowledged: UInt32 = 0
  var lastAcknowledgedAt: UInt64 = 0
  /// status payload parts: model fingerprint, sensor, ODR (mHz).
  var modelID: UInt32 = 0
  var sensorName: StaticString = "adxl345"
  var odrMilliHz: UInt32 = 0
}

nonisolated(unsafe) var uplink = Uplink()
nonisolated(unsafe) var payloadBuffer = InlineArray<1024, UInt8>(repeating: unfoldedZero())

extension Uplink {
  /// Opens the outbox and starts connecting. false after an error message (the device does not start).
  mutating func start(_ c: TransportConfig, modelID: UInt32, sensor: StaticString, odrMilliHz: UInt32, now: UInt64) -> Bool {
    config = c
    self.modelID = modelID; sensorName = sensor; self.odrMilliHz = odrMilliHz
    deviceID = c.deviceID
    if deviceID.isEmpty {
      var name = InlineArray<128, UInt8>(repeating: 0)
      let n = withUnsafeMutablePointer(to: &name) { p in p.withMemoryRebound(to: CChar.self, capacity: 128) { vigil_host_name($0, 128) } }
      deviceID = withUnsafeMutablePointer(to: &name) { p in
        p.withMemoryRebound(to: UInt8.self, capacity: 128) { FixedPath(UnsafeBufferPointer(start: $0, count: Int(max(0, n)))) }
      } ?? FixedPath("vigil")
      if deviceID.isEmpty { deviceID = FixedPath("vigil") }
    }
    var prefix = TextLine()
    if c.topicPrefix.isEmpty { prefix.put("vigil/"); prefix.put(deviceID) } else { prefix.put(c.topicPrefix) }
    var t = prefix; t.put("/event"); eventTopic = Topic(t)
    t = prefix; t.put("/heartbeat"); heartbeatTopic = Topic(t)
    t = prefix; t.put("/status"); statusTopic = Topic(t)
    let r = outbox.open(directory: c.stateDirectory, maxEvents: Int(c.outboxMaxEvents))
    if r < 0 { report(errno: r, doing: "cannot open the outbox in state_directory", c.stateDirectory); return false }
    if outbox.replayed > 0 {
      var l = TextLine("vigil: outbox: "); l.put(decimal: outbox.replayed); l.put(" events not acknowledged before the last stop: publishing them again")
      l.writeLine(to: StandardStream.error)
    }
    // The will: {"status":"offline","device":"<id>"}, retained.
    var will = TextLine("{\"status\":\"offline\",\"device\":\""); will.put(deviceID); will.put("\"}")
    let rc: Int32 = will.withBytes { w in
      statusTopic.withCString { topic in
        deviceID.withCString { id in
          withOptional(c.username) { user in
            withOptional(c.password) { pass in
              withOptional(c.tls ? c.caFile : FixedPath()) { ca in
                vigil_mqtt_open(&client, id, user, pass, ca, topic, w.baseAddress, UInt32(w.count))
              }
            }
          }
        }
      }
    }
    if rc != 0 {
      var l = TextLine("Error: MQTT: ")
      if rc == Int32(VIGIL_MQTT_CA_UNREADABLE) { l.put("mqtt_ca_file "); l.put(c.caFile); l.put(": cannot be read") }
      else { l.put(cString: vigil_mqtt_error_text(rc)) }
      l.writeLine(to: StandardStream.error)
      outbox.close()
      return false
    }
    state = .connecting
    connect(now: now)
    return true
  }

  /// Starts a connection attempt (the first, or a retry after backoff).
  private mutating func connect(now: UInt64) {
    let first = seenConnects == 0 && connectFailures == 0
    let rc = first
      ? config.brokerHost.withCString { vigil_mqtt_connect(&client, $0, Int32(config.brokerPort), Int32(config.keepaliveSeconds)) }
      : vigil_mqtt_reconnect(&client)
    if rc == 0 { state = .connecting; retryAt = now &+ UInt64(_truncatingBits: UInt(config.keepaliveSeconds)) &* 1_000_000_000; return }
    failed(now: now, rc: rc, what: "cannot connect to")
  }

  /// Counts a failed attempt or a lost connection, logs it and schedules the next attempt.
  private mutating func failed(now: UInt64, rc: Int32, what: StaticString) {
    connectFailures &+= 1
    var l = TextLine("vigil: MQTT: "); l.put(what); l.put(" "); l.put(config.brokerHost); l.put(":"); l.put(decimal: UInt32(config.brokerPort))
    l.put(": "); l.put(cString: vigil_mqtt_error_text(rc)); l.put(" (attempt "); l.put(decimal: connectFailures)
    l.put("; retrying in "); l.put(decimal: backoffSeconds); l.put(" s; events wait in the outbox)")
    l.writeLine(to: StandardStream.error)
    state = .waiting
    retryAt = now &+ backoffSeconds &* 1_000_000_000
    backoffSeconds = min(backoffSeconds &* 2, 60)
  }

  /// The socket to poll (−1: none now).
  var socket: Int32 { state == .connecting || state == .connected ? withUnsafePointer(to: client) { vigil_mqtt_socket($0) } : -1 }
  var wantsWrite: Bool { (state == .connecting || state == .connected) && withUnsafePointer(to: client) { vigil_mqtt_want_write($0) } != 0 }

  /// When the loop must call `service` at the latest: a retry, or libmosquitto's keepalive (once a second).
  func deadline(now: UInt64) -> UInt64 {
    switch state {
    case .off: return UInt64.max
    case .waiting: return retryAt
    case .connecting, .connected: return now &+ 1_000_000_000
    }
  }

  /// One turn of the loop: network I/O, (re)connection, PUBACKs, and publishing what the outbox holds.
  mutating func service(readable: Bool, writable: Bool, now: UInt64) {
    switch state {
    case .off: return
    case .waiting:
      if now >= retryAt { connect(now: now) }
      return
    case .connecting, .connected:
      if state == .connecting && now >= retryAt {
        // No CONNACK within a keepalive period (a broker that accepts TCP but never answers): start over.
        failed(now: now, rc: 7, what: "no answer (CONNACK) from")
        return
      }
      var rc: Int32 = 0
      if readable { rc = vigil_mqtt_loop_read(&client) }
      if rc == 0 && (writable || vigil_mqtt_want_write(&client) != 0) { rc = vigil_mqtt_loop_write(&client) }
      if rc == 0 { rc = vigil_mqtt_loop_misc(&client) }
      takeAcks(now: now)
      if client.connack != seenConnack {
        seenConnack = client.connack
        if seenConnack > 0 {
          // Refused (4: bad user name or password, 5: not authorised): a clear message, retried with backoff.
          var l = TextLine("vigil: MQTT: ")
          l.put(config.brokerHost); l.put(" refused the connection: "); l.put(cString: vigil_mqtt_connack_text(seenConnack))
          l.put(" (check mqtt_username / mqtt_password)")
          l.writeLine(to: StandardStream.error)
          seenConnack = -1; client.connack = -1
          failed(now: now, rc: 5, what: "refused by")
          return
        }
      }
      if client.connects != seenConnects {
        seenConnects = client.connects
        state = .connected
        backoffSeconds = 1
        inFlight = 0
        // libmosquitto re-sends what it held in flight; those keep their message ids.
        for k in 0..<outbox.count where outboxEntries[k].mid != 0 { inFlight &+= 1 }
        var l = TextLine("vigil: MQTT: connected to "); l.put(config.brokerHost); l.put(":"); l.put(decimal: UInt32(config.brokerPort))
        l.put(" as "); l.put(deviceID); l.put("; "); l.put(decimal: outbox.count); l.put(" events in the outbox")
        l.writeLine(to: StandardStream.error)
        announce()
      }
      if rc != 0 || (state == .connected && client.connected == 0) {
        if state == .connected { connectionsLost &+= 1 }
        failed(now: now, rc: rc == 0 ? 7 : rc, what: state == .connected ? "lost the connection to" : "cannot connect to")
        return
      }
      if state == .connected { publishPending() }
    }
  }

  private mutating func takeAcks(now: UInt64) {
    while true {
      let mid = vigil_mqtt_take_ack(&client)
      if mid < 0 { break }
      for k in 0..<outbox.count where outboxEntries[k].mid == mid {
        outbox.acknowledge(outboxEntries[k].seq)
        acknowledged &+= 1
        lastAcknowledgedAt = now
        inFlight = max(0, inFlight &- 1)
        break
      }
    }
  }

  /// Hands the oldest events libmosquitto does not hold yet to it, up to `uplinkWindow` in flight.
  mutating func publishPending() {
    var k = 0
    while k < outbox.count && inFlight < uplinkWindow && client.connected != 0 {
      if outboxEntries[k].mid == 0 {
        var mid: Int32 = 0
        let topic = outboxEntries[k].heartbeat ? heartbeatTopic : eventTopic
        let rc = outbox.withPayload(k) { p in
          topic.withCString { t in vigil_mqtt_publish(&client, t, p.baseAddress, UInt32(p.count), 1, 0, &mid) }
        }
        if rc != 0 { break }                         // not connected after all: the next turn reconnects
        outboxEntries[k].mid = mid
        inFlight &+= 1
      }
      k &+= 1
    }
    if vigil_mqtt_want_write(&client) != 0 { _ = vigil_mqtt_loop_write(&client) }
  }

  /// On every connection: the retained status, and Home Assistant's discovery configs if asked.
  private mutating func announce() {
    var s = TextLine("{\"status\":\"online\",\"device\":\""); s.put(deviceID)
    s.put("\",\"model\":\""); putHex32(&s, modelID)
    s.put("\",\"sensor\":\""); s.put(sensorName); s.put("\",\"odr_hz\":"); s.put(milli: UInt64(_truncatingBits: UInt(odrMilliHz)))
    s.put(",\"version\":\""); s.put(vigilVersion); s.put("\"}")
    publishRetained(statusTopic, s)
    if config.homeAssistant { announceHomeAssistant() }
  }

  mutating func publishRetained(_ topic: Topic, _ payload: TextLine) {
    var mid: Int32 = 0
    _ = payload.withBytes { p in topic.withCString { t in vigil_mqtt_publish(&client, t, p.baseAddress, UInt32(p.count), 1, 1, &mid) } }
  }

  /// Enqueues one event line (the core's JSON, '\n'-terminated): seq and device in front, the outbox's
  /// counters in a heartbeat; durable before it returns.
  mutating func enqueue(_ line: UnsafeBufferPointer<UInt8>, heartbeat: Bool) {
    guard state != .off, line.count >= 3 else { return }
    var n = 0
    withUnsafeMutablePointer(to: &payloadBuffer) { p in
      p.withMemoryRebound(to: UInt8.self, capacity: 1024) { q in
        var h = TextLine("{\"device\":\""); h.put(deviceID); h.put("\",\"seq\":"); h.put(decimal: outbox.nextSeq); h.put(",")
        h.withBytes { b in for c in b { q[n] = c; n &+= 1 } }
        var end = line.count
        while end > 0 && (line[end &- 1] == 10 || line[end &- 1] == 125) { end &-= 1 }   // drop "}\n"
        for i in 1..<end where n < 1000 { q[n] = line[i]; n &+= 1 }
        var t = TextLine()
        if heartbeat {
          t.put(",\"outbox\":"); t.put(decimal: outbox.count); t.put(",\"dropped_heartbeats\":"); t.put(decimal: outbox.droppedHeartbeats)
          t.put(",\"dropped_alerts\":"); t.put(decimal: outbox.droppedAlerts); t.put(",\"outbox_errors\":"); t.put(decimal: outbox.writeErrors)
        }
        t.put("}")
        t.withBytes { b in for c in b where n < 1024 { q[n] = c; n &+= 1 } }
        let errorsBefore = outbox.writeErrors
        outbox.add(UnsafeBufferPointer(start: q, count: min(n, outboxSlotBytes)), heartbeat: heartbeat)
        if state == .connected { publishPending() }
        if outbox.writeErrors != errorsBefore && (errorsBefore == 0 || outbox.writeErrors % 100 == 0) {
          var l = TextLine("vigil: outbox: cannot write "); l.put(outbox.path)
          l.put(" (disk full or file-size limit?): the event is kept in memory and still published, not durable; ")
          l.put(decimal: outbox.writeErrors); l.put(" write errors so far (outbox_errors in the heartbeat)")
          l.writeLine(to: StandardStream.error)
        }
      }
    }
  }

  /// A clean stop: retained "offline" status, DISCONNECT, the outbox closed (what is pending stays in it).
  mutating func stop() {
    guard state != .off else { return }
    if state == .connected {
      var s = TextLine("{\"status\":\"offline\",\"device\":\""); s.put(deviceID); s.put("\"}")
      publishRetained(statusTopic, s)
      var turns = 0
      while vigil_mqtt_want_write(&client) != 0 && turns < 100 { if vigil_mqtt_loop_write(&client) != 0 { break }; turns &+= 1 }
    }
    vigil_mqtt_close(&client)
    var l = TextLine("vigil: MQTT: "); l.put(decimal: acknowledged); l.put(" events acknowledged, "); l.put(decimal: outbox.count)
    l.put(" left in the outbox, "); l.put(decimal: outbox.droppedHeartbeats); l.put(" heartbeats and ")
    l.put(decimal: outbox.droppedAlerts); l.put(" alert events dropped (outbox full), "); l.put(decimal: connectFailures)
    l.put(" failed or lost connections, "); l.put(decimal: outbox.writeErrors); l.put(" outbox write errors")
    l.writeLine(to: StandardStream.error)
    outbox.close()
    state = .off
  }
}

/// Calls `body` with `p` as a C string, or NULL when `p` is empty.
func withOptional<R>(_ p: FixedPath, _ body: (UnsafePointer<CChar>?) -> R) -> R {
  p.isEmpty ? body(nil) : p.withCString { body($0) }
}

/// Eight lower-case hex digits.
func putHex32(_ l: inout TextLine, _ v: UInt32) {
  var shift: UInt32 = 28
  while true {
    l.put(hexDigit: UInt8(truncatingIfNeeded: (v &>> shift) & 15))
    if shift == 0 { break }
    shift &-= 4
  }
}
