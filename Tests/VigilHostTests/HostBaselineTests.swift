// The host build's x86-64 baseline (Package.swift: -march=x86-64-v3 unless VIGIL_HOST_CPU says otherwise)
// changes the machine code, never the results: the digests of everything the core computes on synthetic
// streams (front end with and without the biquad path, the monitor with the golden model) are pinned to
// what the plain x86-64 (SSE2) build gives — the same figures the x86-64-v2 and -v3 builds printed with
// `vigil-bench peer digest --model Tests/Golden/model/bearing1_1.vglm`. The golden vectors and the qemu
// parity with the ARM firmware (FirmwareParityTests) run in this same build.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost

@Suite("Host build at its x86-64 baseline")
struct HostBaselineTests {
  /// Digests from the plain x86-64 build (VIGIL_HOST_CPU=x86-64), equal at x86-64-v2 and x86-64-v3.
  static let pinned: [String: (windows: Int, digest: UInt64)] = [
    "front end, 3 axes, DC blocker": (120, 0x9427_c739_31e8_e45b),
    "front end, 3 axes, DC blocker + high-pass": (120, 0x6575_6360_02be_8f05),
    "monitor, model's axes": (120, 0xc6cb_bfc0_e7a8_d726),
  ]

  @Test("front end and monitor bit-identical to the plain x86-64 build")
  func identicalResults() throws {
    let bytes = try Data(contentsOf: Paths.golden.appendingPathComponent("model/bearing1_1.vglm"))
    let model = try [UInt8](bytes).withUnsafeBufferPointer { b throws(ModelError) in try Model.parse(b) }
    let got = try baselineDigests(model: model)
    #expect(got.count == Self.pinned.count)
    for d in got {
      let want = try #require(Self.pinned[d.name], "no pinned digest for \(d.name)")
      #expect(d.windows == want.windows, "\(d.name)")
      #expect(d.digest == want.digest, "\(d.name): 0x\(String(d.digest, radix: 16)), the plain x86-64 build gives 0x\(String(want.digest, radix: 16))")
    }
  }

  @Test("the build is at the baseline Package.swift chose, and this CPU has its features")
  func baseline() throws {
    #if arch(x86_64) && VIGIL_HOST_CPU_x86_64_v3
    // A v3 binary would have died with SIGILL before this point on an older CPU; say which flags it uses.
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    guard let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
    let have = Set(flags.split(separator: " ").map(String.init))
    for f in ["avx2", "bmi2", "fma", "movbe"] { #expect(have.contains(f), "x86-64-v3 needs \(f)") }
    #endif
  }
}
