// Events as JSON lines and binary frames, into caller buffers.

import Foundation
import Testing
import TestSupport
@testable import VigilCore

@Suite("Event encoding")
struct EventEncodingTests {
  static let event: AlertEvent = {
    var top = InlineArray<3, Contribution>(repeating: .none)
    top[0] = Contribution(feature: 13, value: 5 << 16 + 32768)      // y.rms (bands 2) = 5.5
    top[1] = Contribution(feature: 2, value: -(1 << 15))            // x.mean
    return AlertEvent(kind: .raise, severity: .critical, window: 4_000_000_000, timestamp: 1_700_000_000_123,
                      score: 3 << 16 + 6554, threshold: 1 << 16, detector: .autoencoder, top: top,
                      windows: 4_000_000_001, alerts: 7)
  }()

  @Test("CRC-32 is zlib's: crc32(\"123456789\") = 0xCBF43926")
  func crc() {
    #expect(Array("123456789".utf8).withUnsafeBufferPointer { crc32($0) } == 0xCBF4_3926)
  }

  @Test("binary frame: 58 bytes, round trip, corrupted / truncated frames rejected")
  func frame() throws {
    var buf = [UInt8](repeating: 0, count: 64)
    let n = buf.withUnsafeMutableBufferPointer { Self.event.encodeFrame(into: $0) }
    #expect(n == 58)
    let back = try buf.withUnsafeBufferPointer { p throws(FrameError) in try AlertEvent.decodeFrame(p) }
    #expect(back.kind == .raise && back.severity == .critical && back.window == 4_000_000_000)
    #expect(back.timestamp == 1_700_000_000_123 && back.score == Self.event.score && back.alerts == 7)
    #expect(back.top[0] == Self.event.top[0] && back.top[1] == Self.event.top[1] && back.top[2] == .none)
    for i in 0..<58 {
      var bad = buf; bad[i] ^= 0x10
      #expect(throws: (any Error).self) { _ = try bad.withUnsafeBufferPointer { p throws(FrameError) in try AlertEvent.decodeFrame(p) } }
    }
    #expect(throws: FrameError.truncated) { _ = try buf.prefix(57).withUnsafeBufferPointer { p throws(FrameError) in try AlertEvent.decodeFrame(p) } }
    var small = [UInt8](repeating: 0, count: 57)
    #expect(small.withUnsafeMutableBufferPointer { Self.event.encodeFrame(into: $0) } == nil)
  }

  @Test("JSON line: valid JSON with every field, fixed-point values printed exactly")
  func json() throws {
    var buf = [UInt8](repeating: 0, count: 512)
    let n = try #require(buf.withUnsafeMutableBufferPointer { Self.event.encodeJSON(bandCount: 2, into: $0) })
    let text = String(decoding: buf[0..<n], as: UTF8.self)
    #expect(text.hasSuffix("}\n"))
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(buf[0..<n])) as? [String: Any])
    #expect(obj["kind"] as? String == "raise" && obj["severity"] as? String == "critical")
    #expect((obj["window"] as? NSNumber)?.int64Value == 4_000_000_000)
    #expect((obj["t"] as? NSNumber)?.int64Value == 1_700_000_000_123)
    #expect(text.contains("\"score\":3.1000,"))           // 3 + 6554/65536 = 3.10000610…
    #expect(text.contains("\"threshold\":1.0000,"))
    let top = try #require(obj["top"] as? [[String: Any]])
    #expect(top.count == 2)
    #expect(top[0]["feature"] as? String == "y.rms" && (top[0]["value"] as? NSNumber)?.doubleValue == 5.5)
    #expect(top[1]["feature"] as? String == "x.mean" && (top[1]["value"] as? NSNumber)?.doubleValue == -0.5)
    #expect((obj["alerts"] as? NSNumber)?.intValue == 7)
    // too small a buffer: nil, never a partial line
    var tiny = [UInt8](repeating: 0, count: 40)
    #expect(tiny.withUnsafeMutableBufferPointer { Self.event.encodeJSON(bandCount: 2, into: $0) } == nil)
  }

  @Test("feature names follow the feature-vector order")
  func names() {
    func name(_ i: Int) -> String {
      var b = [UInt8](repeating: 0, count: 32)
      return b.withUnsafeMutableBufferPointer { p in var w = ByteWriter(p); writeFeatureName(&w, i, bandCount: 24); return String(decoding: w.written, as: UTF8.self) }
    }
    #expect(name(0) == "x.band00" && name(23) == "x.band23" && name(24) == "x.mean" && name(29) == "x.kurtosis")
    #expect(name(32) == "y.band00" && name(32 + 24 + 7) == "y.zcr" && name(64 + 25) == "z.rms")
  }
}
