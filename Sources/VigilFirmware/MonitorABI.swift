// The C ABI (declared in include/vigil.h) over one statically allocated monitor (front end + detector +
// alert state machine), configured from a model file's bytes. Events come out as JSON lines or binary frames into caller buffers.

import VigilCore

nonisolated(unsafe) var monitor: Monitor<1024>? = nil
nonisolated(unsafe) var monitorConfigured = false

/// Runs `body` on the monitor in place. Never read `monitor` as a value (`monitor!.x`, `if let m =
/// monitor`): that copies all 31.8 KB of it, which on a Pi costs more than scoring the window.
@inline(__always)
func withMonitor<R>(_ body: (inout Monitor<1024>) -> R) -> R? {
  guard monitorConfigured else { return nil }
  return body(&monitor!)
}

/// Loads a model file (bytes) and starts a monitor for it. Returns 0, or a negative code (include/vigil.h,
/// ErrorCodes.swift): the model error, or the configuration error when its front end does not fit 1024.
@_cdecl("vigil_monitor_init")
public func vigilMonitorInit(model bytes: UnsafePointer<UInt8>, count: Int32) -> Int32 {
  do throws(ModelError) {
    let model = try Model.parse(UnsafeBufferPointer(start: bytes, count: Int(count)))
    do throws(ConfigError) { monitor = try Monitor<1024>(model: model) } catch { monitorConfigured = false; return errorCode(error) }
    monitorConfigured = true
    return 0
  } catch {
    return errorCode(error)
  }
}

nonisolated(unsafe) var eventSink: UnsafeMutablePointer<UInt8>? = nil
nonisolated(unsafe) var eventSinkCapacity = 0
nonisolated(unsafe) var eventSinkUsed = 0
nonisolated(unsafe) var scoreSink: UnsafeMutablePointer<Int32>? = nil

/// Pushes `count` interleaved samples with the caller's `timestamp`. Events are appended to `events`
/// (capacity `eventCapacity` bytes) as JSON lines (`binary` = 0) or 58-byte frames (`binary` = 1); each
/// window's score is appended to `scores` if not NULL (room for count / axes values). Returns the number of
/// event bytes written, or −1 if no monitor is running.
@_cdecl("vigil_monitor_push")
public func vigilMonitorPush(samples: UnsafePointer<Int16>, count: Int32, timestamp: UInt64, binary: Int32,
                             events: UnsafeMutablePointer<UInt8>, eventCapacity: Int32,
                             scores: UnsafeMutablePointer<Int32>?) -> Int32 {
  guard monitorConfigured else { return -1 }
  eventSink = events; eventSinkCapacity = Int(eventCapacity); eventSinkUsed = 0
  scoreSink = scores
  var nScores = 0
  _ = withMonitor { m in
    let bands = m.model.frontEnd.bandLikeCount
    m.push(UnsafeBufferPointer(start: samples, count: Int(count)), timestamp: timestamp) { report in
      if let s = scoreSink { s[nScores] = report.score.value; nScores += 1 }
      guard let e = report.event, let sink = eventSink else { return }
      let room = UnsafeMutableBufferPointer(start: sink + eventSinkUsed, count: eventSinkCapacity - eventSinkUsed)
      let n = binary != 0 ? e.encodeFrame(into: room) : e.encodeJSON(bandCount: bands, into: room)
      eventSinkUsed += n ?? 0
    }
  }
  return Int32(eventSinkUsed)
}

/// Starts a new segment (the next snapshot of a snapshot-style recording): no window spans the gap.
@_cdecl("vigil_monitor_start_segment")
public func vigilMonitorStartSegment() {
  _ = withMonitor { $0.startSegment() }
}

/// Windows scored so far (−1 if no monitor is running).
@_cdecl("vigil_monitor_windows")
public func vigilMonitorWindows() -> Int32 {
  withMonitor { Int32(bitPattern: $0.alerts.windows) } ?? -1
}

/// Axes the running model expects (0 if none).
@_cdecl("vigil_monitor_axes")
public func vigilMonitorAxes() -> Int32 { withMonitor { Int32($0.model.frontEnd.axes) } ?? 0 }

/// Input frames a segment must hold for its first window: N × decimation (0 if no monitor is running).
@_cdecl("vigil_monitor_window_frames")
public func vigilMonitorWindowFrames() -> Int32 {
  withMonitor { Int32($0.model.frontEnd.windowLength * $0.model.frontEnd.decimation) } ?? 0
}

/// Input sample rate the running model was made for, in mHz (0: not recorded in the model, or no monitor).
@_cdecl("vigil_monitor_rate_millihz")
public func vigilMonitorRateMilliHz() -> UInt32 { withMonitor { $0.model.frontEnd.sampleRateMilliHz } ?? 0 }
