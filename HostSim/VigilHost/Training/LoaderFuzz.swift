// The model-loader fuzzer (used by `vigil-sim fuzz-model` and, in a smaller slice, by the tests).

import Foundation
import VigilCore

public struct FuzzResult {
  public var total = 0
  public var accepted = 0
  public var rejected: [String: Int] = [:]
  /// Files accepted although their CRC or fingerprint is wrong (must stay empty).
  public var violations: [String] = []

  public var summary: String {
    let kinds = rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    return "fuzzed \(total) model files: \(accepted) accepted, \(total - accepted) rejected (\(kinds)); " +
      "\(violations.count) accepted with a wrong CRC or fingerprint"
  }
}

/// Mutates `valid` `count` times (bit flips, byte stores, truncations, extensions, random files, and
/// mutations with the CRC recomputed so the parser's deeper checks are reached) and parses each.
public func fuzzModelLoader(valid: [UInt8], count: Int, seed: UInt64) -> FuzzResult {
  var rng = SeededGenerator(seed: seed)
  var result = FuzzResult()
  let original = try? Model.parse(bytes: valid)
  let fingerprint = original?.frontEnd.fingerprint
  for n in 0..<count {
    var b = valid
    let strategy = n % 6
    switch strategy {
    case 0:  // bit flips
      for _ in 0..<(1 + Int(rng.next() % 4)) { let i = Int(rng.next() % UInt64(b.count)); b[i] ^= UInt8(1 << (rng.next() % 8)) }
    case 1:  // truncation
      b = Array(b.prefix(Int(rng.next() % UInt64(b.count))))
    case 2:  // random bytes, random length
      b = (0..<Int(rng.next() % 4096)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    case 3:  // extension
      b += (0..<(1 + Int(rng.next() % 64))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    default: // a store into the body with the CRC (and sometimes the length) fixed up: reaches the parser
      for _ in 0..<(1 + Int(rng.next() % 3)) {
        let i = 4 + Int(rng.next() % UInt64(max(1, b.count - 8)))   // header fields too
        b[i] = UInt8(truncatingIfNeeded: rng.next())
      }
      if strategy == 5, rng.next() % 2 == 0 { b = Array(b.prefix(max(24, b.count - Int(rng.next() % 200)))) ; patchLength(&b) }
      fixCRC(&b)
    }
    result.total += 1
    do {
      let m = try Model.parse(bytes: b)
      result.accepted += 1
      // Accepting is only right if the file is intact: its CRC holds and its fingerprint is its front end's.
      let crcOK = b.count >= 20 && crc32Of(b.prefix(b.count - 4)) == readU32(b, b.count - 4)
      if !crcOK { result.violations.append("case \(n): accepted with a wrong CRC") }
      if readU32(b, 12) != m.frontEnd.fingerprint { result.violations.append("case \(n): accepted with a wrong fingerprint") }
      if let fingerprint, m.frontEnd.fingerprint != fingerprint, (try? Model.parse(bytes: b, expectedFingerprint: fingerprint)) != nil {
        result.violations.append("case \(n): accepted for another front end")
      }
    } catch {
      result.rejected["\(error)".components(separatedBy: "(").first!, default: 0] += 1
    }
  }
  return result
}

func readU32(_ b: [UInt8], _ i: Int) -> UInt32 {
  UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}
func crc32Of<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
  Array(bytes).withUnsafeBufferPointer { crc32($0) }
}
func fixCRC(_ b: inout [UInt8]) {
  guard b.count >= 8 else { return }
  let c = crc32Of(b.prefix(b.count - 4))
  for k in 0..<4 { b[b.count - 4 + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
}
func patchLength(_ b: inout [UInt8]) {
  let n = UInt32(b.count)
  for k in 0..<4 { b[8 + k] = UInt8(truncatingIfNeeded: n >> (8 * UInt32(k))) }
}
