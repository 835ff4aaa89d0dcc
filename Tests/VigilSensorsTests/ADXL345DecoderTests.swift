// The decoder on byte vectors built from the datasheet's data format (Rev. E, DATA_FORMAT and DATAX0…DATAZ1):
// little-endian pairs, two's complement, right-justified with sign extension or left-justified (MSB at bit
// 15), 10-bit fixed or 10…13-bit full resolution.

import Testing
import VigilSensors

@Suite("ADXL345 decoder")
struct ADXL345DecoderTests {
  typealias F = ADXL345DataFormat

  @Test("full resolution ±16 g, right-justified: 13-bit two's complement sign-extended, low byte first")
  func fullResolutionRight() {
    let f = F(fullResolution: true, leftJustified: false, range: .g16)
    #expect(f.bits == 13 && f.register == 0x0B)
    #expect(ADXL345Decoder.decode(low: 0xFF, high: 0x0F, format: f) == 4095)      // 0x0FFF: +full scale
    #expect(ADXL345Decoder.decode(low: 0x00, high: 0xF0, format: f) == -4096)     // 0xF000: −full scale
    #expect(ADXL345Decoder.decode(low: 0x00, high: 0x01, format: f) == 256)       // +1 g at 3.9 mg/LSB
    #expect(ADXL345Decoder.decode(low: 0xFF, high: 0xFF, format: f) == -1)
  }

  @Test("left-justified: the MSB at bit 15, shifted down by 16 − bits (13, 10) arithmetically")
  func leftJustified() {
    let f13 = F(fullResolution: true, leftJustified: true, range: .g16)
    #expect(f13.register == 0x0F)
    #expect(ADXL345Decoder.decode(low: 0xF8, high: 0x7F, format: f13) == 4095)    // 4095 << 3 = 0x7FF8
    #expect(ADXL345Decoder.decode(low: 0x00, high: 0x80, format: f13) == -4096)   // −4096 << 3 = 0x8000
    #expect(ADXL345Decoder.decode(low: 0x08, high: 0x00, format: f13) == 1)
    let f10 = F(fullResolution: false, leftJustified: true, range: .g2)
    #expect(ADXL345Decoder.decode(low: 0xC0, high: 0x7F, format: f10) == 511)     // 511 << 6 = 0x7FC0
    #expect(ADXL345Decoder.decode(low: 0x40, high: 0xFF, format: f10) == -3)      // −3 << 6 = 0xFF40
  }

  @Test("10-bit fixed resolution, right-justified: −512 ... 511 at every range")
  func tenBit() {
    let f = F(fullResolution: false, leftJustified: false, range: .g8)
    #expect(f.bits == 10 && f.register == 0x02)
    #expect(ADXL345Decoder.decode(low: 0xFF, high: 0x01, format: f) == 511)
    #expect(ADXL345Decoder.decode(low: 0x00, high: 0xFE, format: f) == -512)
  }

  @Test("an entry decodes to X, Y, Z in order; axes < 3 keeps the first ones")
  func entry() {
    let bytes: [UInt8] = [0x01, 0x00, 0xFE, 0xFF, 0x00, 0x01]                     // X 1, Y −2, Z 256
    var out = [Int16](repeating: 0, count: 3)
    bytes.withUnsafeBufferPointer { b in
      out.withUnsafeMutableBufferPointer { ADXL345Decoder.decode(entry: b.baseAddress!, format: F(), axes: 3, into: $0.baseAddress!) }
    }
    #expect(out == [1, -2, 256])
    var two = [Int16](repeating: 99, count: 3)
    bytes.withUnsafeBufferPointer { b in
      two.withUnsafeMutableBufferPointer { ADXL345Decoder.decode(entry: b.baseAddress!, format: F(), axes: 2, into: $0.baseAddress!) }
    }
    #expect(two == [1, -2, 99])
  }
}
