// The float64 peer of `vigil-bench peer float64`: the same stages as Vigil's monitor (DC blocker, time
// statistics, Hann, real FFT, band energies, a dense autoencoder, an alert counter) in Double, written
// the way a careful Swift programmer would without SIMD intrinsics: every buffer allocated once at
// init (no allocation per sample or window), the real FFT as an N/2-point complex radix-2 FFT plus the
// split step, twiddles and bit reversal precomputed. Its weights are pseudo-random of the model's layer
// shapes (the cost does not depend on their values).

import Foundation
import VigilCore

/// A float64 monitor: push interleaved Int16 frames, get a score per window.
struct FloatPipeline {
  let n: Int, half: Int, hop: Int, axes: Int, pole: Double
  let lower: [Int], upper: [Int]
  let hann: UnsafeMutableBufferPointer<Double>
  let cosT: UnsafeMutableBufferPointer<Double>, sinT: UnsafeMutableBufferPointer<Double>   // N/2-point FFT twiddles
  let splitCos: UnsafeMutableBufferPointer<Double>, splitSin: UnsafeMutableBufferPointer<Double>   // W_N^k, k ≤ N/2
  let bitrev: UnsafeMutableBufferPointer<Int>
  let ring: UnsafeMutableBufferPointer<Double>     // axes × n, written circularly
  let re: UnsafeMutableBufferPointer<Double>, im: UnsafeMutableBufferPointer<Double>
  let power: UnsafeMutableBufferPointer<Double>
  let features: UnsafeMutableBufferPointer<Double>
  let normMean: UnsafeMutableBufferPointer<Double>, normScale: UnsafeMutableBufferPointer<Double>
  var layers: [(w: UnsafeMutableBufferPointer<Double>, b: UnsafeMutableBufferPointer<Double>, inputs: Int, outputs: Int, relu: Bool)] = []
  let z: UnsafeMutableBufferPointer<Double>, act0: UnsafeMutableBufferPointer<Double>, act1: UnsafeMutableBufferPointer<Double>
  var x1: [Double], y1: [Double]
  var pos = 0, filled = 0, sinceWindow = 0, frameAxis = 0
  var above = 0, alerting = false
  var windows = 0

  init(model: Model) { self.init(frontEnd: model.frontEnd, autoencoder: model.autoencoder) }

  /// The front end alone when `autoencoder` has no layers.
  init(frontEnd fe: FrontEndConfig, autoencoder ae: Autoencoder = Autoencoder()) {
    n = fe.windowLength; half = n / 2; hop = fe.hop; axes = fe.axes
    pole = Double(fe.dcBlockerPole) / 2_147_483_648
    lower = (0..<fe.bands.count).map { fe.bands.lowerBin($0) }
    upper = (0..<fe.bands.count).map { fe.bands.upperBin($0) }
    func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
      let p = UnsafeMutableBufferPointer<T>.allocate(capacity: count); p.initialize(repeating: value); return p
    }
    hann = buffer(n, 0.0)
    for i in 0..<n { hann[i] = 0.5 - 0.5 * cos(2 * .pi * Double(i) / Double(n)) }
    cosT = buffer(half / 2, 0.0); sinT = buffer(half / 2, 0.0)
    for k in 0..<(half / 2) { cosT[k] = cos(2 * .pi * Double(k) / Double(half)); sinT[k] = -sin(2 * .pi * Double(k) / Double(half)) }
    splitCos = buffer(half + 1, 0.0); splitSin = buffer(half + 1, 0.0)
    for k in 0...half { splitCos[k] = cos(2 * .pi * Double(k) / Double(n)); splitSin[k] = -sin(2 * .pi * Double(k) / Double(n)) }
    bitrev = buffer(half, 0)
    let bits = half.trailingZeroBitCount
    for i in 0..<half {
      var r = 0
      for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
      bitrev[i] = r
    }
    ring = buffer(axes * n, 0.0)
    re = buffer(half, 0.0); im = buffer(half, 0.0); power = buffer(half + 1, 0.0)
    let f = fe.featureCount
    features = buffer(f, 0.0); normMean = buffer(f, 0.0); normScale = buffer(f, 1.0)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random() -> Double { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Double(Int64(bitPattern: state) >> 11) / Double(1 << 52) / 8 }
    var width = f
    for i in 0..<ae.layerCount {
      let l = ae.layer(i)
      let w = buffer(l.inputs * l.outputs, 0.0), b = buffer(l.outputs, 0.0)
      for k in 0..<w.count { w[k] = random() }
      layers.append((w, b, l.inputs, l.outputs, l.relu))
      width = max(width, l.outputs)
    }
    z = buffer(f, 0.0); act0 = buffer(width, 0.0); act1 = buffer(width, 0.0)
    x1 = .init(repeating: 0, count: axes); y1 = x1
  }

  /// Pushes interleaved frames; `onWindow` gets each window's score.
  mutating func push(_ chunk: UnsafeBufferPointer<Int16>, onWindow: (Double) -> Void) {
    for v in chunk {
      let a = frameAxis
      let x = Double(v) / 32768
      let y = x - x1[a] + pole * y1[a]
      x1[a] = x; y1[a] = y
      ring[a * n + pos] = y
      frameAxis += 1
      if frameAxis == axes {
        frameAxis = 0
        pos = pos + 1 == n ? 0 : pos + 1
        if filled < n { filled += 1 }
        sinceWindow += 1
        if filled == n && sinceWindow >= hop { sinceWindow = 0; onWindow(window()) }
      }
    }
  }

  mutating func window() -> Double {
    let perAxis = lower.count + 8
    for a in 0..<axes { analyse(axis: a, into: a * perAxis) }
    let s = layers.isEmpty ? features[0] : score()
    above = s > 1 ? above + 1 : 0
    alerting = above >= 3 ? true : (above == 0 ? false : alerting)
    windows += 1
    return s
  }

  /// Statistics, Hann, real FFT, bands of one axis (oldest sample first).
  func analyse(axis a: Int, into o: Int) {
    let base = a * n
    var sum = 0.0, peak = 0.0, lo = Double.infinity, hi = -Double.infinity
    for i in 0..<n {
      let v = ring[base + i]
      sum += v; peak = max(peak, abs(v)); lo = min(lo, v); hi = max(hi, v)
    }
    let mean = sum / Double(n)
    var m2 = 0.0, m3 = 0.0, m4 = 0.0, sq = 0.0, crossings = 0
    var previous = ring[base + pos] - mean
    for k in 0..<n {
      let i = pos + k < n ? pos + k : pos + k - n
      let v = ring[base + i]
      let d = v - mean, d2 = d * d
      m2 += d2; m3 += d2 * d; m4 += d2 * d2; sq += v * v
      if (d < 0) != (previous < 0) { crossings += 1 }
      previous = d
      // Hann-windowed, packed as N/2 complex points (even samples real, odd imaginary), bit-reversed.
      let w = v * hann[k]
      if k & 1 == 0 { re[bitrev[k >> 1]] = w } else { im[bitrev[k >> 1]] = w }
    }
    let rms = (sq / Double(n)).squareRoot()
    features[o + lower.count + 0] = mean
    features[o + lower.count + 1] = rms
    features[o + lower.count + 2] = peak
    features[o + lower.count + 3] = hi - lo
    features[o + lower.count + 4] = peak / max(rms, 1e-12)
    features[o + lower.count + 5] = m4 * Double(n) / max(m2 * m2, 1e-30)
    features[o + lower.count + 6] = m3 / Double(n) / max(pow(m2 / Double(n), 1.5), 1e-30)
    features[o + lower.count + 7] = Double(crossings) / Double(n)
    fft()
    // Split: X[k] = E[k] + W_N^k O[k], for k = 0 ... N/2.
    for k in 0...half {
      let k1 = k == half ? 0 : k, k2 = k == 0 ? 0 : half - k
      let ar = re[k1], ai = im[k1], br = re[k2], bi = -im[k2]
      let er = (ar + br) / 2, ei = (ai + bi) / 2
      let or = (ai - bi) / 2, oi = -(ar - br) / 2
      let xr = er + splitCos[k] * or - splitSin[k] * oi
      let xi = ei + splitCos[k] * oi + splitSin[k] * or
      power[k] = (xr * xr + xi * xi) / Double(n * n)
    }
    for b in 0..<lower.count {
      var e = 0.0
      for k in lower[b]..<upper[b] { e += power[k] }
      features[o + b] = 10 * log10(32.0 / 3 * e + 1e-18)
    }
  }

  /// In-place iterative radix-2 DIT FFT of N/2 points, input already in bit-reversed order.
  func fft() {
    var len = 2
    while len <= half {
      let step = half / len, h = len / 2
      var start = 0
      while start < half {
        for j in 0..<h {
          let wr = cosT[j * step], wi = sinT[j * step]
          let a = start + j, b = a + h
          let tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr
          re[b] = re[a] - tr; im[b] = im[a] - ti
          re[a] += tr; im[a] += ti
        }
        start += len
      }
      len <<= 1
    }
  }

  /// Normalise, run the dense layers, mean squared reconstruction error.
  func score() -> Double {
    let f = features.count
    for i in 0..<f { z[i] = (features[i] - normMean[i]) * normScale[i] }
    var input = z, output = act0
    for (index, l) in layers.enumerated() {
      for o in 0..<l.outputs {
        var acc = l.b[o]
        let row = o * l.inputs
        for i in 0..<l.inputs { acc += l.w[row + i] * input[i] }
        output[o] = l.relu ? max(0, acc) : acc
      }
      input = output
      output = index % 2 == 0 ? act1 : act0
    }
    var e = 0.0
    for i in 0..<f { let d = input[i] - z[i]; e += d * d }
    return e / Double(f)
  }

  /// Feature `i` of the last window (band energies in dB; statistics as fractions of full scale).
  func feature(_ i: Int) -> Double { features[i] }
}
