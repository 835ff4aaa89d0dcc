// The opt-in features on the host side: their names (train --features, a manifest's "features"), the
// standard envelope design, and a bad feature list named by file, line and key.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost

@Suite("Opt-in features: names, envelope design, manifests")
struct FeaturePlanTests {
  @Test("feature lists: names, none, and an unknown name refused with the known ones")
  func names() throws {
    #expect(try parseFeatures("relative,envelope") == [.relative, .envelope])
    #expect(try parseFeatures("envelope") == .envelope)
    #expect(try parseFeatures("none").isEmpty && (try parseFeatures("")).isEmpty)
    #expect(featureList([.relative, .envelope]) == "relative,envelope" && featureList([]) == "none")
    do { _ = try parseFeatures("relative,kurtosis"); Issue.record("accepted an unknown feature") }
    catch { #expect("\(error)".contains("unknown feature 'kurtosis'") && "\(error)".contains("relative, envelope")) }
  }

  @Test("standard envelope: CbM 20 kHz N = 1024 demodulates bins 256 ..< 272 (W = 16; 32 on request); an 800 Hz N = 64 window bins 16 ..< 32")
  func envelopeDesign() throws {
    let cbm = try standardEnvelope(windowLength: 1024, sampleRate: 20_000)
    #expect(cbm.carrierBin == 256 && cbm.width == 16 && cbm.bands.count == 8)
    #expect(cbm.bands.lowerBin(0) == 3 && cbm.bands.upperBin(7) == 16)
    let wide = try standardEnvelope(windowLength: 1024, sampleRate: 20_000, width: 32)
    #expect(wide.carrierBin == 256 && wide.width == 32 && wide.bands.upperBin(7) == 32)
    let adxl = try standardEnvelope(windowLength: 64, sampleRate: 800)
    #expect(adxl.carrierBin == 16 && adxl.width == 16 && adxl.bands.lowerBin(0) == 3 && adxl.bands.upperBin(7) == 16)
    #expect(throws: (any Error).self) { try standardEnvelope(windowLength: 1024, sampleRate: 20_000, width: 24) }
    var plan = FrontEndPlan(sampleRate: 20_000, axes: 3)
    plan.bands = 16
    plan.features = [.relative, .envelope]
    let config = try plan.config()
    try config.validate(capacity: 1024)
    #expect(config.featureCount == 3 * (16 + 1 + 8 + 8))
    plan.bands = 24                                 // 3 × (24 + 1 + 8 + 8) = 123 > 120
    #expect(throws: ConfigError.tooManyFeatures) { try plan.config().validate(capacity: 1024) }
  }

  @Test("a manifest's bad \"features\" is refused naming the file, the line and the key")
  func badManifest() throws {
    let url = temp("features.json", Array("""
      {
        "name": "bad features",
        "features": "relative,bogus",
        "train": [{"file": "a.wav"}],
        "healthy": [{"file": "b.wav"}]
      }
      """.utf8))
    do { _ = try Manifest.load(url); Issue.record("accepted") }
    catch { #expect("\(error)".contains("features.json:3: features: unknown feature 'bogus'"), "\(error)") }
  }
}
