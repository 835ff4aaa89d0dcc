// WAV (RIFF: PCM 16/24/32-bit integer, 32/64-bit float) and raw interleaved Int16 recordings.

import Foundation

public enum WavRecording {
  /// Opens a WAV file; channels become axes (at most 3). Integer PCM maps full scale to ±`fullScale` g;
  /// float data is taken as g. Long files are cut into `segmentSeconds` pieces if given.
  public static func open(_ url: URL, fullScale: Double = 16, segmentSeconds: Double? = nil) throws -> ContinuousRecording {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw RecordingError(file: url.path, "cannot read the file (missing or unreadable)")
    }
    let b = [UInt8](data)
    func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    guard b.count >= 12, String(decoding: b[0..<4], as: UTF8.self) == "RIFF", String(decoding: b[8..<12], as: UTF8.self) == "WAVE" else {
      throw RecordingError(file: url.path, offset: 0, "not a WAV file (no RIFF/WAVE header)")
    }
    var i = 12
    var format = 0, channels = 0, rate = 0, bits = 0
    var payload: Range<Int>? = nil
    while i + 8 <= b.count {
      let id = String(decoding: b[i..<(i + 4)], as: UTF8.self), size = u32(i + 4)
      guard i + 8 + size <= b.count || id == "data" else {
        throw RecordingError(file: url.path, offset: i, "chunk '\(id)' of \(size) bytes runs past the end of the file")
      }
      if id == "fmt " {
        guard size >= 16 else { throw RecordingError(file: url.path, offset: i, "fmt chunk too short") }
        format = u16(i + 8); channels = u16(i + 10); rate = u32(i + 12); bits = u16(i + 22)
        if format == 0xFFFE, size >= 40 { format = u16(i + 32) }     // WAVE_FORMAT_EXTENSIBLE: sub-format
      } else if id == "data" {
        payload = (i + 8)..<min(b.count, i + 8 + size)
      }
      i += 8 + size + (size & 1)
    }
    guard channels > 0, rate > 0 else { throw RecordingError(file: url.path, "no fmt chunk (channels, rate)") }
    guard let payload else { throw RecordingError(file: url.path, "no data chunk") }
    guard channels <= 3 else { throw RecordingError(file: url.path, "\(channels) channels: at most 3 axes are supported") }
    let bytes = bits / 8
    guard (format == 1 && [2, 3, 4].contains(bytes)) || (format == 3 && [4, 8].contains(bytes)) else {
      throw RecordingError(file: url.path, "unsupported WAV encoding (format \(format), \(bits) bits): PCM 16/24/32 or float 32/64")
    }
    let frames = payload.count / (bytes * channels)
    var axes = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channels)
    for f in 0..<frames {
      for c in 0..<channels {
        let o = payload.lowerBound + (f * channels + c) * bytes
        let v: Double
        switch (format, bytes) {
        case (1, 2): v = Double(Int16(bitPattern: UInt16(u16(o)))) / 32768 * fullScale
        case (1, 3): v = Double((Int32(u16(o) | Int(b[o + 2]) << 16) << 8) >> 8) / 8_388_608 * fullScale
        case (1, 4): v = Double(Int32(bitPattern: UInt32(u32(o)))) / 2_147_483_648 * fullScale
        case (3, 4): v = Double(Float(bitPattern: UInt32(u32(o))))
        default: v = Double(bitPattern: UInt64(u32(o)) | UInt64(u32(o + 4)) << 32)
        }
        axes[c][f] = Float(v)
      }
    }
    return ContinuousRecording(name: url.lastPathComponent, sampleRate: Double(rate), axes: axes, file: url.path,
                               segmentSeconds: segmentSeconds)
  }
}

/// Raw interleaved little-endian Int16 counts (no header): needs the rate and axis count. A sidecar
/// index `<file>.segments.csv` ("time_s,frames" rows) splits it into snapshot segments (the bundled demo
/// sample uses one). Counts map to g by ±`fullScale` at full scale.
public struct RawInt16Recording: Recording {
  public let url: URL
  public let sampleRate: Double
  public let axisCount: Int
  public let fullScale: Double
  public let segments: [(time: Double, offset: Int, frames: Int)]
  public var name: String { url.lastPathComponent }
  public var segmentCount: Int { segments.count }

  public init(url: URL, sampleRate: Double, axes: Int, fullScale: Double) throws {
    guard (1...3).contains(axes) else { throw RecordingError(file: url.path, "raw Int16 needs 1 to 3 axes") }
    guard sampleRate > 0 else { throw RecordingError(file: url.path, "raw Int16 needs a positive sample rate") }
    let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
    guard let size = (attrs?[.size] as? NSNumber)?.intValue else { throw RecordingError(file: url.path, "cannot read the file (missing or unreadable)") }
    guard size % (2 * axes) == 0 else {
      throw RecordingError(file: url.path, offset: size - size % (2 * axes), "length \(size) is not a whole number of \(axes)-axis Int16 frames")
    }
    self.url = url; self.sampleRate = sampleRate; axisCount = axes; self.fullScale = fullScale
    let total = size / (2 * axes)
    let index = url.appendingPathExtension("segments.csv")
    if let text = try? String(contentsOf: index, encoding: .utf8) {
      var segs: [(Double, Int, Int)] = []
      var offset = 0
      for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.hasPrefix("time") {
        let f = line.split(separator: ",")
        guard f.count == 2, let t = Double(f[0]), let k = Int(f[1]), k > 0 else {
          throw RecordingError(file: index.path, line: n + 1, "expected 'time_s,frames'")
        }
        segs.append((t, offset, k)); offset += k
      }
      guard offset == total else { throw RecordingError(file: index.path, "segments cover \(offset) frames, the file has \(total)") }
      segments = segs
    } else {
      segments = [(0, 0, total)]
    }
  }

  public func segment(_ i: Int) throws -> RawSegment {
    let (time, samples) = try counts(i)
    var axes = [[Float]](repeating: [Float](repeating: 0, count: samples.count / axisCount), count: axisCount)
    for (k, c) in samples.enumerated() { axes[k % axisCount][k / axisCount] = Float(Double(c) / 32768 * fullScale) }
    return RawSegment(time: time, axes: axes, source: url.path)
  }

  /// Segment `i` as the interleaved counts the file holds, unconverted: what a native replay at this
  /// recording's full scale delivers (`SensorSource` takes this path; the round trip through g is exact).
  public func counts(_ i: Int) throws -> (time: Double, samples: [Int16]) {
    let s = segments[i]
    guard let h = FileHandle(forReadingAtPath: url.path) else { throw RecordingError(file: url.path, "cannot open") }
    defer { try? h.close() }
    let offset = s.offset * 2 * axisCount, bytes = s.frames * 2 * axisCount
    do { try h.seek(toOffset: UInt64(offset)) } catch {
      throw RecordingError(file: url.path, offset: offset, "read failed: \(error.localizedDescription)")
    }
    // Read straight into the samples (no intermediate Data: half the memory of a long stream).
    var samples = [Int16](repeating: 0, count: s.frames * axisCount)
    let got = samples.withUnsafeMutableBytes { out -> Int in
      var done = 0
      while done < bytes {
        let n = read(h.fileDescriptor, out.baseAddress! + done, bytes - done)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n < 0 ? -1 : done }
        done += n
      }
      return done
    }
    guard got >= 0 else { throw RecordingError(file: url.path, offset: offset, "read failed: \(String(cString: strerror(errno)))") }
    guard got == bytes else { throw RecordingError(file: url.path, offset: offset + got, "file ends inside segment \(i)") }
    if Int16(littleEndian: 1) != 1 { for k in samples.indices { samples[k] = Int16(littleEndian: samples[k]) } }
    return (s.time, samples)
  }
}
