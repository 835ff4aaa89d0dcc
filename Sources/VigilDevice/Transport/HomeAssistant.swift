// Home Assistant MQTT discovery (opt-in: `ha_discovery = yes`): on every connection the device publishes,
// retained, the configs that make the machine appear in Home Assistant with its device info:
//   <ha_discovery_prefix>/binary_sensor/<device_id>/alert/config   problem sensor: ON on raise/escalate,
//                                                                  OFF on clear (state from <prefix>/event)
//   <ha_discovery_prefix>/sensor/<device_id>/score/config          the smoothed anomaly score (from
//                                                                  <prefix>/heartbeat's "score")
// Both are available while <prefix>/status says online (the last will makes them unavailable).

extension Uplink {
  mutating func announceHomeAssistant() {
    var base = TextLine(); base.put(config.homeAssistantPrefix)
    var t = base; t.put("/binary_sensor/"); t.put(deviceID); t.put("/alert/config")
    var p = TextLine("{\"name\":\"Alert\",\"unique_id\":\""); p.put(deviceID); p.put("_alert\",\"device_class\":\"problem\",")
    p.put("\"state_topic\":\""); putTopic(&p, eventTopic)
    p.put("\",\"value_template\":\"{{ 'OFF' if value_json.kind == 'clear' else 'ON' }}\",")
    putCommon(&p)
    publishRetained(Topic(t), p)
    t = base; t.put("/sensor/"); t.put(deviceID); t.put("/score/config")
    p = TextLine("{\"name\":\"Anomaly score\",\"unique_id\":\""); p.put(deviceID); p.put("_score\",\"state_class\":\"measurement\",")
    p.put("\"state_topic\":\""); putTopic(&p, heartbeatTopic)
    p.put("\",\"value_template\":\"{{ value_json.score }}\",")
    putCommon(&p)
    publishRetained(Topic(t), p)
  }

  /// Availability and the device block, then the closing brace.
  private func putCommon(_ p: inout TextLine) {
    p.put("\"availability_topic\":\""); putTopic(&p, statusTopic)
    p.put("\",\"availability_template\":\"{{ value_json.status }}\",\"payload_available\":\"online\",\"payload_not_available\":\"offline\",")
    p.put("\"device\":{\"identifiers\":[\"vigil_"); p.put(deviceID); p.put("\"],\"name\":\""); p.put(deviceID)
    p.put("\",\"manufacturer\":\"Vigil\",\"model\":\"vigil "); p.put(sensorName); p.put(" @ ")
    p.put(milli: UInt64(_truncatingBits: UInt(odrMilliHz))); p.put(" Hz\",\"sw_version\":\""); p.put(vigilVersion); p.put("\"}}")
  }
}

func putTopic(_ l: inout TextLine, _ t: Topic) {
  var i = 0
  while i < t.count { l.put(byte: t.bytes[i]); i &+= 1 }
}
