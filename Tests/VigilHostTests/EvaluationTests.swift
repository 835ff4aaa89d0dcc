// Slices of `vigil-sim evaluate` (the full tables run in release: see README), on the real recordings.

import Foundation
import Testing
import TestSupport
@testable import VigilHost
import VigilCore

@Suite("Evaluation slices on real recordings", .serialized)
struct EvaluationTests {
  @Test("CWRU 48k 0 hp: window AUC ≥ 0.99 for every fault, zero alerts on the normal half",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func cwru() throws {
    let r = try evaluateCWRU(folder: RealData.folder!.appendingPathComponent("cwru/48k"))
    #expect(r.auc.count == 10)
    for (fault, v) in r.auc { #expect(v[0] >= 0.99, "\(fault): AUC \(v[0])") }
    #expect(r.healthyAlerts[0] == 0)
    #expect(r.spearman >= 0.99)
  }

  @Test("CbM 1800 rpm: AUC ≥ 0.95 for every bearing fault",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func cbm() throws {
    let r = try evaluateCbM(folder: RealData.folder!.appendingPathComponent("cbm-adxl356c"), speeds: ["1800"])[0]
    let bearing = r.auc.filter { ["LBF", "HBF", "LIR", "HIR", "LOR", "HOR"].contains(String($0.condition.prefix(3))) }
    #expect(bearing.count == 12)
    for (c, v) in bearing { #expect(v[0] >= 0.95, "\(c): AUC \(v[0])") }
  }

  @Test("IMS: no alert on the 25 held-out healthy snapshots; every OF.mat failure snapshot flagged",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func ims() throws {
    let r = try evaluateIMS(folder: RealData.folder!.appendingPathComponent("ims"))
    #expect(r.healthyAlerts[0] == 0)
    let of = r.flagged.first { $0.file == "OF" }!.ratios
    #expect(of.count == 6 && of.allSatisfy { $0[0] > 1 }, "\(of.map { $0[0] })")
    let na = r.flagged.first { $0.file == "NA" }!.ratios
    #expect(na.allSatisfy { $0[0] < 1 })
  }

  @Test("PRONOSTIA slice (the bundled demo sample: every 12th snapshot): no alert in the first 30%, sustained ≥ 3.5 h before the end")
  func pronostiaSample() throws {
    let dir = Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo")
    let source = SensorSource(try RawInt16Recording(url: dir.appendingPathComponent("bearing1_1-sample.i16"), sampleRate: 25_600, axes: 2, fullScale: 50),
                              sensor: .native(fullScale: 50))
    let r = try evaluateRunToFailure(source)
    let ae = r.outcomes[0].outcome
    print("PRONOSTIA sample: AE first alert \(ae.firstAlert.map { $0 / 3600 } ?? -1) h, sustained from \(ae.sustainedFrom.map { $0 / 3600 } ?? -1) h, lead \(ae.lead.map { $0 / 3600 } ?? -1) h")
    #expect(ae.earlyAlerts == 0)
    #expect((ae.lead ?? 0) >= 3.5 * 3600)
    #expect(r.spearman >= 0.99)
    #expect(r.outcomes.map(\.detector) == ["autoencoder", "AE float ref.", "RMS", "kurtosis"])
    // The float reference (the float network, calibrated on its own held-out scores) ends the same way.
    #expect(r.floatOutcome.same, "\(r.floatOutcome)")
    #expect(abs(r.floatOutcome.sustainedDifferenceHours ?? 1) < 0.05, "\(r.floatOutcome)")
  }
}

@Suite("Demo and report")
struct DemoTests {
  @Test("the bundled model replays the bundled sample and the report holds every panel and the alerts")
  func report() throws {
    let dir = Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo")
    let model = try Model.parse(bytes: [UInt8](try Data(contentsOf: dir.appendingPathComponent("bearing1_1-sample.vglm"))))
    let source = SensorSource(try RawInt16Recording(url: dir.appendingPathComponent("bearing1_1-sample.i16"), sampleRate: 25_600, axes: 2, fullScale: 50),
                              sensor: .native(fullScale: 50))
    #expect(source.segmentCount == 237)
    let r = try replay(source, model: model, keepFeatures: true)
    let html = renderReport(ReportInput(title: "t", recording: "r", sensor: "s", countsPerG: 32768.0 / 50, model: model, replay: r))
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>"))
    #expect(html.components(separatedBy: "<svg").count - 1 == 4)     // score, RMS, kurtosis, heat map
    #expect(!html.contains("<script") && !html.contains("http"))     // self-contained
    #expect(html.contains("<td>raise</td>"))
    #expect(html.contains("threshold"))
    let raises = r.events.filter { $0.kind == .raise }
    #expect(!raises.isEmpty && raises.allSatisfy { r.windows[Int($0.window)].time > 0.3 * 28_020 })
  }
}
