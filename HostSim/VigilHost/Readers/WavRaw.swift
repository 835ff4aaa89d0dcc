// WAV (RIFF: PCM 16/24/32-bit integer, 32/64-bit float) and raw interleaved Int16 recordings. Both are
// streamed: the header (WAV) and the segment index (raw) are checked first, then each segment is read
// from its place in the file when asked for, so memory stays bounded whatever the file's size.

import Foundation

/// How the frames of a binary recording are stored.
public enum SampleEncoding: Sendable, Equatable {
  /// Little-endian signed integers of `bytes` bytes (2, 3 or 4); full scale maps to ±`fullScale` g.
  case integer(bytes: Int, fullScale: Double)
  /// Little-endian IEEE floats of `bytes` bytes (4 or 8), taken as g; NaN and ±inf are rejected.
  case float(bytes: Int)

  var bytes: Int { switch self { case .integer(let b, _), .float(let b): b } }
}

/// Reads `frames` frames of `channels` interleaved samples from `path`, the first at byte `offset`, into
/// axes of g. Non-finite float samples are an error naming their byte offset.
func readFrames(_ path: String, offset: Int, frames: Int, channels: Int, encoding: SampleEncoding) throws -> [[Float]] {
  let size = encoding.bytes
  let bytes = try readBytes(path, offset: offset, count: frames * channels * size)
  var axes = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channels)
  try bytes.withUnsafeBytes { raw in
    for c in 0..<channels {
      try axes[c].withUnsafeMutableBufferPointer { out in
        for f in 0..<frames {
          let o = (f * channels + c) * size
          switch encoding {
          case .integer(2, let fs): out[f] = Float(Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self))) / 32768 * fs)
          case .integer(3, let fs):
            let v = Int32(raw[o]) | Int32(raw[o + 1]) << 8 | Int32(raw[o + 2]) << 16
            out[f] = Float(Double((v << 8) >> 8) / 8_388_608 * fs)
          case .integer(_, let fs): out[f] = Float(Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self))) / 2_147_483_648 * fs)
          case .float(4):
            let v = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
            guard v.isFinite else { throw RecordingError(file: path, offset: offset + o, "sample is \(v) (not a finite float)") }
            out[f] = v
          case .float(_):
            let d = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
            guard Float(d).isFinite else { throw RecordingError(file: path, offset: offset + o, "sample is \(d) (not a finite float)") }
            out[f] = Float(d)
          }
        }
      }
    }
  }
  return axes
}

/// Cuts `total` frames into segments of `segmentSeconds` (if given) or else one segment, either way at
/// most `RecordingLimits.maxSegmentFrames` frames each; times from the frame count.
func pieces(total: Int, rate: Double, segmentSeconds: Double?) -> [(time: Double, offset: Int, frames: Int)] {
  let cap = RecordingLimits.maxSegmentFrames
  let step = segmentSeconds.flatMap { framesFor(seconds: $0, rate: rate, atMost: cap) } ?? min(cap, max(1, total))
  return stride(from: 0, to: total, by: step).map { (Double($0) / rate, $0, min(step, total - $0)) }
}

/// A binary recording whose frames are read from the file one segment at a time.
public struct StreamedRecording: Recording, Sendable {
  public let name: String
  public let url: URL
  public let sampleRate: Double
  public let axisCount: Int
  public let encoding: SampleEncoding
  /// Byte offset of the first frame.
  public let dataOffset: Int
  /// Segments: time (s), first frame, frames.
  public let segments: [(time: Double, offset: Int, frames: Int)]
  public var segmentCount: Int { segments.count }

  public func segment(_ i: Int) throws -> RawSegment {
    let s = segments[i]
    let axes = try readFrames(url.path, offset: dataOffset + s.offset * axisCount * encoding.bytes, frames: s.frames,
                              channels: axisCount, encoding: encoding)
    return RawSegment(time: s.time, axes: axes, source: url.path)
  }
}

public enum WavRecording {
  /// Opens a WAV file for streaming: the RIFF chunks are walked with positioned reads (the samples are not
  /// read), the fmt chunk is checked (1 to 3 channels, a rate in `RecordingLimits.sampleRates`, PCM 16/24/32
  /// or float 32/64), and the data chunk is cut into segments of `segmentSeconds` or else at most
  /// `RecordingLimits.maxSegmentFrames` frames. Integer PCM maps full scale to ±`fullScale` g; float data is
  /// taken as g (NaN/inf samples are rejected when read).
  public static func stream(_ url: URL, fullScale: Double = 16, segmentSeconds: Double? = nil) throws -> StreamedRecording {
    let path = url.path
    let size = try regularFileSize(path)
    guard size >= 12 else { throw RecordingError(file: path, offset: 0, "not a WAV file (shorter than a RIFF/WAVE header)") }
    let head = try readBytes(path, offset: 0, count: 12)
    guard String(decoding: head[0..<4], as: UTF8.self) == "RIFF", String(decoding: head[8..<12], as: UTF8.self) == "WAVE" else {
      throw RecordingError(file: path, offset: 0, "not a WAV file (no RIFF/WAVE header)")
    }
    func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
    var i = 12
    var fmt: (at: Int, format: Int, channels: Int, rate: Int, bits: Int)? = nil
    var payload: (at: Int, offset: Int, bytes: Int)? = nil
    while i + 8 <= size {
      let tag = try readBytes(path, offset: i, count: 8)
      let id = quoted(tag[0..<4]), length = u32(tag, 4)
      if id == "data" {
        payload = (i, i + 8, min(length, size - i - 8))           // a data chunk may run to the end (streamed writers)
        if length > size - i - 8 { break }
      } else {
        guard length <= size - i - 8 else {
          throw RecordingError(file: path, offset: i, "chunk '\(id)' of \(length) bytes runs past the end of the file (\(size) bytes)")
        }
        if id == "fmt " {
          guard length >= 16 else { throw RecordingError(file: path, offset: i, "fmt chunk of \(length) bytes (at least 16)") }
          let b = try readBytes(path, offset: i + 8, count: min(length, 40))
          var format = u16(b, 0)
          if format == 0xFFFE, b.count >= 26 { format = u16(b, 24) }     // WAVE_FORMAT_EXTENSIBLE: sub-format
          fmt = (i, format, u16(b, 2), u32(b, 4), u16(b, 14))
        }
      }
      i += 8 + length + (length & 1)
    }
    guard let fmt else { throw RecordingError(file: path, offset: min(i, size), "no fmt chunk (channels, rate) before the end of the file") }
    guard (1...3).contains(fmt.channels) else {
      throw RecordingError(file: path, offset: fmt.at, "fmt chunk: \(fmt.channels) channels (1 to 3 axes are supported)")
    }
    guard RecordingLimits.sampleRates.contains(Double(fmt.rate)) else {
      throw RecordingError(file: path, offset: fmt.at, "fmt chunk: sample rate \(fmt.rate) Hz is outside \(Int(RecordingLimits.sampleRates.lowerBound))…\(Int(RecordingLimits.sampleRates.upperBound)) Hz")
    }
    let bytes = fmt.bits / 8
    let encoding: SampleEncoding
    switch (fmt.format, fmt.bits) {
    case (1, 16), (1, 24), (1, 32): encoding = .integer(bytes: bytes, fullScale: fullScale)
    case (3, 32), (3, 64): encoding = .float(bytes: bytes)
    default:
      throw RecordingError(file: path, offset: fmt.at, "unsupported WAV encoding (format \(fmt.format), \(fmt.bits) bits): PCM 16/24/32 or float 32/64")
    }
    guard let payload else { throw RecordingError(file: path, offset: min(i, size), "no data chunk before the end of the file") }
    let frames = payload.bytes / (bytes * fmt.channels)
    guard frames > 0 else { throw RecordingError(file: path, offset: payload.at, "data chunk holds no whole frame") }
    let rate = Double(fmt.rate)
    return StreamedRecording(name: url.lastPathComponent, url: url, sampleRate: rate, axisCount: fmt.channels, encoding: encoding,
                             dataOffset: payload.offset, segments: pieces(total: frames, rate: rate, segmentSeconds: segmentSeconds))
  }

  /// Opens a WAV file and reads it whole (for short files; `stream` for anything long); channels become axes.
  public static func open(_ url: URL, fullScale: Double = 16, segmentSeconds: Double? = nil) throws -> ContinuousRecording {
    let r = try stream(url, fullScale: fullScale)
    var axes = [[Float]](repeating: [], count: r.axisCount)
    for i in 0..<r.segmentCount {
      let s = try r.segment(i)
      for a in axes.indices { axes[a] += s.axes[a] }
    }
    return ContinuousRecording(name: r.name, sampleRate: r.sampleRate, axes: axes, file: url.path, segmentSeconds: segmentSeconds)
  }
}

/// Raw interleaved little-endian Int16 counts (no header): needs the rate and axis count. A sidecar
/// index `<file>.segments.csv` ("time_s,frames" rows, see `parseSegmentIndex`) splits it into snapshot
/// segments (the bundled demo sample uses one), each cut into pieces of `segmentSeconds` when given;
/// without one the file is cut into pieces of `segmentSeconds` or else of at most
/// `RecordingLimits.maxSegmentFrames` frames. Counts map to g by
/// ±`fullScale` at full scale. Segments are read from the file when asked for (bounded memory).
public struct RawInt16Recording: Recording {
  public let fullScale: Double
  /// The file as a streamed recording of 2-byte integer frames from its first byte: what reads the segments.
  let stream: StreamedRecording
  public var url: URL { stream.url }
  public var sampleRate: Double { stream.sampleRate }
  public var axisCount: Int { stream.axisCount }
  public var segments: [(time: Double, offset: Int, frames: Int)] { stream.segments }
  public var name: String { stream.name }
  public var segmentCount: Int { stream.segmentCount }

  public init(url: URL, sampleRate: Double, axes: Int, fullScale: Double, segmentSeconds: Double? = nil) throws {
    guard (1...3).contains(axes) else { throw RecordingError(file: url.path, "raw Int16 needs 1 to 3 axes") }
    guard RecordingLimits.sampleRates.contains(sampleRate) else {
      throw RecordingError(file: url.path, "raw Int16: a sample rate of \(sampleRate) Hz is outside \(Int(RecordingLimits.sampleRates.lowerBound))…\(Int(RecordingLimits.sampleRates.upperBound)) Hz")
    }
    guard fullScale.isFinite, fullScale > 0 else { throw RecordingError(file: url.path, "raw Int16: full scale must be a positive number of g") }
    let size = try regularFileSize(url.path)
    guard size % (2 * axes) == 0 else {
      throw RecordingError(file: url.path, offset: size - size % (2 * axes), "length \(size) is not a whole number of \(axes)-axis Int16 frames")
    }
    let total = size / (2 * axes)
    guard total > 0 else { throw RecordingError(file: url.path, offset: 0, "empty file (no frames)") }
    self.fullScale = fullScale
    let index = url.appendingPathExtension("segments.csv")
    let segments: [(time: Double, offset: Int, frames: Int)]
    if FileManager.default.fileExists(atPath: index.path) {
      // `segmentSeconds` cuts each indexed segment into pieces (no piece spans an index gap): a `vigil record`
      // file is one segment (one per overrun gap), which `train` must cut to hold the last pieces out.
      let indexed = try parseSegmentIndex(index, totalFrames: total)
      segments = segmentSeconds == nil ? indexed : indexed.flatMap { s in
        pieces(total: s.frames, rate: sampleRate, segmentSeconds: segmentSeconds).map { (s.time + $0.time, s.offset + $0.offset, $0.frames) }
      }
    } else {
      segments = pieces(total: total, rate: sampleRate, segmentSeconds: segmentSeconds)
    }
    stream = StreamedRecording(name: url.lastPathComponent, url: url, sampleRate: sampleRate, axisCount: axes,
                               encoding: .integer(bytes: 2, fullScale: fullScale), dataOffset: 0, segments: segments)
  }

  public func segment(_ i: Int) throws -> RawSegment { try stream.segment(i) }

  /// Segment `i` as the interleaved counts the file holds, unconverted: what a native replay at this
  /// recording's full scale delivers (`SensorSource` takes this path; the round trip through g is exact).
  public func counts(_ i: Int) throws -> (time: Double, samples: [Int16]) {
    let s = segments[i]
    let bytes = try readBytes(url.path, offset: s.offset * 2 * axisCount, count: s.frames * 2 * axisCount)
    var samples = [Int16](repeating: 0, count: s.frames * axisCount)
    samples.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
    if Int16(littleEndian: 1) != 1 { for k in samples.indices { samples[k] = Int16(littleEndian: samples[k]) } }
    return (s.time, samples)
  }
}
