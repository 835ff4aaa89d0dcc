// vigil-bench: the front end's cost per window (N = 1024, 3 axes, hop N/2 unless told otherwise), with the
// float64 peer (FloatPipeline.swift) doing the same front end in the same run.
//
//   swift run -c release vigil-bench                 # ns per window (and per stage), mallocs per window
//   swift run -c release vigil-bench --windows 200 --quiet   # fixed work, for instruction counting:
//   Benchmarks/instructions                          # callgrind: instructions per window (x86_64)
//   swift run -c release vigil-bench --replay <data>/pronostia/Bearing1_1   # whole-run replay: wall time, peak memory
//   vigil-bench peer monitor|frontend|float64|fft --model M.vglm --input S.i16   # one peer of Benchmarks/compare

import Foundation
import MallocCounter
import VigilCore
import VigilHost

struct Options {
  var n = 1024, axes = 3, windows = 4000, quiet = false
  var replay: String? = nil
  init(_ args: [String]) throws {
    var it = args.makeIterator()
    while let a = it.next() {
      func value() throws -> Int {
        guard let v = it.next(), let i = Int(v), i >= 0 else { throw UsageError("\(a) needs a non-negative number") }
        return i
      }
      switch a {
      case "--n": n = try value()
      case "--axes": axes = try value()
      case "--windows": windows = try value()
      case "--quiet": quiet = true
      case "--replay":
        guard let v = it.next() else { throw UsageError("--replay needs a recording (e.g. <data>/pronostia/Bearing1_1)") }
        replay = v
      case "-h", "--help":
        print("usage: vigil-bench [--n 1024] [--axes 3] [--windows 4000] [--quiet] | --replay RECORDING"); exit(0)
      default: throw UsageError("unknown option '\(a)' (see --help)")
      }
    }
  }
}
struct UsageError: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Vibration-like test signal: tones, an offset, pseudo-random noise.
func signal(frames: Int, axes: Int) -> [Int16] {
  var state: UInt32 = 12345
  return (0..<(frames * axes)).map { i in
    state = state &* 1_664_525 &+ 1_013_904_223
    let t = Double(i / axes)
    let v = 3000 * sin(0.031 * t) + 800 * sin(0.77 * t) + 200 + Double(Int(state >> 22) - 512)
    return Int16(max(-32768, min(32767, v)))
  }
}

func run(_ o: Options) throws {
  let fs = 3200.0
  let edges = try logSpacedBandEdges(bands: 24, low: 5, high: fs / 2, windowLength: o.n, sampleRate: fs)
  let config = FrontEndConfig(
    axes: o.axes, windowLength: o.n, hop: o.n / 2, bands: try bandLayout(edges: edges),
    dcBlockerPole: Int32(0.995 * 2_147_483_648),
    filter: try butterworth(order: 2, .highPass(cutoff: 3), sampleRate: fs).cascade())
  let fe = UnsafeMutablePointer<FrontEnd<4096>>.allocate(capacity: 1)
  fe.initialize(to: try FrontEnd<4096>(config: config))
  let hopChunk = signal(frames: o.n / 2 * 8, axes: o.axes)     // 8 windows per push
  var windows = 0
  var sink: Int64 = 0
  hopChunk.withUnsafeBufferPointer { p in fe.pointee.push(p) { fv in sink &+= Int64(fv[0]) } }  // warm-up
  let m0 = vigil_malloc_count()
  let t0 = now()
  hopChunk.withUnsafeBufferPointer { p in
    while windows < o.windows { fe.pointee.push(p) { fv in windows += 1; sink &+= Int64(fv[0]) } }
  }
  let t1 = now()
  let mallocs = vigil_malloc_count() - m0
  if o.quiet { print("windows \(windows) checksum \(sink)"); return }

  // Per stage, on the same data: the kernels the front end calls, one axis at a time.
  let reps = max(1, o.windows / 4)
  var x = [Int32](repeating: 0, count: o.n)
  let raw = (0..<o.n).map { Int32(hopChunk[$0 * o.axes]) << 16 }
  var stats = [Int32](repeating: 0, count: 8), bands = [Int32](repeating: 0, count: 32)
  let layout = config.bands
  var tStats: UInt64 = 0, tHann: UInt64 = 0, tFFT: UInt64 = 0, tBands: UInt64 = 0
  let log2n = config.log2WindowLength
  for _ in 0..<reps {
    x.replaceSubrange(0..<o.n, with: raw)
    x.withUnsafeMutableBufferPointer { w in
      stats.withUnsafeMutableBufferPointer { s in
        bands.withUnsafeMutableBufferPointer { b in
          let a = now(); timeStatistics(w, count: o.n, log2Count: log2n, into: s)
          let c = now(); applyHann(w, count: o.n)
          let d = now(); let e = realFFT(w, count: o.n)
          let f = now(); bandEnergies(w, count: o.n, blockExponent: e, layout: layout, into: b)
          let g = now()
          tStats += c - a; tHann += d - c; tFFT += f - d; tBands += g - f
        }
      }
    }
  }
  // Per-sample chain (DC blocker + order-2 high-pass) cost per window: hop × axes samples.
  var chain = SignalChain()
  let samples = o.n / 2 * o.axes * reps
  let c0 = now()
  var acc: Int64 = 0
  for i in 0..<samples { if let y = chain.process(raw[i % o.n], config: config) { acc &+= Int64(y) } }
  let c1 = now()
  sink &+= acc

  // The float64 peer (FloatPipeline.swift): the same front end in Double, same data, same pushes.
  var peer = FloatPipeline(frontEnd: config)
  var peerWindows = 0
  let p0 = now()
  hopChunk.withUnsafeBufferPointer { p in
    while peerWindows < o.windows { peer.push(p) { s in peerWindows += 1; sink &+= Int64(s) } }
  }
  let p1 = now()

  let perWin = Double(t1 - t0) / Double(windows)
  let ax = Double(o.axes), r = Double(reps)
  print("""
    VigilCore front end, N = \(o.n), \(o.axes) axes, hop N/2, \(config.bands.count) bands, release build
    (the same core code the device runs), \(windows) windows, checksum \(sink & 0xFFFF)

    stage (per window, all axes)     VigilCore Q31
    signal chain (DC + HP biquad)   \(fmt(Double(c1 - c0) / r))
    statistics + Hann + FFT + bands \(fmt(Double(tStats + tHann + tFFT + tBands) / r * ax))
      statistics                    \(fmt(Double(tStats) / r * ax))
      Hann window                   \(fmt(Double(tHann) / r * ax))
      real FFT                      \(fmt(Double(tFFT) / r * ax))
      band energies                 \(fmt(Double(tBands) / r * ax))
    whole front end (push → features) \(fmt(perWin, width: 12))
    float64 peer, whole front end   \(fmt(Double(p1 - p0) / Double(peerWindows)))   (FloatPipeline: DC blocker only, no biquad)
    heap allocations per window     \(String(format: "%14.4f", Double(mallocs) / Double(windows)))   (\(mallocs) in \(windows) windows)
    """)
}

func fmt(_ ns: Double, width: Int = 14) -> String {
  let s = ns >= 1e6 ? String(format: "%.2f ms", ns / 1e6) : String(format: "%.1f µs", ns / 1e3)
  return String(repeating: " ", count: max(0, width - s.count)) + s
}

/// Replays a whole recording through the core (reading, parsing, front end, autoencoder, alerts) and prints
/// wall time and peak memory: the figure for "replay all of Bearing1_1 in ≤ 5 s and ≤ 50 MB".
func replayBenchmark(_ path: String) throws {
  let t0 = Date()
  let source = SensorSource(try openRecording(path), sensor: .native(fullScale: 50))
  var plan = FrontEndPlan(sampleRate: source.sampleRate, axes: source.axes)
  plan.windowLength = 1024
  let config = try plan.config()
  // A model trained on the first 5% (the replay's cost does not depend on the weights).
  let trained = try trainModel(source: source, segments: 0..<max(4, source.segmentCount / 20), config: config)
  let t1 = Date()
  var bytes = 0
  let monitor = try HostMonitor(model: trained.model)
  var windows = 0, events = 0
  for i in 0..<source.segmentCount {
    let seg = try source.segment(i)
    bytes += (try? FileManager.default.attributesOfItem(atPath: seg.source)[.size] as? Int) ?? 0
    for r in monitor.run(seg, timestampMillis: UInt64(seg.time * 1000)) { windows += 1; if r.event != nil { events += 1 } }
  }
  let t2 = Date()
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  print(String(format: """
    replay of %@: %d segments, %.0f MB of recordings, %d windows, %d events
    replay (read + parse + front end + autoencoder + alerts): %.2f s wall, %.1f MB/s; peak memory %.1f MB (max RSS)
    (model training before it: %.2f s)
    """, path, source.segmentCount, Double(bytes) / 1e6, windows, events, t2.timeIntervalSince(t1),
    Double(bytes) / 1e6 / t2.timeIntervalSince(t1), Double(usage.ru_maxrss) / 1024, t1.timeIntervalSince(t0)))
}

do {
  let args = Array(CommandLine.arguments.dropFirst())
  if args.first == "peer" {
    try runPeer(PeerOptions(Array(args.dropFirst())))
  } else {
    let o = try Options(args)
    if let path = o.replay { try replayBenchmark(path) } else { try run(o) }
  }
} catch let error as UsageError {
  FileHandle.standardError.write("vigil-bench: \(error)\n".data(using: .utf8)!)
  exit(64)
} catch {
  FileHandle.standardError.write("vigil-bench: \(error)\n".data(using: .utf8)!)
  exit(1)
}
