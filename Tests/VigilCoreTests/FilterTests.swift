// Biquad cascade, DC blocker and decimator against scipy (sosfilt / lfilter) on the same Q15 input.

import Foundation
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

@Suite("Filters vs scipy")
struct FilterTests {
  let g = Golden.shared.filters

  func run(_ input: [Int16], _ c: BiquadCascade) -> [Double] {
    var state = BiquadState()
    return input.map { Double(state.process(Int32($0) << 16, through: c)) / 2_147_483_648 }
  }

  @Test("biquad cascades within 1e-3 of full scale of scipy.signal.sosfilt (same Q3.29 coefficients)")
  func cascades() throws {
    for d in g.designs {
      let out = run(g.input, try cascade(d.sections))
      let err = zip(out, d.output).map { abs($0 - $1) }.max()!
      #expect(err < 1e-3, "\(d.kind) order \(d.order) \(d.edges): max error \(err)")
      #expect(err < 1e-5, "\(d.kind) order \(d.order): \(err) (Q31 state should be far better than required)")
    }
  }

  @Test("host Butterworth designer: same magnitude response as scipy.signal.butter")
  func designer() throws {
    for d in g.designs {
      let kind: FilterKind = switch d.kind {
      case "lowpass": .lowPass(cutoff: d.edges[0])
      case "highpass": .highPass(cutoff: d.edges[0])
      default: .bandPass(low: d.edges[0], high: d.edges[1])
      }
      let f = try butterworth(order: d.order, kind, sampleRate: 1.0)
      for (fr, mag) in zip(d.responseFreqs, d.responseMag) {
        let h = f.response(atNormalized: fr)
        let m = (h.re * h.re + h.im * h.im).squareRoot()
        #expect(abs(m - mag) < 1e-9 + 1e-7 * mag, "\(d.kind) \(d.order) at \(fr): \(m) vs \(mag)")
      }
      // and the quantised cascade runs in the core within 1e-3 of scipy's output
      let out = run(g.input, try f.cascade())
      let err = zip(out, d.output).map { abs($0 - $1) }.max()!
      #expect(err < 1e-3, "designed \(d.kind) \(d.order): \(err)")
    }
  }

  @Test("designer rejects bad orders and edges with a clear error")
  func designerErrors() {
    #expect(throws: DesignError.orderOutOfRange(9)) { try butterworth(order: 9, .lowPass(cutoff: 100), sampleRate: 1000) }
    #expect(throws: DesignError.frequencyOutOfRange(600, sampleRate: 1000)) {
      try butterworth(order: 2, .lowPass(cutoff: 600), sampleRate: 1000)
    }
  }

  @Test("DC blocker equals scipy lfilter([1, −1], [1, −R])")
  func dcBlocker() {
    var dc = DCBlocker()
    let out = g.dc.input.map { Double(dc.process(Int32($0) << 16, pole: g.dc.poleQ31)) / 2_147_483_648 }
    let err = zip(out, g.dc.output).map { abs($0 - $1) }.max()!
    #expect(err < 1e-6, "max error \(err)")
    #expect(abs(out.suffix(1000).reduce(0, +) / 1000) < 0.01)   // the 0.3 FS offset is gone
  }

  @Test("decimator (anti-alias cascade, keep every M-th) equals scipy sosfilt(...)[::M]")
  func decimator() throws {
    let aa = try cascade(g.decimator.sections)
    let bands = layout([1, 2])
    let config = FrontEndConfig(axes: 1, windowLength: 64, hop: 64, bands: bands,
                                decimation: g.decimator.factor, antiAlias: aa)
    var chain = SignalChain()
    var out: [Double] = []
    for x in g.input { if let y = chain.process(Int32(x) << 16, config: config) { out.append(Double(y) / 2_147_483_648) } }
    #expect(out.count == g.decimator.output.count)
    let err = zip(out, g.decimator.output).map { abs($0 - $1) }.max()!
    #expect(err < 1e-3, "max error \(err)")
  }

  @Test("saturation: a resonant section driven by a full-scale square wave clips, never wraps")
  func saturation() throws {
    let s = g.saturation
    let out = run(s.input, try cascade(s.sections))
    #expect(s.outputUnclipped.map(abs).max()! > 2)                // the linear output really overflows
    // The reference is a float64 direct form I whose output saturates at full scale (what the core documents);
    // wrap-around would show up as full-scale jumps of the opposite sign.
    let err = zip(out, s.outputSaturating).map { abs($0 - $1) }.max()!
    #expect(err < 1e-6, "max error vs saturating reference: \(err)")
    #expect(out.filter { $0 >= 1 - 1e-9 }.count > 100)             // and it does sit at full scale
  }

  @Test("cascades with too many sections, huge or unstable coefficients are rejected")
  func rejects() {
    let one: Int64 = 1 << 29
    #expect(throws: ConfigError.tooManyFilterSections) { try cascade(Array(repeating: [one, 0, 0, 0, 0], count: 9)) }
    #expect(throws: ConfigError.filterCoefficientsTooLarge) { try cascade([[3 * one, 3 * one, 3 * one, 0, 0]]) }
    #expect(throws: ConfigError.filterUnstable) { try cascade([[one, 0, 0, 0, one]]) }         // a2 = 1
    #expect(throws: ConfigError.filterUnstable) { try cascade([[one, 0, 0, -2 * one + 5, one - 10]]) }
  }
}
