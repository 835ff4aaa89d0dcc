// The transport's hooks into `vigil run` (Program/Run.swift calls these, one line each): start before the
// acquisition, the MQTT socket in the loop's ppoll set, a turn after every wake-up, every event line
// enqueued before it is written to standard output, and a clean stop.

import VigilCore
import VigilLinux

/// Starts MQTT and the outbox when `mqtt_broker` is set (nothing otherwise). false after an error message.
func transportStart(_ config: DeviceConfig, model: Model) -> Bool {
  guard config.transport.enabled else { return true }
  return uplink.start(config.transport, modelID: model.frontEnd.fingerprint, sensor: config.sensor.configName, odrMilliHz: config.odrMilliHz,
                      now: MonotonicClock.now())
}

/// Puts the MQTT socket (it changes with every reconnection) into `slot` of the loop's poll set.
func transportPrepare(_ poll: inout PollSet, slot: Int) {
  poll.replace(slot, with: uplink.socket)
  poll.setWriteInterest(slot, uplink.wantsWrite)
}

/// The latest time (CLOCK_MONOTONIC ns) the loop must wake for the transport.
func transportDeadline(now: UInt64) -> UInt64 { uplink.deadline(now: now) }

/// One turn after ppoll returned.
func transportService(_ ready: PollSet.Ready, slot: Int, now: UInt64) {
  uplink.service(readable: ready.contains(slot), writable: ready.writable(slot), now: now)
}

/// Puts one event line into the outbox (durable) for publishing.
func transportEnqueue(_ line: UnsafeBufferPointer<UInt8>, heartbeat: Bool) {
  uplink.enqueue(line, heartbeat: heartbeat)
}

/// Sends the offline status and disconnects.
func transportStop() { uplink.stop() }

/// The transport's state for metrics (e.g. a Prometheus textfile): outbox depth, drops, write errors,
/// connection state and the last PUBACK.
struct TransportStatus {
  var enabled: Bool
  var connected: Bool
  var outboxDepth: Int
  var droppedHeartbeats: UInt32
  var droppedAlerts: UInt32
  var outboxWriteErrors: UInt32
  var connectFailures: UInt32
  var acknowledged: UInt32
  /// CLOCK_MONOTONIC ns of the last event the broker acknowledged (0: none yet).
  var lastAcknowledgedAt: UInt64
}

/// The transport's counters now.
func transportStatus() -> TransportStatus {
  TransportStatus(enabled: uplink.state != .off, connected: uplink.state == .connected, outboxDepth: uplink.outbox.count,
                  droppedHeartbeats: uplink.outbox.droppedHeartbeats, droppedAlerts: uplink.outbox.droppedAlerts,
                  outboxWriteErrors: uplink.outbox.writeErrors, connectFailures: uplink.connectFailures,
                  acknowledged: uplink.acknowledged, lastAcknowledgedAt: uplink.lastAcknowledgedAt)
}
