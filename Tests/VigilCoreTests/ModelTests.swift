// The quantized autoencoder and its model file: bit-exact against an independent Python reference, round
// trips, distinct rejections, fuzzing, and quantized-vs-float agreement on real recordings.

import Foundation
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

enum ModelFixture {
  static let folder = Paths.golden.appendingPathComponent("model")
  static let bytes = [UInt8](FileManager.default.contents(atPath: folder.appendingPathComponent("bearing1_1.vglm").path)!)
  static let model = try! Model.parse(bytes: bytes)
  static let float = try! JSONDecoder().decode(FloatAutoencoder.self,
    from: Data(contentsOf: folder.appendingPathComponent("bearing1_1.float.json")))

  struct Reference: Decodable {
    struct Result: Decodable { let input: [Int16]; let output: [Int16]; let score: Int32; let top: [[Int64]] }
    let vectors: [[Int64]]
    let bandCount: Int
    let results: [Result]
  }
  static let reference = try! JSONDecoder().decode(Reference.self,
    from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
}

@Suite("Quantized autoencoder and model file")
struct ModelTests {
  @Test("integer inference equals the Python reference run from the model file (72 vectors, incl. saturation)")
  func matchesReference() {
    let ae = ModelFixture.model.autoencoder
    let ref = ModelFixture.reference
    #expect(ref.results.count == 72)
    for (k, (v, r)) in zip(ref.vectors, ref.results).enumerated() {
      var fv = FeatureVector()
      fv.load(v.map { Int32($0) }, bandCount: ref.bandCount)
      var input = [Int16](repeating: 0, count: ae.featureCount), output = input
      var scratch = [Int16](repeating: 0, count: 2 * Autoencoder.maxWidth)
      input.withUnsafeMutableBufferPointer { i in output.withUnsafeMutableBufferPointer { o in
        scratch.withUnsafeMutableBufferPointer { s in ae.reconstruct(fv, input: i, output: o, scratch: s) } } }
      #expect(input == r.input, "vector \(k): normalised input")
      #expect(output == r.output, "vector \(k): reconstruction")
      let s = ae.score(fv)
      #expect(s.value == r.score, "vector \(k): score")
      #expect((0..<3).map { [Int64(s.top[$0].feature), Int64(s.top[$0].value)] } == r.top, "vector \(k): top 3")
    }
  }

  @Test("the model as Swift source: a constant table holding exactly the file's bytes")
  func swiftSource() {
    let src = ModelFixture.model.swiftSource(name: "compiledModel")
    #expect(src.contains("let compiledModel: InlineArray<\(ModelFixture.bytes.count), UInt8> = ["))
    let hex = src.split(separator: "\n").filter { $0.hasPrefix("  0x") }
      .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    #expect(hex.map { UInt8($0.dropFirst(2), radix: 16)! } == ModelFixture.bytes)
  }

  @Test("serialize(parse(file)) reproduces the file byte for byte")
  func roundTrip() {
    #expect(ModelFixture.model.fileBytes() == ModelFixture.bytes)
  }

  @Test("each kind of bad file is rejected with its own error")
  func distinctErrors() throws {
    let good = ModelFixture.bytes
    func parse(_ b: [UInt8], expecting f: UInt32? = nil) throws(ModelError) { _ = try Model.parse(bytes: b, expectedFingerprint: f) }
    func withCRC(_ b: [UInt8]) -> [UInt8] {
      var b = b
      let c = b.prefix(b.count - 4).withUnsafeBufferPointer { crc32($0) }
      for k in 0..<4 { b[b.count - 4 + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
      return b
    }
    var b = good; b[0] = 0x58
    #expect(throws: ModelError.badMagic) { try parse(b) }
    b = good; b[4] = 4
    #expect(throws: ModelError.unsupportedVersion) { try parse(b) }
    b = good; b[4] = 3                  // a version-3 file is read with a feature byte after the band edges
    #expect(throws: ModelError.fingerprintMismatch) { try parse(withCRC(b)) }
    #expect(throws: ModelError.truncated) { try parse(Array(good.prefix(10))) }
    #expect(throws: ModelError.truncated) { try parse(Array(good.prefix(good.count - 100))) }
    #expect(throws: ModelError.lengthMismatch) { try parse(good + [0, 0]) }
    b = good; b[200] ^= 0x40
    #expect(throws: ModelError.crcMismatch) { try parse(b) }
    b = good; b[12] ^= 1                                              // header fingerprint, CRC fixed up
    #expect(throws: ModelError.fingerprintMismatch) { try parse(withCRC(b)) }
    #expect(throws: ModelError.fingerprintMismatch) { try parse(good, expecting: 0xDEAD_BEEF) }
    try parse(good, expecting: ModelFixture.model.frontEnd.fingerprint)
    // A different front end (hop changed) with a matching fingerprint is a valid model, but not for this device.
    var other = ModelFixture.model
    other.frontEnd.hop = 256
    #expect(throws: ModelError.fingerprintMismatch) { try parse(other.fileBytes(), expecting: ModelFixture.model.frontEnd.fingerprint) }
    // Sizes over capacity: the first layer's output width (offset: after the normalisation table) set to 200.
    let layerStart = 16 + 16 + 2 * (ModelFixture.model.frontEnd.bands.count + 1) + 8 + 4 * Model.policyFields + 8 + 9 * 64
    b = good; b[layerStart + 2] = 200
    #expect(throws: ModelError.overCapacity) { try parse(withCRC(b)) }
    b = good; b[layerStart + 4] = 7                                   // relu flag must be 0 or 1
    #expect(throws: ModelError.malformed) { try parse(withCRC(b)) }
    b = good; b[18] ^= 1                                              // hop 512 → 513: valid, but not what was fingerprinted
    #expect(throws: ModelError.fingerprintMismatch) { try parse(withCRC(b)) }
  }

  @Test("a front-end section the front end rejects is named as such")
  func invalidFrontEnd() throws {
    var b = ModelFixture.bytes
    b[16] = 9   // axes = 9, and keep fingerprint + CRC consistent
    let feEnd = 16 + 16 + 2 * (ModelFixture.model.frontEnd.bands.count + 1)
    let fp = b[16..<feEnd].withUnsafeBufferPointer { crc32(UnsafeBufferPointer(rebasing: $0[...])) }
    for k in 0..<4 { b[12 + k] = UInt8(truncatingIfNeeded: fp >> (8 * UInt32(k))) }
    let c = b.prefix(b.count - 4).withUnsafeBufferPointer { crc32($0) }
    for k in 0..<4 { b[b.count - 4 + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
    #expect(throws: ModelError.invalidFrontEnd(.axesOutOfRange)) { try Model.parse(bytes: b) }
  }

  @Test("fuzz slice: 6,000 corrupted / truncated / random files, no crash, nothing wrong accepted")
  func fuzzSlice() {
    let r = fuzzModelLoader(valid: ModelFixture.bytes, count: 6000, seed: 99)
    #expect(r.violations.isEmpty, "\(r.violations.prefix(3))")
    #expect(r.total == 6000)
    #expect(r.accepted < r.total / 2)
    #expect(r.rejected.count >= 5, "\(r.summary)")   // the fuzzer reaches many distinct checks
  }

  @Test("quantized vs float on real PRONOSTIA windows (healthy and faulty): Spearman ≥ 0.99",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func quantizedVsFloat() throws {
    let source = try PronostiaSource(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1"))
    let extractor = try FeatureExtractor(config: ModelFixture.model.frontEnd)
    var q: [Double] = [], f: [Double] = []
    // held-out healthy (after the 20% training part) through the failure, every 7th snapshot + the last 40
    let segments = Array(stride(from: 600, to: 2763, by: 7)) + Array(2763..<2803)
    for i in segments {
      for v in extractor.features(try source.segment(i).samples) {
        var fv = FeatureVector(); fv.load(v, bandCount: ModelFixture.model.frontEnd.bands.count)
        q.append(Double(ModelFixture.model.autoencoder.score(fv).value) / 65536)
        f.append(ModelFixture.float.score(v).score)
      }
    }
    let rho = spearman(q, f)
    print("quantized vs float: Spearman \(rho) on \(q.count) windows")
    #expect(q.count > 1000)
    #expect(rho >= 0.99)
    #expect(q.max()! > 10 * q.sorted()[q.count / 2])                   // the faulty end really is in the slice
  }

  @Test("same alert decisions, quantized vs float, on a replay of all of PRONOSTIA Bearing1_1",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func sameDecisions() throws {
    let source = try PronostiaSource(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1"))
    let model = ModelFixture.model
    let q = try replay(source, model: model, keepFeatures: true)
    let f = floatReplay(ModelFixture.float, windows: q.windows, threshold: model.threshold, policy: model.policy)
    let agreement = compareDecisions(q.events, f.events, windows: q.windows.count)
    print("quantized vs float, Bearing1_1 replay (\(q.windows.count) windows): \(agreement)")
    #expect(q.windows.count == 2803 * 4)
    // The same decisions where they matter: as many alert episodes, the same first alert, the sustained
    // alert within 15 minutes. Not event-for-event: where the smoothed score hovers at a level, a 1e-4
    // difference can flip one hysteresis decision (README, "Fixed point vs float").
    #expect(agreement.raisesA == agreement.raisesB)
    let oq = RunOutcome(events: q.events, windows: q.windows, earlyFraction: 0.3)
    let of = RunOutcome(events: f.events, windows: q.windows, earlyFraction: 0.3)
    #expect(oq.falseAlerts == of.falseAlerts && oq.earlyAlerts == of.earlyAlerts)
    #expect(abs((oq.firstAlert ?? -1) - (of.firstAlert ?? -1)) <= 20)     // ±2 windows of 10 s snapshots
    #expect(abs((oq.sustainedFrom ?? -1) - (of.sustainedFrom ?? -1)) <= 900)
    #expect(agreement.stateAgreement >= 0.98)
    #expect(spearman(q.windows.map { Double($0.score) }, f.scores) >= 0.99)
  }
}
