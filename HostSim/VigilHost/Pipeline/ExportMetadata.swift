// The sidecar of an exported .i16 (`<file>.i16.json`): what the raw counts are (rate, axes, counts per g,
// the sensor that delivered them), so a replay reads them back as written instead of guessing a full scale.

import Foundation

/// What an export holds. Written by `exportRaw`, read by `vigil-sim` (and checked by `vigil-replay`).
public struct ExportMetadata: Codable, Sendable, Equatable {
  /// Always "vigil-i16".
  public var format = "vigil-i16"
  /// Output data rate of the counts (Hz).
  public var sampleRate: Double
  /// Interleaved axes per frame.
  public var axes: Int
  /// Counts per g of the stream (256 for an ADXL345 in full resolution, 32768 / full scale for native).
  public var countsPerG: Double
  /// The sensor as `--sensor` names it: "native:50", "adxl345@1600:16", "+noise" when noise was added.
  public var sensor: String
  /// The sensor in words.
  public var description: String
  public var segments: Int
  public var frames: Int

  /// The full scale (g) that maps the counts back to g: 32768 / countsPerG.
  public var fullScale: Double { 32768 / countsPerG }

  public init(_ source: SegmentSource, segments: Int, frames: Int) {
    sampleRate = source.sampleRate; axes = source.axes
    let sensor = (source as? SensorSource)?.sensor ?? .native(fullScale: 16)
    countsPerG = sensor.countsPerG
    self.sensor = sensor.spec
    description = sensor.description
    self.segments = segments; self.frames = frames
  }

  public static func sidecarPath(_ export: String) -> String { export + ".json" }
  public static func indexPath(_ export: String) -> String { export + ".segments.csv" }

  public func json() -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self) + "\n"
  }

  /// The sidecar of `export`, nil when there is none; a sidecar that cannot be read or makes no sense
  /// is an error naming it.
  public static func read(for export: String) throws -> ExportMetadata? {
    let path = sidecarPath(export)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let bytes = filePrefix(path, count: 1 << 16) else { throw RecordingError(file: path, "cannot read the export's sidecar") }
    let m: ExportMetadata
    do { m = try JSONDecoder().decode(ExportMetadata.self, from: Data(bytes)) }
    catch { throw RecordingError(file: path, "not an export sidecar (expected the JSON vigil-sim export writes)") }
    guard m.format == "vigil-i16" else { throw RecordingError(file: path, "format '\(m.format)', expected 'vigil-i16'") }
    guard m.sampleRate.isFinite, m.sampleRate >= 1, m.sampleRate <= 1e6 else {
      throw RecordingError(file: path, "sampleRate \(m.sampleRate) is not 1...1000000 Hz")
    }
    guard (1...3).contains(m.axes) else { throw RecordingError(file: path, "axes \(m.axes) is not 1...3") }
    guard m.countsPerG.isFinite, m.countsPerG >= 0.3, m.countsPerG <= 3_276_800 else {
      throw RecordingError(file: path, "countsPerG \(m.countsPerG) is not 0.3...3276800")
    }
    return m
  }
}

extension SensorModel {
  /// The sensor as `--sensor` names it ("native:50", "adxl345@1600:16+noise"); `parse(spec)` gives it back.
  public var spec: String {
    guard let profile else { return String(format: "native:%g", range) }
    return String(format: "%@@%g:%g%@", profile.name, rate ?? 0, range, noise ? "+noise" : "")
  }
}
