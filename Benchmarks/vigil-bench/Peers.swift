// `vigil-bench peer KIND --model M.vglm --input STREAM.i16 [--windows K]`: one peer of Benchmarks/compare,
// run in its own process over a raw interleaved Int16 stream, printing one JSON line (windows, loop
// nanoseconds per window, peak RSS of the process, a checksum). The input is read into memory first; the
// loop passes over it (each pass a new segment) until at least K windows are done.
//
//   monitor   VigilCore's Monitor: front end + autoencoder + alert state machine (the device's code)
//   frontend  VigilCore's FrontEnd alone
//   float64   FloatPipeline (same stages in Double, see FloatPipeline.swift)
//   fft       VigilCore's realFFT alone on the windows' raw Q31 samples (the FFT stage CMSIS-DSP is compared on)
//   digest    no timing: `baselineDigests` (VigilHost/Pipeline/Digest.swift) for --model, to compare builds
//             at different x86-64 baselines (--input is not needed)

import Foundation
import VigilCore
import VigilHost

struct PeerOptions {
  var kind = "", model: String? = nil, input: String? = nil, windows = 2000
  init(_ args: [String]) throws {
    var it = args.makeIterator()
    guard let k = it.next(), ["monitor", "frontend", "float64", "fft", "digest"].contains(k) else {
      throw UsageError("peer needs a kind: monitor, frontend, float64, fft or digest")
    }
    kind = k
    while let a = it.next() {
      guard let v = it.next() else { throw UsageError("\(a) needs a value") }
      switch a {
      case "--model": model = v
      case "--input": input = v
      case "--windows":
        guard let i = Int(v), i > 0 else { throw UsageError("--windows needs a positive number, not '\(v)'") }
        windows = i
      default: throw UsageError("unknown option '\(a)' for peer (--model, --input, --windows)")
      }
    }
    guard model != nil, input != nil || kind == "digest" else { throw UsageError("peer needs --model M.vglm and --input STREAM.i16") }
  }
}

/// Exit code 1: a file the peer cannot use.
struct PeerInputError: Error, CustomStringConvertible { let description: String }

func peerModel(_ path: String) throws -> Model {
  guard let data = FileManager.default.contents(atPath: path) else { throw PeerInputError(description: "\(path): cannot read the model file") }
  do {
    return try [UInt8](data).withUnsafeBufferPointer { b throws(ModelError) in try Model.parse(b) }
  } catch { throw PeerInputError(description: "\(path): \(error.message)") }
}

func peerStream(_ path: String, axes: Int) throws -> [Int16] {
  guard let data = FileManager.default.contents(atPath: path) else { throw PeerInputError(description: "\(path): cannot read the stream") }
  guard data.count % (2 * axes) == 0, data.count > 0 else {
    throw PeerInputError(description: "\(path): \(data.count) bytes is not a whole number of \(axes)-axis Int16 frames")
  }
  return data.withUnsafeBytes { raw in (0..<(data.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) } }
}

/// Peak resident memory of this process (KiB): VmHWM from /proc/self/status, which starts afresh at
/// exec (getrusage's ru_maxrss keeps the parent's peak across fork + exec, so a small child of a big
/// parent would report the parent's); ru_maxrss where /proc is absent.
func maxRSSKiB() -> Int {
  if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
     let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
     let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
    return kib
  }
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss)
}

func runPeer(_ o: PeerOptions) throws {
  let model = try peerModel(o.model!)
  if o.kind == "digest" {
    for d in try baselineDigests(model: model) { print("\(d.name): \(d.windows) windows, digest 0x\(String(d.digest, radix: 16))") }
    return
  }
  let fe = model.frontEnd
  let stream = try peerStream(o.input!, axes: fe.axes)
  let chunk = 32 * fe.axes                       // a sensor FIFO's worth of frames per push
  var windows = 0
  var checksum: Int64 = 0
  var extra = ""
  let t0: UInt64
  switch o.kind {
  case "monitor":
    let m = UnsafeMutablePointer<Monitor<4096>>.allocate(capacity: 1)
    m.initialize(to: try Monitor<4096>(model: model))
    t0 = now()
    inPasses(stream, chunk: chunk, done: { windows >= o.windows }, newPass: { m.pointee.startSegment() }) { c in
      m.pointee.push(c, timestamp: UInt64(windows)) { r in
        windows += 1; checksum &+= Int64(r.score.value) &+ (r.event == nil ? 0 : 1)
      }
    }
  case "frontend":
    let f = UnsafeMutablePointer<FrontEnd<4096>>.allocate(capacity: 1)
    f.initialize(to: try FrontEnd<4096>(config: fe))
    t0 = now()
    inPasses(stream, chunk: chunk, done: { windows >= o.windows }, newPass: { f.pointee.reset() }) { c in
      f.pointee.push(c) { fv in windows += 1; checksum &+= Int64(fv[0]) }
    }
  case "float64":
    var peer = FloatPipeline(model: model)
    extra = try floatSelfCheck(model: model, stream: stream)
    t0 = now()
    inPasses(stream, chunk: chunk, done: { windows >= o.windows }) { c in
      peer.push(c) { s in windows += 1; checksum &+= Int64(s * 1000) }
    }
  default:   // fft: every window's axes as Q31 (count << 16), transformed in place by realFFT
    let n = fe.windowLength, axes = fe.axes, frames = stream.count / axes
    let starts = Array(stride(from: 0, through: frames - n, by: fe.hop))
    guard !starts.isEmpty else { throw PeerInputError(description: "\(o.input!): shorter than one window") }
    var q31 = [Int32](repeating: 0, count: starts.count * axes * n)   // every window's axes, made beforehand
    for (k, s) in starts.enumerated() {
      for a in 0..<axes { for i in 0..<n { q31[(k * axes + a) * n + i] = Int32(stream[(s + i) * axes + a]) << 16 } }
    }
    var x = [Int32](repeating: 0, count: n)
    t0 = now()
    x.withUnsafeMutableBufferPointer { w in
      q31.withUnsafeBufferPointer { all in
        while windows < o.windows {
          for k in 0..<starts.count {
            for a in 0..<axes {
              _ = w.update(fromContentsOf: UnsafeBufferPointer(rebasing: all[((k * axes + a) * n)..<((k * axes + a + 1) * n)]))
              checksum &+= Int64(realFFT(w, count: n)) &+ Int64(w[3])
            }
            windows += 1
            if windows >= o.windows { break }
          }
        }
      }
    }
  }
  let t1 = now()
  print("{\"peer\": \"\(o.kind)\", \"windows\": \(windows), \"ns_per_window\": \(Double(t1 - t0) / Double(max(1, windows))), "
        + "\"max_rss_kib\": \(maxRSSKiB()), \"checksum\": \(checksum)\(extra)}")
}

/// Pushes the whole stream `chunk` samples at a time (a sensor FIFO's worth), pass after pass (`newPass`
/// before each), until `done()`.
func inPasses(_ stream: [Int16], chunk: Int, done: () -> Bool, newPass: () -> Void = {},
              push: (UnsafeBufferPointer<Int16>) -> Void) {
  stream.withUnsafeBufferPointer { p in
    while !done() {
      newPass()
      var at = 0
      while at < p.count {
        let end = min(p.count, at + chunk)
        push(UnsafeBufferPointer(rebasing: p[at..<end]))
        at = end
      }
    }
  }
}

/// The float64 peer computes what Vigil computes: the largest difference of its band energies from the
/// front end's on the first window (over bands within 100 dB of full scale), reported beside its timing.
func floatSelfCheck(model: Model, stream: [Int16]) throws -> String {
  let fe = model.frontEnd
  var peer = FloatPipeline(model: model)
  let f = UnsafeMutablePointer<FrontEnd<4096>>.allocate(capacity: 1)
  defer { f.deallocate() }
  f.initialize(to: try FrontEnd<4096>(config: fe))
  let frames = fe.windowLength * fe.axes
  var vigil: [Double] = [], float: [Double] = []
  stream.withUnsafeBufferPointer { p in
    let first = UnsafeBufferPointer(rebasing: p[0..<min(p.count, frames)])
    f.pointee.push(first) { fv in vigil = (0..<fv.count).map { Double(fv[$0]) / 65536 } }
    var done = false
    peer.push(first) { _ in done = true }
    if done { float = (0..<fe.featureCount).map { peer.feature($0) } }
  }
  guard vigil.count == float.count, !vigil.isEmpty else { return "" }
  var worst = 0.0
  for a in 0..<fe.axes {
    for b in 0..<fe.bands.count {
      let i = a * fe.featuresPerAxis + b
      if vigil[i] > -100 { worst = max(worst, abs(vigil[i] - float[i])) }
    }
  }
  return ", \"band_db_max_difference_vs_vigil\": \(String(format: "%.4f", worst))"
}
