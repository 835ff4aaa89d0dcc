// Alert events into caller-provided bytes: a JSON line and a compact binary frame. No String building.
//
// JSON line (one object, '\n'-terminated), e.g.
//   {"kind":"raise","severity":"warning","window":1234,"t":1700000000000,"detector":"autoencoder",
//    "score":3.2101,"threshold":1.5000,"top":[{"feature":"x.band07","value":12.5000},...],
//    "windows":1235,"alerts":1}
// Scores print with 4 decimals (6 for the RMS detector's Q30 values). Feature names: axis x/y/z, then
// band00...band31 or mean, rms, peak, p2p, crest, kurtosis, skewness, zcr.
//
// Binary frame, 58 bytes, little-endian:
//    0 u8 0x56 ('V')   1 u8 version 1   2 u8 kind   3 u8 severity   4 u8 detector   5 u8 0
//    6 u16 frame length (58)   8 u32 window   12 u64 timestamp   20 i32 score   24 i32 threshold
//   28 3 × (u16 feature, 0xFFFF = none; i32 value)   46 u32 windows   50 u32 alerts
//   54 u32 CRC-32 of bytes 0..<54

/// Size of a binary event frame.
public let eventFrameSize = 58

extension AlertEvent {
  /// Writes the binary frame into `out` (at least `eventFrameSize` bytes); returns 58, or nil if too small.
  public func encodeFrame(into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
    if out.count < eventFrameSize { return nil }
    var w = ByteWriter(out)
    w.u8(0x56); w.u8(1); w.u8(kind.rawValue); w.u8(severity.rawValue); w.u8(detector.rawValue); w.u8(0)
    w.u16(UInt16(eventFrameSize)); w.u32(window); w.u64(timestamp); w.i32(score); w.i32(threshold)
    for i in 0..<3 {
      let c = top[i]
      w.u16(c.feature < 0 ? 0xFFFF : UInt16(truncatingIfNeeded: c.feature)); w.i32(c.value)
    }
    w.u32(windows); w.u32(alerts)
    w.u32(crc32(w.written))
    return w.count
  }

  /// Reads a binary frame written by `encodeFrame`, checking magic, version, length, CRC and enums.
  public static func decodeFrame(_ bytes: UnsafeBufferPointer<UInt8>) throws(FrameError) -> AlertEvent {
    if bytes.count < eventFrameSize { throw .truncated }
    var r = ByteReader(bytes)
    guard r.u8() == 0x56 else { throw .badMagic }
    guard r.u8() == 1 else { throw .unsupportedVersion }
    var crcReader = ByteReader(bytes, offset: 54)
    if crc32(UnsafeBufferPointer(rebasing: bytes[0..<54])) != crcReader.u32() { throw .crcMismatch }
    guard let k = r.u8(), let kind = EventKind(rawValue: k), let s = r.u8(), let severity = Severity(rawValue: s),
          let d = r.u8(), let detector = DetectorKind(rawValue: d), r.u8() == 0, r.u16() == UInt16(eventFrameSize),
          let window = r.u32(), let lo = r.u32(), let hi = r.u32(), let score = r.i32(), let threshold = r.i32()
    else { throw .badField }
    var top = InlineArray<3, Contribution>(repeating: .none)
    for i in 0..<3 {
      guard let f = r.u16(), let v = r.i32() else { throw .badField }
      top[i] = f == 0xFFFF ? .none : Contribution(feature: Int(f), value: v)
    }
    guard let windows = r.u32(), let alerts = r.u32() else { throw .badField }
    let timestamp = wideUnsigned(hi) &<< 32 | wideUnsigned(lo)
    return AlertEvent(kind: kind, severity: severity, window: window, timestamp: timestamp, score: score,
                      threshold: threshold, detector: detector, top: top, windows: windows, alerts: alerts)
  }

  /// Writes the event as one JSON line into `out`; returns the byte count, or nil if `out` is too small
  /// (about 330 bytes always suffice). `bandCount` names the features (bands per axis).
  public func encodeJSON(bandCount: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
    var w = ByteWriter(out)
    w.ascii("{\"kind\":\"")
    switch kind {
    case .raise: w.ascii("raise")
    case .escalate: w.ascii("escalate")
    case .clear: w.ascii("clear")
    case .heartbeat: w.ascii("heartbeat")
    }
    w.ascii("\",\"severity\":\"")
    switch severity {
    case .normal: w.ascii("normal")
    case .warning: w.ascii("warning")
    case .critical: w.ascii("critical")
    }
    w.ascii("\",\"window\":"); writeDecimal(&w, wideUnsigned(window))
    w.ascii(",\"t\":"); writeDecimal(&w, timestamp)
    w.ascii(",\"detector\":\"")
    switch detector {
    case .autoencoder: w.ascii("autoencoder")
    case .rms: w.ascii("rms")
    case .kurtosis: w.ascii("kurtosis")
    }
    let bits = detector.scoreFractionBits
    let digits = bits == 30 ? 6 : 4
    w.ascii("\",\"score\":"); writeFixed(&w, wide(score), fractionBits: bits, digits: digits)
    w.ascii(",\"threshold\":"); writeFixed(&w, wide(threshold), fractionBits: bits, digits: digits)
    w.ascii(",\"top\":[")
    var first = true
    for i in 0..<3 where top[i].feature >= 0 {
      if !first { w.u8(0x2C) }
      first = false
      w.ascii("{\"feature\":\"")
      writeFeatureName(&w, top[i].feature, bandCount: bandCount)
      w.ascii("\",\"value\":")
      // AE contributions are σ² in Q16.16; baseline contributors are the feature values themselves.
      let isAmplitude = detector == .rms
      writeFixed(&w, wide(top[i].value), fractionBits: isAmplitude ? 30 : 16, digits: isAmplitude ? 6 : 4)
      w.u8(0x7D)
    }
    w.ascii("],\"windows\":"); writeDecimal(&w, wideUnsigned(windows))
    w.ascii(",\"alerts\":"); writeDecimal(&w, wideUnsigned(alerts))
    w.ascii("}\n")
    return w.overflowed ? nil : w.count
  }
}

/// Writes a feature's name, e.g. "x.band07" or "z.kurtosis".
public func writeFeatureName(_ w: inout ByteWriter, _ feature: Int, bandCount: Int) {
  let per = bandCount &+ Statistic.count
  let axis = feature / per, k = feature % per
  w.u8(axis == 0 ? 0x78 : axis == 1 ? 0x79 : 0x7A)   // x y z
  w.u8(0x2E)
  if k < bandCount {
    w.ascii("band"); w.u8(0x30 &+ UInt8(truncatingIfNeeded: k / 10)); w.u8(0x30 &+ UInt8(truncatingIfNeeded: k % 10))
    return
  }
  switch Statistic(rawValue: k &- bandCount) ?? .mean {
  case .mean: w.ascii("mean")
  case .rms: w.ascii("rms")
  case .peak: w.ascii("peak")
  case .peakToPeak: w.ascii("p2p")
  case .crest: w.ascii("crest")
  case .kurtosis: w.ascii("kurtosis")
  case .skewness: w.ascii("skewness")
  case .zeroCrossingRate: w.ascii("zcr")
  }
}

/// Writes an unsigned decimal.
func writeDecimal(_ w: inout ByteWriter, _ value: UInt64) {
  var digits = InlineArray<20, UInt8>(repeating: 0)
  var n = 0
  var v = value
  repeat {
    digits[n] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
    v /= 10
    n &+= 1
  } while v > 0
  while n > 0 { n &-= 1; w.u8(digits[n]) }
}

/// Writes a fixed-point value with `fractionBits` fractional bits as a decimal with `digits` decimals,
/// rounded half away from zero.
func writeFixed(_ w: inout ByteWriter, _ value: Int64, fractionBits: Int, digits: Int) {
  if value < 0 { w.u8(0x2D) }
  let magnitude = UInt64(bitPattern: value < 0 ? 0 &- value : value)
  var scale: UInt64 = 1
  for _ in 0..<digits { scale &*= 10 }
  // value · 10^digits / 2^fractionBits, rounded; fits: |value| < 2^32, 10^6 < 2^20.
  let bits = UInt64(_truncatingBits: UInt(bitPattern: fractionBits))
  let one = UInt64(1) &<< bits
  let scaled = (magnitude &* scale &+ (one &>> 1)) &>> bits
  writeDecimal(&w, scaled / scale)
  w.u8(0x2E)
  var frac = scaled % scale
  var div = scale / 10
  while div > 0 { w.u8(0x30 &+ UInt8(truncatingIfNeeded: frac / div)); frac %= div; div /= 10 }
}
