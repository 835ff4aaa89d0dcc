// Proof (b) of "no allocation": 10,000 windows through the front end, zero mallocs after initialisation.

import MallocCounter
import Testing
@testable import VigilCore

@Suite("No heap allocation per window")
struct AllocationTests {
  @Test("10,000 windows (3 axes, N = 1024, hop N/2, DC blocker + high-pass + decimator by 2): zero mallocs after init")
  func zeroMallocs() throws {
    let config = try standardConfig(axes: 3, n: 1024, hop: 512, decimation: 2)
    let fe = UnsafeMutablePointer<FrontEnd<1024>>.allocate(capacity: 1)
    fe.initialize(to: try FrontEnd<1024>(config: config))
    defer { fe.deinitialize(count: 1); fe.deallocate() }
    let chunk = testSignal(frames: 512 * 5, axes: 3)          // 5 hops per chunk
    var windows = 0
    var checksum: Int64 = 0
    // Warm-up: the hosted Swift runtime instantiates generic type metadata lazily, once per type per
    // process, on first use (about 46 small allocations here). That is initialisation, and Embedded Swift
    // has no runtime metadata at all (EmbeddedBuildTests proves the device build cannot allocate).
    chunk.withUnsafeBufferPointer { p in fe.pointee.push(p) { _ in } }
    let before = vigil_malloc_count()
    chunk.withUnsafeBufferPointer { p in
      while windows < 10_000 {
        fe.pointee.push(p) { fv in windows += 1; checksum &+= Int64(fv[3]) }
      }
    }
    let mallocs = vigil_malloc_count() - before
    #expect(windows >= 10_000)
    #expect(checksum != 0)
    #expect(mallocs == 0, "\(mallocs) heap allocations in \(windows) windows")
  }

  @Test("the counter itself works: an Array allocation is counted")
  func counterCounts() {
    let before = vigil_malloc_count()
    let a = [Int](repeating: 1, count: Int.random(in: 100...200))
    #expect(vigil_malloc_count() - before >= 1)
    #expect(a.count >= 100)
  }
}
