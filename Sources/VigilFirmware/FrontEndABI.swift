// A C ABI over one statically allocated front end (3 axes × 1024 samples): what a firmware image or a
// C host program links. All state lives in .bss; nothing allocates.

import VigilCore

/// Capacity of the firmware's front end, samples per axis.
public typealias FirmwareFrontEnd = FrontEnd<1024>

nonisolated(unsafe) var frontEnd: FirmwareFrontEnd? = nil
nonisolated(unsafe) var frontEndConfigured = false   // never read `frontEnd` as a value: it copies 18 KB
nonisolated(unsafe) var lastError: ConfigError? = nil

/// Configures the front end: `edges` holds `edgeCount` band edges (FFT bins), `sections` holds
/// `sectionCount` × 5 Q3.29 coefficients (b0 b1 b2 a1 a2) of an optional filter cascade.
/// Returns 0, or 1 + the `ConfigError` raw value (see `vigil_fe_error_message`).
@_cdecl("vigil_fe_init")
public func vigilFrontEndInit(axes: Int32, windowLength: Int32, hop: Int32, dcPoleQ31: Int32,
                              edges: UnsafePointer<UInt16>, edgeCount: Int32,
                              sections: UnsafePointer<Int32>?, sectionCount: Int32) -> Int32 {
  do throws(ConfigError) {
    let layout = try BandLayout(edges: UnsafeBufferPointer(start: edges, count: Int(edgeCount)))
    var filter = BiquadCascade()
    if let sections, sectionCount > 0 {
      var list = InlineArray<8, BiquadSection>(repeating: .identity)
      let n = min(Int(sectionCount), 9)
      if n > 8 { throw .tooManyFilterSections }
      for i in 0..<n {
        let c = sections + 5 * i
        list[i] = BiquadSection(b0: c[0], b1: c[1], b2: c[2], a1: c[3], a2: c[4])
      }
      var span = list.mutableSpan
      filter = try span.withUnsafeMutableBufferPointer { (p) throws(ConfigError) -> BiquadCascade in
        try BiquadCascade(sections: UnsafeBufferPointer(start: p.baseAddress, count: n))
      }
    }
    let config = FrontEndConfig(axes: Int(axes), windowLength: Int(windowLength), hop: Int(hop),
                                bands: layout, dcBlockerPole: dcPoleQ31, filter: filter)
    frontEnd = try FirmwareFrontEnd(config: config)
    frontEndConfigured = true
    lastError = nil
    return 0
  } catch {
    lastError = error
    return 1 + Int32(error.rawValue)
  }
}

/// The message for a code returned by `vigil_fe_init` (a static NUL-terminated string).
@_cdecl("vigil_fe_error_message")
public func vigilFrontEndErrorMessage(code: Int32) -> UnsafePointer<UInt8> {
  let none: StaticString = "ok"
  guard code > 0, let e = ConfigError(rawValue: UInt8(truncatingIfNeeded: code - 1)) else {
    return none.utf8Start
  }
  return e.message.utf8Start
}

nonisolated(unsafe) var featureSink: UnsafeMutablePointer<Int32>? = nil

/// Pushes `count` interleaved Int16 samples. Each completed window's features are written to `out`
/// (which must hold `vigil_fe_feature_count()` values) and the number of completed windows is returned
/// (so with several windows per call, `out` holds the last one's). −1 if not configured.
@_cdecl("vigil_fe_push")
public func vigilFrontEndPush(samples: UnsafePointer<Int16>, count: Int32,
                              out: UnsafeMutablePointer<Int32>) -> Int32 {
  guard frontEndConfigured else { return -1 }
  var windows: Int32 = 0
  featureSink = out
  frontEnd!.push(UnsafeBufferPointer(start: samples, count: Int(count))) { fv in
    windows += 1
    if let sink = featureSink { for i in 0..<fv.count { sink[i] = fv[i] } }
  }
  return windows
}

/// Features per window of the configured front end (0 if not configured).
@_cdecl("vigil_fe_feature_count")
public func vigilFrontEndFeatureCount() -> Int32 {
  guard frontEndConfigured else { return 0 }
  return Int32(frontEnd!.config.featureCount)
}
