// LIS3DH output data → Int16 counts. Datasheet DocID17530 (Rev 2), section 3.2.1 and OUT_X_L…OUT_Z_H
// (0x28–0x2D): each axis is a two's-complement 16-bit value, low byte first with BLE = 0, LEFT-justified:
// the 12 (high-resolution), 10 (normal) or 8 (low-power) significant bits sit at the top and the rest read 0.
// Decoding is an arithmetic shift right by 16 − bits: −2048 ... 2047 counts in high-resolution mode, at 1, 2,
// 4 or 12 mg per digit for ±2/4/8/16 g (Table 4).

/// Decodes LIS3DH FIFO entries (6 bytes each) into interleaved Int16 frames.
public enum LIS3DHDecoder {
  /// One axis from its two data bytes (little-endian, left-justified, `bits` significant bits).
  @inline(__always)
  public static func decode(low: UInt8, high: UInt8, bits: Int) -> Int16 {
    Int16(bitPattern: UInt16(high) &<< 8 | UInt16(low)) &>> Int16(truncatingIfNeeded: 16 &- bits)
  }

  /// Decodes one entry (`entry[0...5]` = OUT_X_L … OUT_Z_H) into `out[0..<axes]` (X, Y, Z order; `axes`
  /// 1...3 keeps the first ones).
  @inline(__always)
  public static func decode(entry: UnsafePointer<UInt8>, bits: Int, axes: Int, into out: UnsafeMutablePointer<Int16>) {
    var a = 0
    while a < axes {
      out[a] = decode(low: entry[2 &* a], high: entry[2 &* a &+ 1], bits: bits)
      a &+= 1
    }
  }
}
