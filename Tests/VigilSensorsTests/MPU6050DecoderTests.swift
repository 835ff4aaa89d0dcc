// The MPU-6050 decoder on byte vectors built from the Register Map's data format (Rev. 4.2, 4.17 and 4.34):
// big-endian pairs (high byte first), 16-bit two's complement at every range, samples in register order
// (ACCEL_XOUT_H … ACCEL_ZOUT_L); sensitivities from the Product Specification Rev. 3.4, Table 6.2.

import Testing
import VigilSensors

@Suite("MPU-6050 decoder")
struct MPU6050DecoderTests {
  @Test("big-endian two's complement: high byte first, full 16-bit span")
  func bigEndian() {
    #expect(MPU6050Decoder.decode(high: 0x7F, low: 0xFF) == 32767)
    #expect(MPU6050Decoder.decode(high: 0x80, low: 0x00) == -32768)
    #expect(MPU6050Decoder.decode(high: 0xFF, low: 0xFF) == -1)
    #expect(MPU6050Decoder.decode(high: 0x00, low: 0x01) == 1)
    #expect(MPU6050Decoder.decode(high: 0x01, low: 0x00) == 256)     // not 1: the order is not little-endian
  }

  @Test("+1 g and −1 g at each range: 16384, 8192, 4096, 2048 LSB/g (AFS_SEL 0...3, ACCEL_CONFIG bits 4:3)")
  func sensitivities() {
    // (range, ACCEL_CONFIG, +1 g bytes, −1 g bytes) written down from Table 6.2 and the register layout.
    let table: [(MPU6050Range, UInt8, (UInt8, UInt8), (UInt8, UInt8), Int16)] = [
      (.g2, 0x00, (0x40, 0x00), (0xC0, 0x00), 16384),
      (.g4, 0x08, (0x20, 0x00), (0xE0, 0x00), 8192),
      (.g8, 0x10, (0x10, 0x00), (0xF0, 0x00), 4096),
      (.g16, 0x18, (0x08, 0x00), (0xF8, 0x00), 2048),
    ]
    for (range, register, plus, minus, lsb) in table {
      #expect(range.register == register && Int16(range.countsPerG) == lsb, "±\(range.g) g")
      #expect(MPU6050Decoder.decode(high: plus.0, low: plus.1) == lsb)
      #expect(MPU6050Decoder.decode(high: minus.0, low: minus.1) == -lsb)
      #expect(MPU6050Range(g: range.g) == range)
    }
    #expect(MPU6050Range(g: 3) == nil)
  }

  @Test("a FIFO sample decodes to X, Y, Z in order; axes < 3 keeps the first ones")
  func sample() {
    let bytes: [UInt8] = [0x00, 0x01, 0xFF, 0xFE, 0x08, 0x00]                   // X 1, Y −2, Z 2048 (+1 g at ±16 g)
    var out = [Int16](repeating: 0, count: 3)
    bytes.withUnsafeBufferPointer { b in
      out.withUnsafeMutableBufferPointer { MPU6050Decoder.decode(sample: b.baseAddress!, axes: 3, into: $0.baseAddress!) }
    }
    #expect(out == [1, -2, 2048])
    var one = [Int16](repeating: 99, count: 3)
    bytes.withUnsafeBufferPointer { b in
      one.withUnsafeMutableBufferPointer { MPU6050Decoder.decode(sample: b.baseAddress!, axes: 1, into: $0.baseAddress!) }
    }
    #expect(one == [1, 99, 99])
  }

  @Test("sample rates: 1 kHz / (1 + SMPLRT_DIV) with the DLPF on; exactly the host profile's rates")
  func rates() {
    let profile: [UInt32] = [4, 10, 20, 50, 100, 200, 500, 1000]              // SensorProfile.mpu6050.rates
    for hz in profile {
      let r = MPU6050Rate(milliHertz: hz * 1000)
      #expect(r != nil && r!.milliHertz == hz * 1000 && 1000 / (UInt32(r!.rawValue) + 1) == hz, "\(hz) Hz")
      #expect((1...6).contains(r!.dlpf), "the DLPF stays on (1 kHz gyroscope output rate)")
    }
    #expect(MPU6050Rate(milliHertz: 800_000) == nil && MPU6050Rate(milliHertz: 8_000_000) == nil)
    #expect(MPU6050Rate.hz1000.dlpf == 1 && MPU6050Rate.hz100.dlpf == 3)
  }
}
