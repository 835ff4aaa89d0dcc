// Reading /etc/vigil/vigil.conf: `key = value` lines, `#` starts a comment, blank lines are ignored.
// Numbers are decimal (up to 3 fraction digits: `6.25`) or hexadecimal (`0x53`). Every mistake is a
// `ConfigFileError` naming the line and the key, never a guess.

/// The keys of the config file, in the order the README documents them.
public enum ConfigKey: UInt8, Sendable {
  case sensor, i2cBus, i2cAddress, odrHz, rangeG, allowFastODR, interruptChip, interruptLine, model,
       acquire, snapshotSeconds, snapshotEverySeconds, drainTimeoutMs
  // Outputs besides standard output (Program/Outputs.swift): Prometheus textfile, alarm line.
  case metricsDir, metricsEverySeconds, alarmChip, alarmLine, alarmActive
  // The transport (Sources/VigilDevice/Transport).
  case deviceID, mqttBroker, mqttUsername, mqttPassword, mqttCAFile, mqttKeepaliveSeconds, mqttTopicPrefix,
       stateDirectory, outboxMaxEvents, haDiscovery, haDiscoveryPrefix

  /// The key as written in the file.
  public var name: StaticString {
    switch self {
    case .sensor: "sensor"
    case .i2cBus: "i2c_bus"
    case .i2cAddress: "i2c_address"
    case .odrHz: "odr_hz"
    case .rangeG: "range_g"
    case .allowFastODR: "allow_fast_odr"
    case .interruptChip: "interrupt_chip"
    case .interruptLine: "interrupt_line"
    case .model: "model"
    case .acquire: "acquire"
    case .snapshotSeconds: "snapshot_seconds"
    case .snapshotEverySeconds: "snapshot_every_seconds"
    case .drainTimeoutMs: "drain_timeout_ms"
    case .metricsDir: "metrics_dir"
    case .metricsEverySeconds: "metrics_every_seconds"
    case .alarmChip: "alarm_chip"
    case .alarmLine: "alarm_line"
    case .alarmActive: "alarm_active"
    case .deviceID: "device_id"
    case .mqttBroker: "mqtt_broker"
    case .mqttUsername: "mqtt_username"
    case .mqttPassword: "mqtt_password"
    case .mqttCAFile: "mqtt_ca_file"
    case .mqttKeepaliveSeconds: "mqtt_keepalive_seconds"
    case .mqttTopicPrefix: "mqtt_topic_prefix"
    case .stateDirectory: "state_directory"
    case .outboxMaxEvents: "outbox_max_events"
    case .haDiscovery: "ha_discovery"
    case .haDiscoveryPrefix: "ha_discovery_prefix"
    }
  }

  /// What a valid value looks like (for the error message).
  public var expected: StaticString {
    switch self {
    case .sensor: "adxl345, mpu6050 or lis3dh"
    case .i2cBus: "a device path such as /dev/i2c-1"
    case .i2cAddress: "a 7-bit address such as 0x53 (0x08...0x77)"
    case .odrHz: "a rate the sensor has, in Hz (ADXL345: 6.25 ... 3200, doubling from 6.25; MPU-6050: 4, 10, 20, 50, 100, 200, 500, 1000)"
    case .rangeG: "2, 4, 8 or 16"
    case .allowFastODR: "yes or no"
    case .interruptChip: "a GPIO chip label or name such as gpiochip0"
    case .interruptLine: "a line offset such as 4 (0...511)"
    case .model: "a model file path such as /var/lib/vigil/model.vglm"
    case .acquire: "continuous or snapshot"
    case .snapshotSeconds: "seconds per snapshot such as 0.1 (0.001...3600)"
    case .snapshotEverySeconds: "seconds between snapshot starts such as 10 (0.001...86400, at least snapshot_seconds)"
    case .drainTimeoutMs: "milliseconds such as 100 (0...60000; 0 = automatic)"
    case .metricsDir: "a directory such as /var/lib/prometheus/node-exporter"
    case .metricsEverySeconds: "seconds between metrics files such as 10 (1...3600)"
    case .alarmChip: "a GPIO chip label or name such as gpiochip0"
    case .alarmLine: "a line offset such as 27 (0...511), or none"
    case .alarmActive: "high or low"
    case .deviceID: "a name such as press-3 (no blanks, '/', '+' or '#')"
    case .mqttBroker: "mqtt://host[:port] or mqtts://host[:port]"
    case .mqttUsername: "a user name"
    case .mqttPassword: "a password"
    case .mqttCAFile: "a CA certificate file such as /etc/ssl/certs/ca-certificates.crt"
    case .mqttKeepaliveSeconds: "seconds such as 60 (5...3600)"
    case .mqttTopicPrefix: "topic levels such as vigil/plant1/press3 (no blanks, '+', '#', leading or trailing '/'; at most 96 bytes)"
    case .stateDirectory: "a folder such as /var/lib/vigil"
    case .outboxMaxEvents: "events such as 128 (1...128)"
    case .haDiscovery: "yes or no"
    case .haDiscoveryPrefix: "a topic prefix such as homeassistant"
    }
  }
}
