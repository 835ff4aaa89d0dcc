// Sensor-faithful replay: what a chosen accelerometer would deliver for a recording. Anti-alias filter and
// resample to the sensor's output data rate, scale to counts, clip at its range, quantize to its LSB,
// optionally add its noise, and hand the samples over in FIFO-sized chunks.

import Foundation
import VigilCore

/// An accelerometer's data path, as a datasheet describes it.
public struct SensorProfile: Sendable, Equatable {
  public var name: String
  /// Output data rates it supports (Hz); `native` accepts any.
  public var rates: [Double]
  /// Full-scale ranges (±g).
  public var ranges: [Double]
  /// Counts per g at a given range.
  public var countsPerG: @Sendable (Double) -> Double
  /// Largest count magnitude at a given range (the register width).
  public var maxCount: @Sendable (Double) -> Double
  /// Typical noise density, µg/√Hz.
  public var noiseDensity: Double
  /// Samples (frames) per FIFO read.
  public var fifoFrames: Int

  public static func == (a: Self, b: Self) -> Bool { a.name == b.name }

  /// ADXL345 in full-resolution mode: 3.9 mg/LSB (256 LSB/g) at every range, up to 13 bits (−4096 ... 4095 at
  /// ±16 g), ODR 6.25...3200 Hz, 32-sample FIFO; noise ≈ 290 µg/√Hz (X/Y, typical).
  public static let adxl345 = SensorProfile(
    name: "adxl345", rates: [6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200], ranges: [2, 4, 8, 16],
    countsPerG: { _ in 256 }, maxCount: { r in 256 * r - 1 }, noiseDensity: 290, fifoFrames: 32)
  /// MPU-6050 accelerometer: 16-bit, 16384 LSB/g at ±2 g (halving per range step), 1 kHz output, noise
  /// 400 µg/√Hz.
  public static let mpu6050 = SensorProfile(
    name: "mpu6050", rates: [4, 10, 20, 50, 100, 200, 500, 1000], ranges: [2, 4, 8, 16],
    countsPerG: { r in 32768 / r }, maxCount: { _ in 32767 }, noiseDensity: 400, fifoFrames: 32)
  /// LIS3DH in high-resolution mode: 12-bit, 1/2/4/12 mg per digit at ±2/4/8/16 g, ODR up to 1344 Hz,
  /// 32-sample FIFO; noise 220 µg/√Hz.
  public static let lis3dh = SensorProfile(
    name: "lis3dh", rates: [1, 10, 25, 50, 100, 200, 400, 1344], ranges: [2, 4, 8, 16],
    countsPerG: { r in r == 16 ? 1000.0 / 12 : 1000 / (r / 2) }, maxCount: { _ in 2047 }, noiseDensity: 220, fifoFrames: 32)

  public static let all: [SensorProfile] = [.adxl345, .mpu6050, .lis3dh]
}

/// A sensor setting for a replay: a profile at a rate and range, or `native` (the recording's own rate,
/// Int16 counts with ±`range` g at full scale, no sensor effects).
public struct SensorModel: Sendable, CustomStringConvertible {
  public var profile: SensorProfile?
  public var rate: Double?
  public var range: Double
  public var noise: Bool
  public var seed: UInt64 = 1

  public static func native(fullScale: Double) -> SensorModel { SensorModel(nativeFullScale: fullScale) }

  public init(profile: SensorProfile?, rate: Double?, range: Double, noise: Bool) throws {
    self.profile = profile; self.rate = rate; self.range = range; self.noise = noise
    if let profile {
      guard let rate, profile.rates.contains(rate) else {
        throw SensorError("\(profile.name): output data rate \(rate.map { "\($0)" } ?? "missing") Hz not supported (\(profile.rates.map { String(format: "%g", $0) }.joined(separator: ", ")))")
      }
      guard profile.ranges.contains(range) else {
        throw SensorError("\(profile.name): range ±\(range) g not supported (±\(profile.ranges.map { String(format: "%g", $0) }.joined(separator: ", ")) g)")
      }
    } else if !(range >= Self.nativeFullScales.lowerBound && range <= Self.nativeFullScales.upperBound) {
      throw SensorError(String(format: "native: full scale %g g is not %g...%g g", range, Self.nativeFullScales.lowerBound,
                               Self.nativeFullScales.upperBound))
    }
  }

  private init(nativeFullScale: Double) {
    profile = nil; rate = nil; range = nativeFullScale; noise = false
  }

  /// Full scales (±g) a native stream may have: from a 10 mg seismic range to a 100,000 g shock sensor.
  public static let nativeFullScales = 0.01...100_000.0

  /// Parses "native", "native:50", "adxl345", "adxl345@1600", "adxl345@1600:16", "mpu6050@1000:8+noise".
  /// Anything else (an empty name, NaN/inf/absurd numbers, a rate or range the part does not have) is a
  /// `SensorError` that says what was expected.
  public static func parse(_ text: String) throws -> SensorModel {
    var s = text.lowercased()
    let noise = s.hasSuffix("+noise")
    if noise { s.removeLast(6) }
    let parts = s.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    let head = parts[0].split(separator: "@", omittingEmptySubsequences: false)
    let names = "native, " + SensorProfile.all.map(\.name).joined(separator: ", ")
    guard head.count <= 2, let name = head.first, !name.isEmpty else {
      throw SensorError("'\(text)' is not NAME[@HZ][:G][+noise] with NAME one of \(names)")
    }
    let range = parts.count > 1 ? Double(parts[1]) : nil
    if parts.count > 1 && !(range?.isFinite ?? false) { throw SensorError("'\(text)': range after ':' must be a number of g") }
    if name == "native" {
      guard head.count == 1 else { throw SensorError("'\(text)': native takes no '@' rate (it keeps the recording's own)") }
      guard !noise else { throw SensorError("'\(text)': native has no noise model (+noise needs a sensor profile)") }
      return try SensorModel(profile: nil, rate: nil, range: range ?? 50, noise: false)
    }
    guard let p = SensorProfile.all.first(where: { $0.name == name }) else {
      throw SensorError("unknown sensor '\(name)' (\(names))")
    }
    let rate = head.count > 1 ? Double(head[1]) : p.rates.filter { $0 <= 1600 }.max()
    if head.count > 1 && !(rate?.isFinite ?? false) { throw SensorError("'\(text)': rate after '@' must be a number of Hz") }
    return try SensorModel(profile: p, rate: rate, range: range ?? 16, noise: noise)
  }

  public var description: String {
    guard let profile else { return String(format: "native (±%g g full scale)", range) }
    return String(format: "%@ at %g Hz, ±%g g%@", profile.name, rate ?? 0, range, noise ? ", with noise" : "")
  }

  /// Output rate for a recording at `inputRate`.
  public func outputRate(_ inputRate: Double) -> Double { rate ?? inputRate }

  /// Counts per g of the delivered stream.
  public var countsPerG: Double { profile.map { $0.countsPerG(range) } ?? 32768 / range }

  /// Frames per FIFO read.
  public var chunkFrames: Int { profile?.fifoFrames ?? 256 }

  /// The anti-alias filter for a recording at `inputRate` (nil when no decimation is needed).
  public func antiAliasFilter(inputRate: Double) -> SOSFilter? {
    guard let rate, rate < inputRate else { return nil }
    return try? butterworth(order: 8, .lowPass(cutoff: 0.45 * rate), sampleRate: inputRate)
  }

  /// What the sensor delivers for one segment: interleaved Int16 counts at `outputRate`. Pass the
  /// `antiAliasFilter` when delivering many segments (designing it is the expensive part).
  public func deliver(_ raw: RawSegment, inputRate: Double, segmentIndex: Int, filter: SOSFilter?? = nil) -> [Int16] {
    guard let profile, let rate else {
      return CountScale(fullScale: range).interleave(raw.axes)
    }
    let scale = profile.countsPerG(range), limit = profile.maxCount(range)
    var rng = SeededGenerator(seed: seed &+ UInt64(segmentIndex) &* 0x9E37_79B9)
    let sigma = noise ? profile.noiseDensity * 1e-6 * (rate / 2).squareRoot() : 0
    let aa = filter ?? antiAliasFilter(inputRate: inputRate)
    let axes = raw.axes.map { resample($0, from: inputRate, to: rate, antiAlias: aa) }
    let n = axes.map(\.count).min() ?? 0
    var out = [Int16](repeating: 0, count: n * axes.count)
    for (a, axis) in axes.enumerated() {
      for i in 0..<n {
        var g = Double(axis[i])
        if sigma > 0 { g += sigma * rng.gaussian() }
        let c = max(-limit - 1, min(limit, (g * scale).rounded(.toNearestOrEven)))
        out[i * axes.count + a] = Int16(c)
      }
    }
    return out
  }
}

public struct SensorError: Error, CustomStringConvertible {
  public var description: String
  public init(_ d: String) { description = d }
}

extension SeededGenerator {
  /// A standard normal deviate (Box–Muller).
  mutating func gaussian() -> Double {
    let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300), u2 = Double(next() >> 11) / Double(1 << 53)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }
}

/// Anti-alias filter (by default Butterworth order 8 at 0.45 × the new rate, run over a mirrored lead-in so
/// a short snapshot starts settled) and linear-interpolation resampling from `from` Hz to `to` Hz.
public func resample(_ x: [Float], from: Double, to: Double, antiAlias: SOSFilter? = nil) -> [Float] {
  if to == from { return x }
  var y = x.map(Double.init)
  if to < from, let f = antiAlias ?? (try? butterworth(order: 8, .lowPass(cutoff: 0.45 * to), sampleRate: from)) {
    let lead = min(y.count, Int(from / to * 64))
    var padded = Array(y[0..<lead].reversed()) + y
    for s in f.sections {
      var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
      for i in padded.indices {
        let v = padded[i]
        let o = s[0] * v + s[1] * x1 + s[2] * x2 - s[3] * y1 - s[4] * y2
        x2 = x1; x1 = v; y2 = y1; y1 = o
        padded[i] = o
      }
    }
    y = Array(padded[lead...])
  }
  let n = Int((Double(y.count - 1) * to / from).rounded(.down)) + 1
  return (0..<max(0, n)).map { k in
    let t = Double(k) * from / to
    let i = Int(t), frac = t - Double(i)
    return Float(i + 1 < y.count ? y[i] * (1 - frac) + y[i + 1] * frac : y[i])
  }
}

/// A recording seen through a sensor model: the segments a replay pushes through the core.
public struct SensorSource: SegmentSource {
  public let recording: Recording
  public let sensor: SensorModel
  let antiAlias: SOSFilter?
  public var sampleRate: Double { sensor.outputRate(recording.sampleRate) }
  public var axes: Int { recording.axisCount }
  public var segmentCount: Int { recording.segmentCount }
  public init(_ recording: Recording, sensor: SensorModel) {
    self.recording = recording; self.sensor = sensor
    antiAlias = sensor.antiAliasFilter(inputRate: recording.sampleRate)
  }

  public func segment(_ i: Int) throws -> Segment {
    // A raw Int16 stream replayed natively at its own full scale: the file's counts as they are.
    if sensor.profile == nil, let file = recording as? RawInt16Recording, file.fullScale == sensor.range {
      let (time, samples) = try file.counts(i)
      return Segment(time: time, samples: samples, source: file.url.path)
    }
    let raw = try recording.segment(i)
    return Segment(time: raw.time, samples: sensor.deliver(raw, inputRate: recording.sampleRate, segmentIndex: i, filter: .some(antiAlias)),
                   source: raw.source)
  }

  /// Frames per segment: what a window must fit in. From the longest segment where the reader knows the
  /// lengths without reading (a raw file's index: a `vigil record` file's first stretch may be cut short by
  /// an overrun), else from the first one.
  public func framesPerSegment() throws -> Int {
    let longest = (recording as? RawInt16Recording).flatMap { r in r.segments.indices.max { r.segments[$0].frames < r.segments[$1].frames } }
    return try segment(longest ?? 0).samples.count / max(1, axes)
  }
}
