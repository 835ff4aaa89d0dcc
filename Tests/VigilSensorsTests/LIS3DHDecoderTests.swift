// The LIS3DH decoder on byte vectors built from the datasheet's data format (DocID17530 Rev 2, section 3.2.1
// and OUT_X_L…OUT_Z_H): little-endian (BLE = 0) two's complement, LEFT-justified: 12 significant bits in
// high-resolution mode (bits 15…4), 10 in normal mode, 8 in low-power mode; sensitivities of Table 4.

import Testing
import VigilHost
import VigilSensors

@Suite("LIS3DH decoder")
struct LIS3DHDecoderTests {
  @Test("high resolution: 12-bit left-justified two's complement, low byte first; the low nibble is ignored")
  func highResolution() {
    let b = LIS3DHMode.highResolution.bits
    #expect(b == 12)
    #expect(LIS3DHDecoder.decode(low: 0xF0, high: 0x7F, bits: b) == 2047)      // 2047 << 4 = 0x7FF0: +full scale
    #expect(LIS3DHDecoder.decode(low: 0x00, high: 0x80, bits: b) == -2048)     // −2048 << 4 = 0x8000: −full scale
    #expect(LIS3DHDecoder.decode(low: 0x80, high: 0x3E, bits: b) == 1000)      // 1000 << 4 = 0x3E80: +1 g at ±2 g
    #expect(LIS3DHDecoder.decode(low: 0x8F, high: 0x3E, bits: b) == 1000)      // bits 3…0 are not data
    #expect(LIS3DHDecoder.decode(low: 0xF0, high: 0xFF, bits: b) == -1)        // 0xFFF0
    #expect(LIS3DHDecoder.decode(low: 0x30, high: 0x05, bits: b) == 83)        // 83 << 4 = 0x0530: +1 g at ±16 g (12 mg/digit)
    #expect(LIS3DHDecoder.decode(low: 0xD0, high: 0xFA, bits: b) == -83)       // −83 << 4 = 0xFAD0
  }

  @Test("normal (10-bit) and low-power (8-bit) modes: shifted down by 6 and 8")
  func otherModes() {
    #expect(LIS3DHDecoder.decode(low: 0xC0, high: 0x7F, bits: LIS3DHMode.normal.bits) == 511)      // 511 << 6
    #expect(LIS3DHDecoder.decode(low: 0x00, high: 0x80, bits: LIS3DHMode.normal.bits) == -512)
    #expect(LIS3DHDecoder.decode(low: 0x40, high: 0xFF, bits: LIS3DHMode.normal.bits) == -3)       // −3 << 6 = 0xFF40
    #expect(LIS3DHDecoder.decode(low: 0x00, high: 0x7F, bits: LIS3DHMode.lowPower.bits) == 127)
    #expect(LIS3DHDecoder.decode(low: 0x00, high: 0x80, bits: LIS3DHMode.lowPower.bits) == -128)
  }

  @Test("sensitivities (Table 4): 1, 2, 4, 12 mg/digit in high resolution; ×4 normal, ×16 low-power; the replay profile agrees")
  func sensitivities() {
    #expect([LIS3DHRange.g2, .g4, .g8, .g16].map(\.highResolutionMilliGPerDigit) == [1, 2, 4, 12])
    #expect(LIS3DHMode.normal.digitScale == 4 && LIS3DHMode.lowPower.digitScale == 16)
    for r in [LIS3DHRange.g2, .g4, .g8, .g16] {
      #expect(abs(SensorProfile.lis3dh.countsPerG(Double(r.g)) - 1000 / Double(r.highResolutionMilliGPerDigit)) < 1e-9)
    }
    #expect(SensorProfile.lis3dh.maxCount(16) == 2047, "12-bit: −2048 … 2047")
  }

  @Test("an entry decodes to X, Y, Z in order; axes < 3 keeps the first ones")
  func entry() {
    let bytes: [UInt8] = [0x10, 0x00, 0xE0, 0xFF, 0x80, 0x3E]                   // X 1, Y −2, Z 1000
    var out = [Int16](repeating: 0, count: 3)
    bytes.withUnsafeBufferPointer { b in
      out.withUnsafeMutableBufferPointer { LIS3DHDecoder.decode(entry: b.baseAddress!, bits: 12, axes: 3, into: $0.baseAddress!) }
    }
    #expect(out == [1, -2, 1000])
    var two = [Int16](repeating: 99, count: 3)
    bytes.withUnsafeBufferPointer { b in
      two.withUnsafeMutableBufferPointer { LIS3DHDecoder.decode(entry: b.baseAddress!, bits: 12, axes: 2, into: $0.baseAddress!) }
    }
    #expect(two == [1, -2, 99])
  }

  @Test("CTRL_REG1 ODR codes (Table 31) and the configuration's register values")
  func registers() {
    #expect(LIS3DHRate(milliHertz: 1_344_000) == .hz1344 && LIS3DHRate.hz1344.register == 0x90)
    #expect(LIS3DHRate(milliHertz: 100_000)?.register == 0x50 && LIS3DHRate(milliHertz: 1_600_000) == nil)
    #expect(SensorProfile.lis3dh.rates.allSatisfy { LIS3DHRate(milliHertz: UInt32($0 * 1000)) != nil }, "every rate the replay profile offers")
    let c = LIS3DHConfiguration(rate: .hz1344, range: .g16, watermark: 16)
    #expect(c.ctrlReg1 == 0x97 && c.ctrlReg4 == 0xB8 && c.fifoCtrl == 0x90)
    #expect(LIS3DHConfiguration(rate: .hz400, range: .g2, watermark: 8).ctrlReg4 == 0x88)
  }
}
