// Time-domain statistics against numpy on real windows from ../shared/data (PRONOSTIA, CbM ADXL356C).

import Foundation
import Testing
import TestSupport
@testable import VigilCore

@Suite("Time statistics vs numpy on real recordings")
struct StatisticsTests {
  /// The Int16 counts of one axis of a recording, converted exactly as Tests/Golden/generate.py does.
  static func counts(_ w: Golden.RealWindow, in folder: URL) throws -> [Int16] {
    let text = try String(contentsOf: folder.appendingPathComponent(w.file), encoding: .utf8)
    func q15(_ v: Double) -> Int16 { Int16(max(-32768, min(32767, (v * 32768).rounded(.toNearestOrEven)))) }
    var out: [Int16] = []
    for line in text.split(whereSeparator: \.isNewline) {
      if w.format == "pronostia" {
        let f = line.split(separator: ",")
        out.append(q15(Double(f[4 + w.axis])! / 16.0))
      } else {
        let f = line.split(separator: ";")
        let volts = Double(f[1 + w.axis].trimmingCharacters(in: .whitespaces))!
        out.append(q15((volts - 0.9) / 0.08 / 10.0))
      }
    }
    return Array(out[w.offset..<(w.offset + w.n)])
  }

  static func statistics(_ x: [Int16]) -> [Double] {
    var out = [Int32](repeating: 0, count: 8)
    var w = q31(x)
    let log2n = Int.bitWidth - 1 - x.count.leadingZeroBitCount
    w.withUnsafeMutableBufferPointer { p in out.withUnsafeMutableBufferPointer { timeStatistics(p, count: x.count, log2Count: log2n, into: $0) } }
    return out.enumerated().map { i, v in Double(v) / (i < 4 ? 1_073_741_824 : 65536) }
  }

  @Test("RMS, kurtosis, crest factor, skewness within 1% (and the other four) on real windows",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func realWindows() throws {
    let folder = try #require(RealData.folder)
    #expect(Golden.shared.realWindows.count >= 17)
    for w in Golden.shared.realWindows {
      let s = Self.statistics(try Self.counts(w, in: folder))
      let at = "\(w.file) axis \(w.axis) @\(w.offset)+\(w.n)"
      func rel(_ got: Double, _ ref: Double, _ tol: Double, floor: Double = 0) -> Bool {
        abs(got - ref) <= tol * max(abs(ref), floor)
      }
      #expect(rel(s[1], w.rms, 0.01), "rms \(at): \(s[1]) vs \(w.rms)")
      #expect(rel(s[5], w.kurtosis, 0.01), "kurtosis \(at): \(s[5]) vs \(w.kurtosis)")
      #expect(rel(s[4], w.crest, 0.01), "crest \(at): \(s[4]) vs \(w.crest)")
      #expect(rel(s[6], w.skewness, 0.01, floor: 0.1), "skewness \(at): \(s[6]) vs \(w.skewness)")
      #expect(abs(s[0] - w.mean) < 1e-8, "mean \(at)")
      #expect(abs(s[2] - w.peak) < 1e-8, "peak \(at)")
      #expect(abs(s[3] - w.peakToPeak) < 1e-8, "peak-to-peak \(at)")
      #expect(abs(s[7] - w.zeroCrossingRate) < 1e-9, "zcr \(at): \(s[7]) vs \(w.zeroCrossingRate)")
    }
  }

  @Test("clipped full-scale input: statistics saturate sensibly (no wrap-around)")
  func clipped() {
    let square = (0..<1024).map { ($0 / 16) % 2 == 0 ? Int16.max : Int16.min }
    let s = Self.statistics(square)
    #expect(abs(s[1] - 1.0) < 1e-4)            // RMS of a full-scale square = 1
    #expect(abs(s[2] - 1.0) < 1e-9)            // peak = |−32768| = 1.0
    #expect(abs(s[3] - 65535.0 / 32768) < 1e-9) // peak-to-peak ≈ 2 FS (Q30 holds it)
    #expect(abs(s[5] - 1.0) < 1e-3)            // kurtosis of a square wave = 1
    #expect(abs(s[6]) < 1e-3)
    #expect(abs(s[4] - 1.0) < 1e-3)
    let impulse = (0..<4096).map { $0 == 100 ? Int16.max : Int16(0) }
    let k = Self.statistics(impulse)
    #expect(abs(k[5] - 4094.0) / 4094 < 1e-3, "\(k[5])")   // kurtosis of one impulse in N=4096: N − 2 + 1/(N−1)
  }
}
