// Sensor-faithful replay: rates, counts, clipping, anti-aliasing, noise, option parsing.

import Foundation
import Testing
import TestSupport
@testable import VigilHost

@Suite("Sensor models")
struct SensorModelTests {
  func sine(_ f: Double, amp: Double, rate: Double, seconds: Double) -> RawSegment {
    let n = Int(rate * seconds)
    let x = (0..<n).map { Float(amp * sin(2 * .pi * f * Double($0) / rate)) }
    return RawSegment(time: 0, axes: [x], source: "sine")
  }
  func rms(_ c: [Int16]) -> Double { (c.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(c.count)).squareRoot() }

  @Test("ADXL345 at 1600 Hz, ±16 g: 256 counts per g, resampled length, in-band tone kept")
  func adxl345() throws {
    let s = try SensorModel.parse("adxl345@1600:16")
    let out = s.deliver(sine(100, amp: 1, rate: 25_600, seconds: 0.5), inputRate: 25_600, segmentIndex: 0)
    #expect(abs(out.count - 800) <= 1)
    #expect(abs(rms(Array(out[100...])) - 256 / 2.0.squareRoot()) < 3)      // 1 g sine → 181 counts RMS
    #expect(s.countsPerG == 256)
  }

  @Test("clipping at the range: a 20 g tone saturates at the 13-bit full-resolution limit, no wrap-around")
  func clipping() throws {
    let out = try SensorModel.parse("adxl345@3200:16").deliver(sine(50, amp: 20, rate: 25_600, seconds: 0.2), inputRate: 25_600, segmentIndex: 0)
    #expect(out.max()! == 4095 && out.min()! == -4096)                    // 13-bit two's complement
    let signs = zip(out, out.dropFirst()).filter { abs(Int($0) - Int($1)) > 4000 }
    #expect(signs.isEmpty)                                               // no jump from +full to −full
  }

  @Test("anti-alias: a 5 kHz tone (above the 800 Hz Nyquist of 1600 Hz) is attenuated by more than 40 dB")
  func antiAlias() throws {
    let s = try SensorModel.parse("adxl345@1600:16")
    let pass = rms(s.deliver(sine(200, amp: 4, rate: 25_600, seconds: 0.5), inputRate: 25_600, segmentIndex: 0).dropFirst(200).map { $0 })
    let stop = rms(s.deliver(sine(5000, amp: 4, rate: 25_600, seconds: 0.5), inputRate: 25_600, segmentIndex: 0).dropFirst(200).map { $0 })
    #expect(20 * log10(pass / max(stop, 1e-9)) > 40, "\(pass) vs \(stop)")
  }

  @Test("noise: silence gets the datasheet noise density × √(ODR/2); reproducible per segment")
  func noise() throws {
    let s = try SensorModel.parse("mpu6050@1000:2+noise")
    let silent = RawSegment(time: 0, axes: [[Float](repeating: 0, count: 50_000)], source: "zero")
    let a = s.deliver(silent, inputRate: 25_000, segmentIndex: 3)
    let expected = 400e-6 * (500.0).squareRoot() * 16384           // g → counts
    #expect(abs(rms(a) - expected) / expected < 0.1, "\(rms(a)) vs \(expected)")
    #expect(a == s.deliver(silent, inputRate: 25_000, segmentIndex: 3))
    #expect(a != s.deliver(silent, inputRate: 25_000, segmentIndex: 4))
  }

  @Test("native: the recording's rate, Int16 counts at ±full scale")
  func native() {
    let out = SensorModel.native(fullScale: 50).deliver(RawSegment(time: 0, axes: [[25, -50, 60]], source: "n"), inputRate: 100, segmentIndex: 0)
    #expect(out == [16384, -32768, 32767])                         // +60 g clips at +full scale
  }

  @Test("bad sensor settings are refused with a message naming the valid choices")
  func parsing() {
    #expect { try SensorModel.parse("adxl345@1000") } throws: { "\($0)".contains("1600") }
    #expect { try SensorModel.parse("adxl345@1600:3") } throws: { "\($0)".contains("±2, 4, 8, 16") }
    #expect { try SensorModel.parse("bmi160") } throws: { "\($0)".contains("unknown sensor") }
    #expect((try? SensorModel.parse("lis3dh"))?.rate == 1344)
  }
}
