// The model file: versioned binary, little-endian, parsed into fixed-capacity storage.
//
// Layout (version 2; version 1 is read too: its policy has 8 fields, the anti-flapping ones are 0; version 3
// is version 2 with opt-in front-end features, written only when the front end uses them, so a build that
// reads only versions 1 and 2 refuses such a model as "version not supported" rather than running it
// without the features it was trained on):
//   0  "VGLM"                     magic
//   4  u16 version = 2, u16 flags = 0
//   8  u32 total length in bytes (including the final CRC)
//  12  u32 front-end fingerprint = CRC-32 of the front-end section below
//  16  front-end section:
//        u8 axes, u8 log2 N, u16 hop, i32 DC pole (Q31), u8 decimation, u8 filter sections,
//        u8 anti-alias sections, u8 bands, u32 sample rate (mHz, 0 = unknown), then 5 × i32 (Q3.29: b0 b1 b2 a1 a2) per filter section and per
//        anti-alias section, then (bands + 1) × u16 band edges (FFT bins)
//        version 3 only: u8 features (FeatureSet bits: 1 relative, 2 envelope; a bit this build does not
//        know is refused: ModelError.unsupportedFeatures), and with the envelope: u16 carrier band's
//        first bin, u8 log2 carrier width W, u8 envelope bands, (envelope bands + 1) × u16 edges (bins
//        of the 2W-point envelope spectrum; Envelope.swift)
//      detector section:
//        u8 detector (0 autoencoder, 1 RMS, 2 kurtosis), u8 layers, u16 features,
//        i32 threshold (detector units), 12 × i32 alert policy (AlertPolicy field order: warm-up, EWMA,
//        raise, clear, critical, k, n, heartbeat, raise hold, clear hold, escalate after, 0 reserved),
//        u32 calibration quantile (parts per million), i32 calibration margin (Q16.16)   [informational]
//        autoencoder only: features × (i32 mean, i32 multiplier, u8 shift), then per layer:
//          u16 inputs, u16 outputs, u8 relu, outputs × inputs i8 weights,
//          outputs × (i32 bias, i32 multiplier, u8 shift)
//   end − 4  u32 CRC-32 of every byte before it
// A loader rejects, each with its own error: wrong magic, another version, a length that disagrees with the
// data, a bad CRC, a front-end section the front end rejects, a fingerprint that does not match (the file's
// own, or the device's front end), sizes over capacity, and anything malformed.

/// Everything a model file holds: the front end it was trained for, the detector, threshold and policy.
public struct Model: Sendable {
  public static let magic: UInt32 = 0x4D4C_4756   // "VGLM" little-endian
  public static let version: UInt16 = 2
  /// The version written for a front end with opt-in features (`FrontEndConfig.features` not empty).
  public static let featuresVersion: UInt16 = 3
  /// Alert-policy fields (i32) in a version-2 file (version 1: the first 8).
  public static let policyFields = 12

  public var frontEnd: FrontEndConfig
  public var detector: DetectorKind
  public var threshold: Int32
  public var policy: AlertPolicy
  public var calibrationQuantilePPM: UInt32
  public var calibrationMarginQ16: Int32
  public var autoencoder: Autoencoder

  public init(frontEnd: FrontEndConfig, detector: DetectorKind, threshold: Int32, policy: AlertPolicy,
              calibrationQuantilePPM: UInt32 = 0, calibrationMarginQ16: Int32 = 0, autoencoder: Autoencoder) {
    self.frontEnd = frontEnd; self.detector = detector; self.threshold = threshold; self.policy = policy
    self.calibrationQuantilePPM = calibrationQuantilePPM; self.calibrationMarginQ16 = calibrationMarginQ16
    self.autoencoder = autoencoder
  }

  /// Parses a model file. With `expectedFingerprint`, also rejects a model made for another front end.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, expectedFingerprint: UInt32? = nil) throws(ModelError) -> Model {
    if bytes.count < 20 { throw .truncated }
    var r = ByteReader(bytes)
    guard let magic = r.u32(), magic == Self.magic else { throw .badMagic }
    guard let version = r.u16(), version >= 1 && version <= Self.featuresVersion else { throw .unsupportedVersion }
    _ = r.u16()
    guard let length = r.u32() else { throw .truncated }
    if Int(length) > bytes.count { throw .truncated }
    if Int(length) != bytes.count || length < 20 { throw .lengthMismatch }
    let body = UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count &- 4)])
    var tail = ByteReader(bytes, offset: bytes.count &- 4)
    if crc32(body) != tail.u32() { throw .crcMismatch }
    r = ByteReader(body, offset: 12)
    guard let fingerprint = r.u32() else { throw .truncated }
    let feStart = r.offset
    let frontEnd = try FrontEndConfig.parse(&r, withFeatures: version == Self.featuresVersion)
    if crc32(UnsafeBufferPointer(rebasing: body[feStart..<r.offset])) != fingerprint { throw .fingerprintMismatch }
    if let expectedFingerprint, expectedFingerprint != fingerprint { throw .fingerprintMismatch }

    guard let kindRaw = r.u8(), let detector = DetectorKind(rawValue: kindRaw),
          let layerCount = r.u8(), let featureCount = r.u16(), let threshold = r.i32() else { throw .malformed }
    var p = InlineArray<12, Int32>(repeating: 0)
    for i in 0..<(version == 1 ? 8 : Self.policyFields) { guard let v = r.i32() else { throw .malformed }; p[i] = v }
    let policy = AlertPolicy(warmUpWindows: p[0], smoothingQ15: p[1], raiseRatioQ16: p[2], clearRatioQ16: p[3],
                             criticalRatioQ16: p[4], debounceK: p[5], debounceN: p[6], heartbeatWindows: p[7],
                             raiseHoldWindows: p[8], clearHoldWindows: p[9], escalateAfterWindows: p[10])
    if !policy.isValid || p[11] != 0 { throw .malformed }
    guard let quantile = r.u32(), let margin = r.i32() else { throw .malformed }
    if Int(featureCount) != frontEnd.featureCount { throw .malformed }

    var ae = Autoencoder()
    if detector == .autoencoder {
      if Int(layerCount) > Autoencoder.maxLayers { throw .overCapacity }
      ae = try Autoencoder(featureCount: Int(featureCount))
      for i in 0..<Int(featureCount) {
        guard let mean = r.i32(), let mult = r.i32(), let shift = r.u8() else { throw .malformed }
        try ae.setNormalisation(i, mean: mean, multiplier: mult, shift: Int(shift))
      }
      var w = InlineArray<16384, Int8>(repeating: 0)   // one layer's weights (128 × 128)
      var b = InlineArray<128, Int32>(repeating: 0), m = InlineArray<128, Int32>(repeating: 0)
      var s = InlineArray<128, UInt8>(repeating: 0)
      for _ in 0..<Int(layerCount) {
        guard let inputs = r.u16(), let outputs = r.u16(), let relu = r.u8() else { throw .malformed }
        let ni = Int(inputs), no = Int(outputs)
        if ni > Autoencoder.maxWidth || no > Autoencoder.maxWidth { throw .overCapacity }
        if relu > 1 { throw .malformed }
        for i in 0..<(ni &* no) { guard let v = r.i8() else { throw .malformed }; w[i] = v }
        for o in 0..<no {
          guard let bias = r.i32(), let mult = r.i32(), let shift = r.u8() else { throw .malformed }
          b[o] = bias; m[o] = mult; s[o] = shift
        }
        var ws = w.mutableSpan, bs = b.mutableSpan, ms = m.mutableSpan, ss = s.mutableSpan
        try ws.withUnsafeMutableBufferPointer { (wp) throws(ModelError) in
          try bs.withUnsafeMutableBufferPointer { (bp) throws(ModelError) in
            try ms.withUnsafeMutableBufferPointer { (mp) throws(ModelError) in
              try ss.withUnsafeMutableBufferPointer { (sp) throws(ModelError) in
                try ae.appendLayer(inputs: ni, outputs: no, relu: relu == 1,
                                   weights: UnsafeBufferPointer(rebasing: wp[0..<(ni &* no)]),
                                   biases: UnsafeBufferPointer(rebasing: bp[0..<no]),
                                   multipliers: UnsafeBufferPointer(rebasing: mp[0..<no]),
                                   shifts: UnsafeBufferPointer(rebasing: sp[0..<no]))
              }
            }
          }
        }
      }
      if !ae.isComplete { throw .malformed }
    } else if layerCount != 0 {
      throw .malformed
    }
    if r.remaining != 0 { throw .malformed }
    return Model(frontEnd: frontEnd, detector: detector, threshold: threshold, policy: policy,
                 calibrationQuantilePPM: quantile, calibrationMarginQ16: margin, autoencoder: ae)
  }

  /// Writes the model file into `out`; returns the byte count, or nil if `out` is too small.
  public func serialize(into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
    var w = ByteWriter(out)
    w.u32(Self.magic); w.u16(frontEnd.features.isEmpty ? Self.version : Self.featuresVersion); w.u16(0)
    w.u32(0)                                   // length, patched below
    w.u32(0)                                   // fingerprint, patched below
    let feStart = w.count
    frontEnd.serialize(into: &w)
    let feEnd = w.count
    w.u8(detector.rawValue)
    w.u8(UInt8(truncatingIfNeeded: detector == .autoencoder ? autoencoder.layerCount : 0))
    w.u16(UInt16(truncatingIfNeeded: frontEnd.featureCount))
    w.i32(threshold)
    let p: InlineArray<12, Int32> = [policy.warmUpWindows, policy.smoothingQ15, policy.raiseRatioQ16,
                                     policy.clearRatioQ16, policy.criticalRatioQ16, policy.debounceK,
                                     policy.debounceN, policy.heartbeatWindows, policy.raiseHoldWindows,
                                     policy.clearHoldWindows, policy.escalateAfterWindows, 0]
    for i in 0..<Self.policyFields { w.i32(p[i]) }
    w.u32(calibrationQuantilePPM); w.i32(calibrationMarginQ16)
    if detector == .autoencoder {
      for i in 0..<autoencoder.featureCount {
        let n = autoencoder.normalisation(i)
        w.i32(n.mean); w.i32(n.multiplier); w.u8(UInt8(truncatingIfNeeded: n.shift))
      }
      for l in 0..<autoencoder.layerCount {
        let layer = autoencoder.layer(l)
        w.u16(UInt16(truncatingIfNeeded: layer.inputs)); w.u16(UInt16(truncatingIfNeeded: layer.outputs))
        w.u8(layer.relu ? 1 : 0)
        for o in 0..<layer.outputs {
          for i in 0..<layer.inputs { w.u8(UInt8(bitPattern: autoencoder.weight(layer: l, output: o, input: i))) }
        }
        for o in 0..<layer.outputs {
          let c = autoencoder.channel(layer: l, output: o)
          w.i32(c.bias); w.i32(c.multiplier); w.u8(UInt8(truncatingIfNeeded: c.shift))
        }
      }
    }
    if w.overflowed || w.count &+ 4 > out.count { return nil }
    let total = w.count &+ 4
    let fingerprint = crc32(UnsafeBufferPointer(rebasing: out[feStart..<feEnd]))
    patch(out, at: 8, total)
    patch(out, at: 12, Int(fingerprint))
    let crc = crc32(UnsafeBufferPointer(rebasing: out[0..<w.count]))
    patch(out, at: w.count, Int(crc))
    return total
  }

  private func patch(_ out: UnsafeMutableBufferPointer<UInt8>, at offset: Int, _ value: Int) {
    for i in 0..<4 { out[offset &+ i] = UInt8(truncatingIfNeeded: value &>> (8 &* i)) }
  }
}

extension FrontEndConfig {
  /// Writes the canonical serialisation of this configuration (the model file's front-end section).
  public func serialize(into w: inout ByteWriter) {
    w.u8(UInt8(truncatingIfNeeded: axes)); w.u8(UInt8(truncatingIfNeeded: log2WindowLength))
    w.u16(UInt16(truncatingIfNeeded: hop)); w.i32(dcBlockerPole)
    w.u8(UInt8(truncatingIfNeeded: decimation))
    w.u8(UInt8(truncatingIfNeeded: filter.count)); w.u8(UInt8(truncatingIfNeeded: antiAlias.count))
    w.u8(UInt8(truncatingIfNeeded: bands.count))
    w.u32(sampleRateMilliHz)
    for c in 0..<filter.count { let s = filter[c]; w.i32(s.b0); w.i32(s.b1); w.i32(s.b2); w.i32(s.a1); w.i32(s.a2) }
    for c in 0..<antiAlias.count { let s = antiAlias[c]; w.i32(s.b0); w.i32(s.b1); w.i32(s.b2); w.i32(s.a1); w.i32(s.a2) }
    writeEdges(bands, into: &w)
    if features.isEmpty { return }              // the version-2 section, byte for byte
    w.u8(features.rawValue)
    if !features.contains(.envelope) { return }
    w.u16(UInt16(truncatingIfNeeded: envelope.carrierBin)); w.u8(UInt8(truncatingIfNeeded: envelope.log2Width))
    w.u8(UInt8(truncatingIfNeeded: envelope.bands.count))
    writeEdges(envelope.bands, into: &w)
  }

  private func writeEdges(_ bands: borrowing BandLayout, into w: inout ByteWriter) {
    for b in 0...bands.count { w.u16(UInt16(truncatingIfNeeded: b < bands.count ? bands.lowerBin(b) : bands.upperBin(b &- 1))) }
  }

  /// The fingerprint a model file stores for this configuration: CRC-32 of its canonical serialisation.
  public var fingerprint: UInt32 {
    var buffer = InlineArray<768, UInt8>(repeating: 0)   // the longest section: 473 bytes (16 + 2 × 8 × 20 + 33 × 2, features 1 + 4 + 33 × 2)
    var span = buffer.mutableSpan
    return span.withUnsafeMutableBufferPointer { p in
      var w = ByteWriter(p)
      serialize(into: &w)
      return crc32(w.written)
    }
  }

  /// Reads a configuration written by `serialize` (`withFeatures`: a version-3 section), validated as a
  /// front end of the largest capacity.
  static func parse(_ r: inout ByteReader, withFeatures: Bool) throws(ModelError) -> FrontEndConfig {
    guard let axes = r.u8(), let log2n = r.u8(), let hop = r.u16(), let pole = r.i32(), let decimation = r.u8(),
          let nFilter = r.u8(), let nAA = r.u8(), let nBands = r.u8(), let rate = r.u32() else { throw .truncated }
    if nFilter > 8 || nAA > 8 || log2n > 12 { throw .invalidFrontEnd(nFilter > 8 || nAA > 8 ? .tooManyFilterSections : .windowLengthOutOfRange) }
    if nBands > 32 { throw .invalidFrontEnd(.tooManyBands) }
    let filter = try readCascade(&r, Int(nFilter))
    let aa = try readCascade(&r, Int(nAA))
    let layout = try readEdges(&r, Int(nBands))
    var features = FeatureSet()
    var envelope = EnvelopeConfig()
    if withFeatures {
      guard let bits = r.u8() else { throw .truncated }
      features = FeatureSet(rawValue: bits)
      if !features.isSupported { throw .unsupportedFeatures }
      if features.contains(.envelope) {
        guard let carrier = r.u16(), let log2w = r.u8(), let nEnvBands = r.u8() else { throw .truncated }
        if nEnvBands > 32 { throw .invalidFrontEnd(.tooManyBands) }
        envelope = EnvelopeConfig(carrierBin: Int(carrier), log2Width: Int(log2w), bands: try readEdges(&r, Int(nEnvBands)))
      }
    }
    let config = FrontEndConfig(axes: Int(axes), windowLength: 1 &<< Int(log2n), hop: Int(hop), bands: layout,
                                dcBlockerPole: pole, filter: filter, decimation: Int(decimation), antiAlias: aa,
                                sampleRateMilliHz: rate, features: features, envelope: envelope)
    do throws(ConfigError) { try config.validate(capacity: maximumFFTLength) } catch { throw .invalidFrontEnd(error) }
    return config
  }

  private static func readEdges(_ r: inout ByteReader, _ nBands: Int) throws(ModelError) -> BandLayout {
    var edges = InlineArray<33, UInt16>(repeating: 0)
    for i in 0...nBands { guard let e = r.u16() else { throw .truncated }; edges[i] = e }
    var span = edges.mutableSpan
    return try span.withUnsafeMutableBufferPointer { (p) throws(ModelError) -> BandLayout in
      do throws(ConfigError) { return try BandLayout(edges: UnsafeBufferPointer(rebasing: p[0...nBands])) } catch { throw .invalidFrontEnd(error) }
    }
  }

  private static func readCascade(_ r: inout ByteReader, _ n: Int) throws(ModelError) -> BiquadCascade {
    var sections = InlineArray<8, BiquadSection>(repeating: .identity)
    for i in 0..<n {
      guard let b0 = r.i32(), let b1 = r.i32(), let b2 = r.i32(), let a1 = r.i32(), let a2 = r.i32() else { throw .truncated }
      sections[i] = BiquadSection(b0: b0, b1: b1, b2: b2, a1: a1, a2: a2)
    }
    var span = sections.mutableSpan
    return try span.withUnsafeMutableBufferPointer { (p) throws(ModelError) -> BiquadCascade in
      do throws(ConfigError) { return try BiquadCascade(sections: UnsafeBufferPointer(rebasing: p[0..<n])) } catch { throw .invalidFrontEnd(error) }
    }
  }
}
