// Proof (b) of "no allocation": 10,000 windows through the front end, zero mallocs after initialisation.

import MallocCounter
import Testing
import TestSupport
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

  @Test("10,000 windows through the whole monitor (front end + autoencoder + alert state machine): zero mallocs")
  func monitorZeroMallocs() throws {
    let model = ModelFixture.model
    let m = UnsafeMutablePointer<Monitor<1024>>.allocate(capacity: 1)
    m.initialize(to: try Monitor<1024>(model: model))
    defer { m.deinitialize(count: 1); m.deallocate() }
    let chunk = testSignal(frames: 512 * 5, axes: model.frontEnd.axes)
    var windows = 0, events = 0
    var frame = [UInt8](repeating: 0, count: 512)
    // Warm-up until one event has been encoded: the hosted runtime instantiates type metadata lazily on the
    // first use of each path (Embedded Swift has no runtime metadata).
    func pushWindows(_ count: Int, _ out: UnsafeMutableBufferPointer<UInt8>) {
      chunk.withUnsafeBufferPointer { p in
        let target = windows + count
        while windows < target {
          m.pointee.push(p, timestamp: UInt64(windows)) { r in
            windows += 1
            if let e = r.event { events += 1; _ = e.encodeJSON(bandCount: model.frontEnd.bands.count, into: out); _ = e.encodeFrame(into: out) }
          }
        }
      }
    }
    frame.withUnsafeMutableBufferPointer { out in while events == 0 { pushWindows(1, out) } }
    windows = 0; events = 0
    let before = vigil_malloc_count()
    frame.withUnsafeMutableBufferPointer { out in pushWindows(10_000, out) }
    let mallocs = vigil_malloc_count() - before
    #expect(windows >= 10_000)
    #expect(events > 0)                                      // heartbeats at least: the encoders ran
    #expect(mallocs == 0, "\(mallocs) heap allocations in \(windows) windows")
  }
}
