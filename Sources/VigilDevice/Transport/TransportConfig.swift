// Where events go besides standard output: an MQTT broker (libmosquitto, QoS 1, persistent session) fed from
// a durable outbox in the state directory, and optionally Home Assistant's MQTT discovery. Read from the
// same config file as the rest (`mqtt_broker = mqtt://host:1883` turns it on); see Boards/vigil.conf.

/// The transport's settings (config keys `device_id`, `mqtt_*`, `state_directory`, `outbox_max_events`,
/// `ha_discovery*`).
public struct TransportConfig: Equatable, Sendable {
  /// The device's name: the MQTT client id, the receivers' de-duplication key (with `seq`) and the default
  /// topic prefix's last level. Empty: the host name (read at start).
  public var deviceID = FixedPath()
  /// The broker's host name or address; empty: no MQTT (events go to standard output only).
  public var brokerHost = FixedPath()
  /// The broker's TCP port (1883, or 8883 with TLS, unless the URL names one).
  public var brokerPort: UInt16 = 1883
  /// `mqtts://`: TLS with `caFile`.
  public var tls = false
  public var username = FixedPath()
  public var password = FixedPath()
  /// The CA certificate file that signs the broker's certificate (needed with `mqtts://`).
  public var caFile = FixedPath()
  /// MQTT keepalive, seconds.
  public var keepaliveSeconds: UInt16 = 60
  /// Topics are `<prefix>/event`, `<prefix>/heartbeat`, `<prefix>/status`; empty: `vigil/<device_id>`.
  public var topicPrefix = FixedPath()
  /// Where the outbox file (`outbox`) lives; it must survive reboots (systemd: StateDirectory=vigil).
  public var stateDirectory = FixedPath("/var/lib/vigil")
  /// Events the outbox holds at most (1 ... `Outbox.capacity`); when full, heartbeats go first.
  public var outboxMaxEvents: UInt16 = 128
  /// Publish Home Assistant MQTT discovery configs (retained) on connect.
  public var homeAssistant = false
  public var homeAssistantPrefix = FixedPath("homeassistant")

  public init() {}

  /// True when a broker is configured.
  public var enabled: Bool { !brokerHost.isEmpty }
}

extension TransportConfig {
  /// Applies one transport key's value; throws the reason when the value is bad.
  mutating func set(_ key: ConfigKey, _ value: UnsafeBufferPointer<UInt8>, line: Int) throws(ConfigFileError) {
    func fail(_ r: ConfigFileError.Reason) -> ConfigFileError { ConfigFileError(line: line, key: key, reason: r) }
    func text(_ v: UnsafeBufferPointer<UInt8>, topicSafe: Bool) throws(ConfigFileError) -> FixedPath {
      guard let p = FixedPath(v) else { throw fail(.badValue) }
      if topicSafe {
        // MQTT topic levels: no wildcards; no blanks or control bytes (they would make unreadable topics).
        for c in v where c == 43 || c == 35 || c <= 32 || c == 127 { throw fail(.badValue) }   // + # blank control
      }
      return p
    }
    switch key {
    case .deviceID:
      for c in value where c == 47 { throw fail(.badValue) }                                     // '/'
      deviceID = try text(value, topicSafe: true)
    case .mqttBroker:
      try parseBroker(value, fail(.badValue))
    case .mqttUsername: username = try text(value, topicSafe: false)
    case .mqttPassword: password = try text(value, topicSafe: false)
    case .mqttCAFile: caFile = try text(value, topicSafe: false)
    case .mqttKeepaliveSeconds:
      let v = try number(value, fractionDigits: 0, max: 3600, line: line, key: key)
      guard v >= 5 else { throw fail(.outOfRange) }
      keepaliveSeconds = UInt16(truncatingIfNeeded: v)
    case .mqttTopicPrefix:
      topicPrefix = try text(value, topicSafe: true)
      guard topicPrefix.count <= 96, topicPrefix[0] != 47, topicPrefix[topicPrefix.count &- 1] != 47 else { throw fail(.badValue) }
    case .stateDirectory: stateDirectory = try text(value, topicSafe: false)
    case .outboxMaxEvents:
      let v = try number(value, fractionDigits: 0, max: UInt32(outboxCapacity), line: line, key: key)
      guard v >= 1 else { throw fail(.outOfRange) }
      outboxMaxEvents = UInt16(truncatingIfNeeded: v)
    case .haDiscovery:
      if same(value, "yes") || same(value, "true") || same(value, "1") { homeAssistant = true }
      else if same(value, "no") || same(value, "false") || same(value, "0") { homeAssistant = false }
      else { throw fail(.badValue) }
    case .haDiscoveryPrefix:
      homeAssistantPrefix = try text(value, topicSafe: true)
      guard homeAssistantPrefix.count <= 64 else { throw fail(.badValue) }
    default:
      break
    }
  }

  /// `mqtt://host[:port]` or `mqtts://host[:port]` (host: a name, an IPv4 address or `[IPv6]`).
  private mutating func parseBroker(_ v: UnsafeBufferPointer<UInt8>, _ bad: ConfigFileError) throws(ConfigFileError) {
    var i: Int
    if startsWith(v, "mqtt://") { tls = false; brokerPort = 1883; i = 7 }
    else if startsWith(v, "mqtts://") { tls = true; brokerPort = 8883; i = 8 }
    else { throw bad }
    let hostStart: Int, hostEnd: Int
    if i < v.count && v[i] == 91 {                                             // '[' IPv6 ']'
      var j = i &+ 1
      while j < v.count && v[j] != 93 { j &+= 1 }
      guard j < v.count else { throw bad }
      hostStart = i &+ 1; hostEnd = j; i = j &+ 1
    } else {
      var j = i
      while j < v.count && v[j] != 58 && v[j] != 47 { j &+= 1 }                // ':' '/'
      hostStart = i; hostEnd = j; i = j
    }
    guard hostEnd > hostStart else { throw bad }
    for k in hostStart..<hostEnd {
      let c = v[k]
      let ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95 || c == 58
      guard ok else { throw bad }
    }
    if i < v.count && v[i] == 58 {                                             // :port
      var port: UInt32 = 0, digits = 0
      i &+= 1
      while i < v.count && v[i] >= 48 && v[i] <= 57 {
        port = port &* 10 &+ UInt32(v[i] &- 48); digits &+= 1; i &+= 1
        guard port <= 65535 else { throw bad }
      }
      guard digits > 0, port >= 1 else { throw bad }
      brokerPort = UInt16(truncatingIfNeeded: port)
    }
    if i < v.count && v[i] == 47 { i &+= 1 }                                   // one trailing '/'
    guard i == v.count else { throw bad }
    guard let h = FixedPath(UnsafeBufferPointer(rebasing: v[hostStart..<hostEnd])) else { throw bad }
    brokerHost = h
  }
}

/// True when `bytes` start with `s`.
func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
  guard bytes.count >= s.utf8CodeUnitCount else { return false }
  let p = s.utf8Start
  for i in 0..<s.utf8CodeUnitCount where bytes[i] != p[i] { return false }
  return true
}
