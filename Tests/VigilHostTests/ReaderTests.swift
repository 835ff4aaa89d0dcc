// Recording readers: values against scipy / zlib, and malformed input named by file and line or offset.

import Foundation
import Testing
import TestSupport
@testable import VigilHost

struct ReaderGolden: Decodable {
  struct Mat: Decodable { let variable: String; let count: Int; let first: [Double]; let sum: Double; let sumsq: Double }
  let plain_len: Int
  let plain_crc: UInt32
  let mat: [String: Mat]
  static let shared: (ReaderGolden, [String: String]) = {
    let data = try! Data(contentsOf: Paths.golden.appendingPathComponent("readers.json"))
    let obj = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    return (try! JSONDecoder().decode(ReaderGolden.self, from: data), obj.compactMapValues { $0 as? String })
  }()
}

func hexBytes(_ s: String) -> [UInt8] {
  var out: [UInt8] = []; var i = s.startIndex
  while i < s.endIndex { let j = s.index(i, offsetBy: 2); out.append(UInt8(s[i..<j], radix: 16)!); i = j }
  return out
}

@Suite("Readers")
struct ReaderTests {
  @Test("inflate equals zlib: stored, fixed-Huffman and dynamic-Huffman streams; corruption detected")
  func inflate() throws {
    let (g, hex) = ReaderGolden.shared
    for level in ["0", "1", "9"] {
      let out = try zlibDecompress(hexBytes(hex[level]!)[...])
      #expect(out.count == g.plain_len)
      #expect(out.withUnsafeBufferPointer { crc32Check($0) } == g.plain_crc, "level \(level)")
    }
    var bad = hexBytes(hex["9"]!); bad[bad.count / 2] ^= 0x55
    #expect(throws: (any Error).self) { try zlibDecompress(bad[...]) }
    #expect(throws: (any Error).self) { try zlibDecompress(hexBytes(hex["9"]!).dropLast(6)) }
  }

  @Test("MAT-files (uncompressed CWRU, zlib-compressed IMS) read as scipy.io.loadmat reads them",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func matFiles() throws {
    for (rel, ref) in ReaderGolden.shared.0.mat {
      let rec = try MatRecording.open(RealData.folder!.appendingPathComponent(rel), variable: ref.variable)
      let v = rec.data[0]
      #expect(v.count == ref.count, "\(rel)")
      for (a, b) in zip(v, ref.first) { #expect(abs(Double(a) - b) <= 1e-6 * max(1, abs(b)), "\(rel)") }
      let sum = v.reduce(0.0) { $0 + Double($1) }, sumsq = v.reduce(0.0) { $0 + Double($1) * Double($1) }
      #expect(abs(sum - ref.sum) <= 1e-4 * max(1, abs(ref.sumsq)), "\(rel) sum \(sum) vs \(ref.sum)")
      #expect(abs(sumsq - ref.sumsq) <= 1e-5 * ref.sumsq, "\(rel)")
    }
  }

  @Test("PRONOSTIA: 2803 snapshots, times every 10 s, the two broken clocks repaired",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func pronostiaTimes() throws {
    let run = try PronostiaRun(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1"))
    #expect(run.files.count == 2803)
    #expect(run.repairedTimes == ["acc_02121.csv", "acc_02122.csv"])
    #expect(zip(run.times, run.times.dropFirst()).allSatisfy { $1 > $0 })
    #expect(abs(run.times.last! - 28_020) < 60)
    let s = try run.snapshot(0)
    #expect(s.axes.count == 2 && s.axes[0].count == 2560 && s.axes[0][0] == 0.552 && s.axes[1][0] == -0.146)
  }

  @Test("IMS folder: 8 channels, 20480 rows, times from the file names",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func ims() throws {
    let r = try IMSRecording(folder: RealData.folder!.appendingPathComponent("ims/test1_first50"), channels: [0, 1])
    #expect(r.segmentCount == 50)
    let s = try r.segment(1)
    #expect(s.axes.count == 2 && s.frames == 20480)
    #expect(s.time > 0 && s.time < 3600)
    #expect(throws: RecordingError.self) { try IMSRecording(folder: RealData.folder!.appendingPathComponent("ims/test1_first50"), channels: [9]) }
  }

  @Test("malformed text recordings: the error names the file and the line")
  func malformedText() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pron-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "9,39,39,65664,0.5,0.1\n9,39,39,65703,0.5,oops\n".write(to: dir.appendingPathComponent("acc_00001.csv"), atomically: true, encoding: .utf8)
    let run = try PronostiaRun(folder: dir)
    #expect { try run.snapshot(0) } throws: { e in
      let d = "\(e)"; return d.contains("acc_00001.csv:2") && d.contains("oops")
    }
    try "9,39,39,65664,0.5\n".write(to: dir.appendingPathComponent("acc_00001.csv"), atomically: true, encoding: .utf8)
    #expect { try PronostiaRun(folder: dir).snapshot(0) } throws: { "\($0)".contains("acc_00001.csv:1") && "\($0)".contains("expected ','") }
    let cbm = temp("bad.Wfm.csv", Array("0;0.9;0.9;0.9\n5e-5;0.9;x;0.9\n".utf8))
    #expect { try CbMRecording.read(cbm) } throws: { "\($0)".contains("bad.Wfm.csv:2") }
    #expect { try openRecording("/definitely/not/here") } throws: { "\($0)".contains("no such file") }
  }

  @Test("malformed binary recordings: the error names the file and the byte offset")
  func malformedBinary() throws {
    #expect { try MatFile.read(temp("short.mat", Array(repeating: 0, count: 40))) } throws: { "\($0)".contains("short.mat (byte 0)") }
    var header = Array("MATLAB 5.0 MAT-file".utf8) + [UInt8](repeating: 0x20, count: 128 - 19)
    header[126] = 0x49; header[127] = 0x4D
    let truncated = header + [14, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 0, count: 16)   // miMATRIX of 256 bytes, 16 present
    #expect { try MatFile.read(temp("trunc.mat", truncated)) } throws: { "\($0)".contains("trunc.mat (byte 128)") && "\($0)".contains("truncated") }
    #expect { try WavRecording.open(temp("x.wav", Array("RIFF....WAVX".utf8))) } throws: { "\($0)".contains("x.wav (byte 0)") }
    #expect { try RawInt16Recording(url: temp("odd.raw", [1, 2, 3]), sampleRate: 1000, axes: 1, fullScale: 16) } throws: { "\($0)".contains("odd.raw (byte 2)") }
  }

  @Test("WAV: 16-bit PCM and float32 channels become axes in g")
  func wav() throws {
    func wav(format: UInt16, bits: UInt16, channels: UInt16, rate: UInt32, payload: [UInt8]) -> [UInt8] {
      func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
      func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
      let fmt = le16(format) + le16(channels) + le32(rate) + le32(rate * UInt32(channels * bits / 8)) + le16(channels * bits / 8) + le16(bits)
      let body = Array("WAVE".utf8) + Array("fmt ".utf8) + le32(16) + fmt + Array("data".utf8) + le32(UInt32(payload.count)) + payload
      return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }
    let pcm = wav(format: 1, bits: 16, channels: 2, rate: 8000, payload: [0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0x00, 0x80])
    let r = try WavRecording.open(temp("a.wav", pcm), fullScale: 16)
    #expect(r.axisCount == 2 && r.sampleRate == 8000)
    #expect(r.data[0] == [8, Float(32767.0 / 32768 * 16)] && r.data[1] == [-8, -16])
    let fl = wav(format: 3, bits: 32, channels: 1, rate: 100, payload: Float(1.25).bitPattern.littleEndianBytes)
    #expect(try WavRecording.open(temp("f.wav", fl)).data[0] == [1.25])
  }
}

extension UInt32 { var littleEndianBytes: [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: self >> (8 * UInt32($0))) } } }

import VigilCore
func crc32Check(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 { crc32(p) }
