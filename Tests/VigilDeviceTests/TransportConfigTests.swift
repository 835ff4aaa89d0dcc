// The transport's config keys (Sources/VigilDevice/Transport/TransportConfig.swift): every key, the broker
// URL forms, and every kind of bad value with its line and key.

import Foundation
import Testing
import VigilDevice

// parse / failure: ConfigParserTests.swift.

@Suite("Device config file: MQTT, outbox, Home Assistant")
struct TransportConfigTests {
  @Test("defaults: no MQTT; every key")
  func everyKey() throws {
    let d = try parse("")
    #expect(!d.transport.enabled && d.transport.stateDirectory.equals("/var/lib/vigil") && d.transport.outboxMaxEvents == 128)
    #expect(!d.transport.homeAssistant && d.transport.homeAssistantPrefix.equals("homeassistant") && d.transport.keepaliveSeconds == 60)
    let c = try parse("""
      device_id = press-3
      mqtt_broker = mqtts://broker.plant.example:8884
      mqtt_username = vigil
      mqtt_password = p#ss   # comment after
      mqtt_ca_file = /etc/ssl/certs/plant-ca.crt
      mqtt_keepalive_seconds = 30
      mqtt_topic_prefix = vigil/plant1/press3
      state_directory = /var/lib/vigil
      outbox_max_events = 64
      ha_discovery = yes
      ha_discovery_prefix = ha
      """)
    let t = c.transport
    #expect(t.enabled && t.tls && t.brokerHost.equals("broker.plant.example") && t.brokerPort == 8884)
    #expect(t.deviceID.equals("press-3") && t.username.equals("vigil") && t.password.equals("p"))   // '#' starts a comment
    #expect(t.caFile.equals("/etc/ssl/certs/plant-ca.crt") && t.keepaliveSeconds == 30 && t.topicPrefix.equals("vigil/plant1/press3"))
    #expect(t.outboxMaxEvents == 64 && t.homeAssistant && t.homeAssistantPrefix.equals("ha"))
  }

  @Test("broker URL forms: default ports, IPv4, [IPv6], trailing slash")
  func brokerURLs() throws {
    let a = try parse("mqtt_broker = mqtt://10.0.0.5").transport
    #expect(a.brokerHost.equals("10.0.0.5") && a.brokerPort == 1883 && !a.tls)
    let b = try parse("mqtt_broker = mqtt://[::1]:1884/").transport
    #expect(b.brokerHost.equals("::1") && b.brokerPort == 1884)
    let c = try parse("mqtt_broker = mqtts://h\nmqtt_ca_file = /ca").transport
    #expect(c.brokerPort == 8883 && c.tls)
  }

  @Test("bad values name the line and the key", arguments: [
    ("mqtt_broker = http://h:1883", 1, "mqtt_broker", ConfigFileError.Reason.badValue),
    ("mqtt_broker = mqtt://", 1, "mqtt_broker", .badValue),
    ("mqtt_broker = mqtt://h:0", 1, "mqtt_broker", .badValue),
    ("mqtt_broker = mqtt://h:65536", 1, "mqtt_broker", .badValue),
    ("mqtt_broker = mqtt://h:18x3", 1, "mqtt_broker", .badValue),
    ("mqtt_broker = mqtt://h/x", 1, "mqtt_broker", .badValue),
    ("mqtt_broker = mqtt://bad host", 1, "mqtt_broker", .badValue),
    ("odr_hz = 800\nmqtt_broker = mqtts://h", 2, "mqtt_broker", .needsCAFile),
    ("device_id = a/b", 1, "device_id", .badValue),
    ("device_id = a+b", 1, "device_id", .badValue),
    ("mqtt_topic_prefix = vigil/+/x", 1, "mqtt_topic_prefix", .badValue),
    ("mqtt_topic_prefix = /vigil", 1, "mqtt_topic_prefix", .badValue),
    ("mqtt_keepalive_seconds = 2", 1, "mqtt_keepalive_seconds", .outOfRange),
    ("mqtt_keepalive_seconds = 3601", 1, "mqtt_keepalive_seconds", .outOfRange),
    ("outbox_max_events = 0", 1, "outbox_max_events", .outOfRange),
    ("outbox_max_events = 129", 1, "outbox_max_events", .outOfRange),
    ("ha_discovery = maybe", 1, "ha_discovery", .badValue),
    ("mqtt_broker = mqtt://a\nmqtt_broker = mqtt://b", 2, "mqtt_broker", .duplicateKey),
  ])
  func bad(_ text: String, _ line: Int, _ key: String, _ reason: ConfigFileError.Reason) {
    let e = failure(text)
    #expect(e?.line == line && e?.reason == reason, "\(text): \(String(describing: e))")
    #expect(e?.key.map { String(describing: $0.name) } == key, "\(text): \(String(describing: e))")
  }
}
