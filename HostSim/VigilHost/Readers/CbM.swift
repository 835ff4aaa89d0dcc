// Analog Devices CbM motor recordings (ADXL356C): ';'-separated, no header, rows "time_s;x_V;y_V;z_V" (the
// first row carries three extra values), 20 kHz. Volts → g: (V − 0.9 V) / 0.08 V/g (ADXL356C, ±10 g range,
// 0 g at about 0.9 V).

import Foundation

public enum CbMRecording {
  public static let sampleRate = 20_000.0
  public static let zeroGVolts = 0.9
  public static let voltsPerG = 0.08

  /// Reads a CbM file into three axes of g.
  public static func read(_ url: URL) throws -> [[Float]] {
    var s = try TextScanner(contentsOf: url)
    var axes: [[Float]] = [[], [], []]
    s.skipEmptyLines()
    while !s.atEnd {
      _ = try s.number()
      for a in 0..<3 {
        try s.expect(0x3B)
        axes[a].append(Float((try s.sample(scale: 1 / voltsPerG) - zeroGVolts) / voltsPerG))
      }
      s.skipLine()          // the first row's extra values; a row's end otherwise
      s.skipEmptyLines()
    }
    guard !axes[0].isEmpty else { throw RecordingError(file: url.path, line: 1, "no rows") }
    return axes
  }
}
