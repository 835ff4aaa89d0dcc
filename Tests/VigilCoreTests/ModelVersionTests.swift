// The model file's version-2 alert policy (12 fields: the anti-flapping ones and a reserved 0) and the
// version-1 files still read (8 fields; the new ones 0).

import Foundation
import Testing
@testable import VigilCore
import VigilHost

@Suite("Model file versions")
struct ModelVersionTests {
  /// The golden model (a version-2 file).
  static let v2 = [UInt8](FileManager.default.contents(atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Golden/model/bearing1_1.vglm").path)!)
  static let model = try! Model.parse(bytes: v2)

  /// The fixture rewritten as a version-1 file: 8 policy fields, the header and CRC fixed up.
  static func asVersion1(_ b: [UInt8], model: Model) -> [UInt8] {
    let policyEnd8 = 16 + 16 + 2 * (model.frontEnd.bands.count + 1) + 8 + 32
    var v1 = Array(b[..<policyEnd8]) + Array(b[(policyEnd8 + 16)...])
    v1[4] = 1; v1[5] = 0
    let n = UInt32(v1.count)
    for k in 0..<4 { v1[8 + k] = UInt8(truncatingIfNeeded: n >> (8 * UInt32(k))) }
    let c = v1.prefix(v1.count - 4).withUnsafeBufferPointer { crc32($0) }
    for k in 0..<4 { v1[v1.count - 4 + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
    return v1
  }

  @Test("a version-2 file carries the anti-flapping fields; a version-1 file reads with them 0 and the same network")
  func versions() throws {
    var m = Self.model
    #expect(Self.v2[4] == 2)
    m.policy.raiseHoldWindows = 7; m.policy.clearHoldWindows = 300; m.policy.escalateAfterWindows = 1234
    let back = try Model.parse(bytes: m.fileBytes())
    #expect(back.policy == m.policy)
    let v1 = Self.asVersion1(m.fileBytes(), model: m)
    let old = try Model.parse(bytes: v1)
    var expected = m.policy
    expected.raiseHoldWindows = 0; expected.clearHoldWindows = 0; expected.escalateAfterWindows = 0
    #expect(old.policy == expected)
    // Everything else read the same: with the holds put back, it serialises to the version-2 bytes.
    var restored = old
    restored.policy = m.policy
    #expect(restored.fileBytes() == m.fileBytes())
    #expect(v1.count == m.fileBytes().count - 16)
  }

  @Test("a negative hold or a non-zero reserved policy field is malformed")
  func rejects() {
    let m = Self.model
    let at = 16 + 16 + 2 * (m.frontEnd.bands.count + 1) + 8
    func patched(field: Int, _ v: Int32) -> [UInt8] {
      var b = Self.v2
      for k in 0..<4 { b[at + 4 * field + k] = UInt8(truncatingIfNeeded: UInt32(bitPattern: v) >> (8 * UInt32(k))) }
      let c = b.prefix(b.count - 4).withUnsafeBufferPointer { crc32($0) }
      for k in 0..<4 { b[b.count - 4 + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
      return b
    }
    #expect(throws: ModelError.malformed) { _ = try Model.parse(bytes: patched(field: 9, -1)) }
    #expect(throws: ModelError.malformed) { _ = try Model.parse(bytes: patched(field: 11, 1)) }
    #expect(throws: Never.self) { _ = try Model.parse(bytes: patched(field: 9, 500)) }
  }
}
