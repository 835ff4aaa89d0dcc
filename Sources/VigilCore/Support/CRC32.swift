// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320, init and final xor 0xFFFFFFFF): the same value as
// zlib.crc32 / Python's binascii.crc32. Used by the model file and the binary event frame.

@usableFromInline let crcNibbleTable: InlineArray<16, UInt32> = [
  0x0000_0000, 0x1DB7_1064, 0x3B6E_20C8, 0x26D9_30AC, 0x76DC_4190, 0x6B6B_51F4, 0x4DB2_6158, 0x5005_713C,
  0xEDB8_8320, 0xF00F_9344, 0xD6D6_A3E8, 0xCB61_B38C, 0x9B64_C2B0, 0x86D3_D2D4, 0xA00A_E278, 0xBDBD_F21C,
]

/// Continues a CRC-32 over `bytes` (start with `crc = 0`).
public func crc32(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
  var c = ~crc
  for b in bytes {
    c ^= UInt32(b)
    c = (c &>> 4) ^ crcNibbleTable[Int(c & 15)]
    c = (c &>> 4) ^ crcNibbleTable[Int(c & 15)]
  }
  return ~c
}
