// The HTML report read back as an engineer would check it: every SVG parsed (XMLParser), axis titles with
// units, round tick labels, legends whose swatches match the series, every axis of a 3-axis recording, the
// smoothed score checked against an independent float EWMA, the training period at the right x; and a
// headless-Chromium screenshot whose pixels hold the drawn elements.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import VigilHost
import VigilCore

// MARK: - Reading the SVG back

/// One parsed element.
final class Node {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [Node] = []
  init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }
  subscript(_ a: String) -> String? { attributes[a] }
  func double(_ a: String) -> Double? { attributes[a].flatMap(Double.init) }
  var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
  /// Every descendant (depth first, self included) that satisfies `p`.
  func all(_ p: (Node) -> Bool) -> [Node] { (p(self) ? [self] : []) + children.flatMap { $0.all(p) } }
  func all(class c: String) -> [Node] { all { $0.classes.contains(c) } }
  /// All text below this node.
  var allText: String { text + children.map(\.allText).joined() }
}

final class TreeBuilder: NSObject, XMLParserDelegate {
  var stack: [Node] = []
  var root: Node?
  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
              attributes: [String: String] = [:]) {
    let n = Node(name: name, attributes: attributes)
    stack.last?.children.append(n)
    if stack.isEmpty { root = n }
    stack.append(n)
  }
  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
  func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
}

/// Every `<svg>…</svg>` of the page, parsed as XML (a malformed SVG fails the test).
func parseSVGs(_ html: String) throws -> [Node] {
  var out: [Node] = []
  var rest = html[...]
  while let a = rest.range(of: "<svg"), let b = rest.range(of: "</svg>", range: a.upperBound..<rest.endIndex) {
    let builder = TreeBuilder()
    let parser = XMLParser(data: Data(rest[a.lowerBound..<b.upperBound].utf8))
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw ReportCheck("SVG \(out.count) is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
    }
    out.append(root)
    rest = rest[b.upperBound...]
  }
  return out
}

struct ReportCheck: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

/// What the tests read from one panel.
struct PanelView {
  let svg: Node
  var name: String { svg["data-panel"] ?? "" }
  var xTitle: String { svg.all(class: "axis-title").first { $0.classes.contains("x") }?.allText ?? "" }
  var yTitle: String { svg.all(class: "axis-title").first { $0.classes.contains("y") }?.allText ?? "" }
  /// Time ticks: (value in the axis unit, x).
  var xTicks: [(value: Double, x: Double)] {
    svg.all(class: "tick").filter { $0.classes.contains("x") }.map { (Double($0.allText) ?? .nan, $0.double("x") ?? .nan) }
  }
  var yTicks: [(value: Double, y: Double)] {
    svg.all(class: "tick").filter { $0.classes.contains("y") }.map { (Double($0.allText) ?? .nan, ($0.double("y") ?? .nan) - 4) }
  }
  var legend: [String: Node] {
    Dictionary(svg.all(class: "legend-entry").map { ($0["data-key"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
  }
  func series(_ key: String) -> [(x: Double, y: Double)]? {
    guard let s = svg.all(class: "series").first(where: { $0["data-series"] == key }) else { return nil }
    return (s["points"] ?? "").split(separator: " ").map { p in
      let c = p.split(separator: ",").compactMap { Double($0) }
      return (c[0], c[1])
    }
  }
  func bands(_ kind: String) -> [Node] { svg.all(class: "band").filter { $0["data-kind"] == kind } }
  /// Seconds per unit of the time axis, from its title ("… (h)").
  var secondsPerUnit: Double { xTitle.hasSuffix("(h)") ? 3600 : xTitle.hasSuffix("(min)") ? 60 : 1 }
  /// The x of time `t` (seconds from the start), from the tick labels and their positions.
  func x(_ t: Double) -> Double {
    let a = xTicks.first!, b = xTicks.last!
    return a.x + (t / secondsPerUnit - a.value) * (b.x - a.x) / (b.value - a.value)
  }
}

/// Whether `ticks` are round: 1, 2 or 5 × 10^k apart, evenly spaced, each a multiple of the step.
func roundTicks(_ v: [Double]) -> Bool {
  guard v.count >= 2, v.allSatisfy(\.isFinite) else { return false }
  let step = v[1] - v[0]
  let m = step / pow(10, log10(step).rounded(.down))
  let oneTwoFive = [1.0, 2, 5, 10].contains { abs(m - $0) < 1e-6 }
  let even = zip(v, v.dropFirst()).allSatisfy { abs($1 - $0 - step) < 1e-9 * max(1, step) }
  let multiples = v.allSatisfy { abs(($0 / step).rounded() - $0 / step) < 1e-6 }
  return oneTwoFive && even && multiples
}

/// The stroke or fill colour of a legend entry's swatch.
func swatchColor(_ entry: Node) -> String? {
  entry.children.first { $0.name != "text" }.flatMap { $0["stroke"] ?? $0["fill"] }
}

// MARK: - Inputs

/// The demo exactly as `vigil-sim demo` builds it (bundled sample and model, training period of 0.2).
enum DemoReport {
  static let dir = Paths.root.appendingPathComponent("HostSim/vigil-sim/Demo")
  static let built: (html: String, input: ReportInput) = {
    let model = try! Model.parse(bytes: [UInt8](try! Data(contentsOf: dir.appendingPathComponent("bearing1_1-sample.vglm"))))
    let source = SensorSource(try! RawInt16Recording(url: dir.appendingPathComponent("bearing1_1-sample.i16"), sampleRate: 25_600,
                                                     axes: 2, fullScale: 50), sensor: .native(fullScale: 50))
    let r = try! replay(source, model: model, keepFeatures: true)
    let input = ReportInput(title: "demo", recording: "bearing1_1-sample.i16", sensor: source.sensor.description,
                            countsPerG: source.sensor.countsPerG, model: model, replay: r,
                            training: try! trainingPeriod(source, trainFraction: 0.2), trainingNote: "--train-fraction 0.2")
    return (renderReport(input), input)
  }()
}

/// Checks shared by every report: titles with units, round ticks, legends matching series, the training band.
func checkCommon(_ panels: [PanelView], axes: Int, unit: String, scoreTitle: String = "anomaly score (σ², log scale)") {
  #expect(panels.map(\.name) == ["score", "rms", "kurtosis", "heatmap"])
  for p in panels {
    #expect(p.xTitle == "time since start of run (\(unit))", "\(p.name): x title '\(p.xTitle)'")
    #expect(p.yTitle.contains("(") && p.yTitle.contains(")"), "\(p.name): y title '\(p.yTitle)' has no unit")
    #expect(roundTicks(p.xTicks.map(\.value)), "\(p.name): time ticks \(p.xTicks.map(\.value))")
    #expect(p.xTicks.first?.value == 0)
    #expect(p.xTicks.count >= 3 && p.xTicks.count <= 12)
  }
  let score = panels[0], rms = panels[1], kurt = panels[2], heat = panels[3]
  #expect(score.yTitle == scoreTitle)
  #expect(rms.yTitle == "RMS (g)")
  #expect(kurt.yTitle.hasPrefix("kurtosis ("))
  #expect(heat.yTitle == "band lower edge (Hz)")
  // Score: raw and smoothed series, the levels, every legend entry, log ticks at 1, 2 or 5 × 10^k.
  for key in ["score", "smoothed", "raise", "clear", "critical", "training", "warning-period", "critical-period",
              "to-warning", "to-critical", "clear-event"] {
    #expect(score.legend[key] != nil, "score legend lacks \(key)")
  }
  #expect(score.series("score") != nil && score.series("smoothed") != nil)
  for v in score.yTicks.map(\.value) {
    let m = v / pow(10, log10(v).rounded(.down))
    #expect([1.0, 2, 5].contains { abs(m - $0) < 1e-6 }, "score tick \(v)")
  }
  #expect(swatchColor(score.legend["smoothed"]!) == score.svg.all(class: "series").first { $0["data-series"] == "smoothed" }?["stroke"])
  // RMS and kurtosis: one series per axis, its legend entry named after the axis in the series' colour.
  for p in [rms, kurt] {
    let names = ["x", "y", "z"].prefix(axes)
    #expect(p.svg.all(class: "series").count == axes, "\(p.name): \(p.svg.all(class: "series").count) series")
    for n in names {
      let series = p.svg.all(class: "series").first { $0["data-series"] == "axis-\(n)" }
      let entry = p.legend["axis-\(n)"]
      #expect(series != nil && entry != nil, "\(p.name): axis \(n)")
      #expect(entry?.allText == "axis \(n)")
      #expect(entry.flatMap(swatchColor) == series?["stroke"], "\(p.name): legend colour of axis \(n)")
    }
    #expect(p.legend["axis-z"] == nil || axes == 3)
    #expect(roundTicks(p.yTicks.map(\.value)), "\(p.name): y ticks \(p.yTicks.map(\.value))")
  }
  #expect(kurt.legend["reference"]?.allText == "3 = Gaussian")
  // Heat map: one strip per axis, a colour bar with round dB ticks.
  #expect(heat.svg.all(class: "strip-title").map(\.allText) == ["x", "y", "z"].prefix(axes).map { "axis \($0)" })
  #expect(heat.svg.all(class: "colour-bar").count == 1)
  let db = heat.svg.all(class: "tick").filter { $0.classes.contains("colour") }.map { Double($0.allText) ?? .nan }
  #expect(roundTicks(db), "colour bar ticks \(db)")
  #expect(heat.svg.all(class: "axis-title").contains { $0.classes.contains("colour") && $0.allText.hasPrefix("band energy (dB") })
}

/// The training and held-out bands of every panel span [0, trainEnd) and [trainEnd, heldOutEnd) (seconds).
func checkTraining(_ panels: [PanelView], trainEnd: Double, heldOutEnd: Double) {
  for p in panels {
    let px = abs(p.x(1) - p.x(0)) > 0 ? 0.6 : 0   // drawing rounds to 0.1 px; allow half a pixel more
    let train = p.bands("training"), held = p.bands("held-out")
    #expect(!train.isEmpty && held.isEmpty == (heldOutEnd == trainEnd), "\(p.name): training bands")
    #expect(p.legend["held-out"] == nil || heldOutEnd > trainEnd)
    for b in train {
      #expect(abs(b.double("x")! - p.x(0)) <= px, "\(p.name): training starts at \(b.double("x")!), expected \(p.x(0))")
      #expect(abs(b.double("x")! + b.double("width")! - p.x(trainEnd)) <= px,
              "\(p.name): training ends at \(b.double("x")! + b.double("width")!), expected \(p.x(trainEnd))")
    }
    for b in held {
      #expect(abs(b.double("x")! - p.x(trainEnd)) <= px)
      #expect(abs(b.double("x")! + b.double("width")! - p.x(heldOutEnd)) <= px, "\(p.name): held-out end")
    }
  }
}

/// An independent smoothed score: Float64 EWMA of the scores capped at 2 × critical.
func referenceSmoothed(_ scores: [Int32], model: Model) -> [Double] {
  let scale = pow(2, Double(model.detector.scoreFractionBits))
  let cap = 2 * Double(model.threshold) / scale * Double(model.policy.criticalRatioQ16) / 65536
  let alpha = Double(model.policy.smoothingQ15) / 32768
  var s = 0.0, out: [Double] = []
  for (k, v) in scores.enumerated() {
    let x = min(Double(v) / scale, cap)
    s = k == 0 ? x : s + alpha * (x - s)
    out.append(s)
  }
  return out
}

// MARK: - Tests

@Suite("Report", .serialized)
struct ReportTests {
  @Test("time ticks are round numbers in s, min or h by span")
  func timeTicks() {
    let h = TimeTicks(span: 28_020)
    #expect(h.unit == "h" && h.step == 1 && h.ticks.map { h.label($0) } == ["0", "1", "2", "3", "4", "5", "6", "7"])
    let s = TimeTicks(span: 1.98)
    #expect(s.unit == "s" && s.ticks.map { s.label($0) } == ["0.0", "0.5", "1.0", "1.5"])
    let m = TimeTicks(span: 1500)
    #expect(m.unit == "min" && m.step == 5 && m.ticks.count == 6)
    #expect(TimeTicks(span: 120).unit == "s" && TimeTicks(span: 7201).unit == "h")
    #expect(logTicks(0.3, 187) == [1, 10, 100])
    #expect(logTicks(0.5, 20) == [0.5, 1, 2, 5, 10, 20])
    #expect(linearTicks(0, 6.12) == [0, 2, 4, 6, 8])
    #expect(roundTicks(linearTicks(-78, -24, target: 4)))
  }

  @Test("the training split is the one `train` uses")
  func split() {
    // train: end = max(2, ⌊count·f⌋) segments, the last 20% of them held out (trainingSegments).
    #expect(trainingSplit(segmentCount: 2803, trainFraction: 0.2) == (0..<448, 448..<560))
    #expect(trainingSplit(segmentCount: 237, trainFraction: 0.2) == (0..<37, 37..<47))
    #expect(trainingSplit(segmentCount: 10, trainFraction: 0.2) == (0..<1, 1..<2))
  }

  @Test("demo report: labelled axes with units, round ticks, legends, smoothed score, training period")
  func demo() throws {
    let (html, input) = DemoReport.built
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>"))
    #expect(!html.contains("<script") && !html.contains("http") && !html.contains("<link") && !html.contains("url("))
    let panels = try parseSVGs(html).map(PanelView.init)
    checkCommon(panels, axes: 2, unit: "h")
    #expect(panels[0].xTicks.map(\.value) == [0, 1, 2, 3, 4, 5, 6, 7])   // 7.8 h run
    // Training period: segments 0..<37 train, 37..<47 held out; their times from the segment index.
    let index = try String(contentsOf: DemoReport.dir.appendingPathComponent("bearing1_1-sample.i16.segments.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[0])! }
    checkTraining(panels, trainEnd: index[37], heldOutEnd: index[47])
    #expect(panels[0].legend["held-out"]?.allText == "held out (threshold)")
    // Smoothed score: one point per snapshot (segment), read back through the log axis, equals an
    // independent float EWMA at the segment's last window (within the drawing's rounding).
    let score = panels[0]
    let windows = input.replay.windows
    let points = try #require(score.series("smoothed"))
    let lastOfSegment = windows.indices.filter { $0 == windows.count - 1 || windows[$0 + 1].segment != windows[$0].segment }
    #expect(points.count == lastOfSegment.count && points.count == 237)
    let ref = referenceSmoothed(windows.map(\.score), model: input.model)
    let t = score.yTicks, a = t.first!, b = t.last!
    func value(_ y: Double) -> Double { pow(10, log10(a.value) + (y - a.y) / (b.y - a.y) * (log10(b.value) - log10(a.value))) }
    var worst = 0.0
    for (p, w) in zip(points, lastOfSegment) { worst = max(worst, abs(value(p.y) / ref[w] - 1)) }
    #expect(worst < 0.01, "smoothed score drawn vs float EWMA: worst relative error \(worst)")
    // Each window ends N + k·hop frames into its snapshot (k: its index in the snapshot); points sit at
    // the end of a snapshot's last window, markers at the end of the event's window.
    let firstOfSegment = windows.indices.filter { $0 == 0 || windows[$0 - 1].segment != windows[$0].segment }
    func end(_ w: Int) -> Double {
      let k = w - firstOfSegment.last { $0 <= w }!
      let fe = input.model.frontEnd
      return index[windows[w].segment] + Double(fe.windowLength + k * fe.hop) / 25_600
    }
    #expect(abs(points[0].x - score.x(end(lastOfSegment[0]))) < 0.2 && abs(points.last!.x - score.x(index.last! + 0.1)) < 0.2)
    #expect(abs(score.x(end(windows.count - 1)) - score.x(index.last! + 0.1)) < 1e-9)
    // The core's smoothed score is what its events carry.
    let smoothed = smoothedScores(windows.map(\.score), model: input.model)
    for e in input.replay.events { #expect(smoothed[Int(e.window)] == e.score) }
    // One marker per alert event, at its window's time.
    let alerts = input.replay.events.filter { $0.kind != .heartbeat }
    let markers = score.svg.all(class: "marker")
    #expect(markers.count == alerts.count && alerts.count == 2)
    for (m, e) in zip(markers, alerts) {
      let tip = Double((m["d"] ?? "").dropFirst().split(separator: " ")[0])!
      #expect(abs(tip - score.x(end(Int(e.window)))) < 0.2)
    }
  }

  @Test("windows timed by the replay (the device clock: each window's end) draw exactly as windows timed by their segment")
  func eitherClock() throws {
    let (html, input) = DemoReport.built
    let fe = input.model.frontEnd
    var timed = input
    var k = 0
    for w in timed.replay.windows.indices {
      k = w > 0 && timed.replay.windows[w - 1].segment == timed.replay.windows[w].segment ? k + 1 : 0
      timed.replay.windows[w].time += Double(fe.windowLength + k * fe.hop) / 25_600
    }
    #expect(timed.replay.windows.map(\.time) != input.replay.windows.map(\.time))
    func drawn(_ h: String) throws -> [String] {
      try parseSVGs(h).flatMap { $0.all { ["series", "band", "marker", "tick"].contains(where: $0.classes.contains) } }
        .map { n in n.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + n.allText }
    }
    let a = try drawn(html), b = try drawn(renderReport(timed))
    #expect(a.count == b.count && a.count > 40)
    #expect(a == b)
  }

  @Test("a replay with no windows still gives a well-formed report")
  func empty() throws {
    let model = try Model.parse(bytes: [UInt8](try Data(contentsOf: DemoReport.dir.appendingPathComponent("bearing1_1-sample.vglm"))))
    var r = ReplayResult(); r.sampleRate = 25_600
    let html = renderReport(ReportInput(title: "none", recording: "r", sensor: "s", countsPerG: 655.36, model: model, replay: r,
                                        training: TrainingPeriod(training: 0..<1, heldOut: 1..<2)))
    let panels = try parseSVGs(html).map(PanelView.init)
    #expect(panels.count == 4 && html.contains("no alerts"))
    #expect(!html.contains("nan") && !html.contains("inf"))
  }

  @Test("one-axis report: one series per panel, named x in its own colour; a continuous recording spreads over its time")
  func oneAxis() throws {
    // 3 s of noise at 8 kHz, louder after 2 s; one continuous segment (window times from the sample count).
    var rng = SystemRandomNumberGenerator()
    let n = 24_000
    let x: [Float] = (0..<n).map { i in Float.random(in: -1...1, using: &rng) * (i < 16_000 ? 0.05 : 0.5) }
    let source = SensorSource(ContinuousRecording(name: "noise", sampleRate: 8000, axes: [x], file: "noise"), sensor: .native(fullScale: 2))
    let training = try trainingPeriod(source, trainFraction: 0.5)
    #expect(abs(training.training.lowerBound) < 1e-12 && abs(training.training.upperBound - 1.2) < 1e-9)
    #expect(abs(training.heldOut.lowerBound - 1.2) < 1e-9 && abs(training.heldOut.upperBound - 1.5) < 1e-9)
    // A baseline is calibrated on all of the healthy start (train --detector rms): nothing held out.
    let baseline = try trainingPeriod(source, trainFraction: 0.5, detector: .rms)
    #expect(baseline.training.upperBound == training.heldOut.upperBound && baseline.heldOut.isEmpty)
    let config = try standardPlan(for: source).config()
    let cut = SensorSource(ContinuousRecording(name: "noise", sampleRate: 8000, axes: [x], file: "noise", segmentSeconds: 0.3),
                           sensor: .native(fullScale: 2))
    let model = try baselineModel(.rms, source: cut, segments: 0..<4, config: config)
    let r = try replay(source, model: model, keepFeatures: true)
    let html = renderReport(ReportInput(title: "1 axis", recording: "noise", sensor: "native", countsPerG: 32768.0 / 2,
                                        model: model, replay: r, training: baseline))
    let panels = try parseSVGs(html).map(PanelView.init)
    checkCommon(panels, axes: 1, unit: "s", scoreTitle: "rms score (fraction of full scale, log scale)")
    #expect(panels[0].legend["training"]?.allText == "training (threshold)" && panels[0].legend["held-out"] == nil)
    #expect(panels[1].svg.all(class: "series").count == 1 && panels[1].legend["axis-y"] == nil)
    checkTraining(panels, trainEnd: 1.5, heldOutEnd: 1.5)
    for p in panels { #expect(p.xTitle == "time since start of run (s)") }
    // Windows of one segment are spread over the 3 s, not piled at t = 0.
    let pts = try #require(panels[1].series("axis-x"))
    #expect(pts.count > 20 && pts.last!.x > panels[1].x(2.8) && pts.first!.x < panels[1].x(0.2))
    #expect(panels[0].svg.all(class: "marker").count >= 1)   // the loud last third raises an alert
  }

  @Test("CbM 3-axis recording: three series per panel, every legend entry, time from the sample count",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func cbmThreeAxes() throws {
    let file = RealData.folder!.appendingPathComponent("cbm-adxl356c/1800_GoB_GS_BaLo_WA_00lb.Wfm.csv")
    let whole = try CbMSource(url: file)
    let cut = try CbMSource(url: file, segmentSeconds: 0.1)
    let config = try standardPlan(for: cut).config()
    let model = try baselineModel(.kurtosis, source: cut, segments: 0..<8, config: config)
    for source in [whole, cut] {
      let r = try replay(source, model: model, keepFeatures: true)
      let training = try trainingPeriod(source, trainFraction: 0.5, detector: .kurtosis)
      let html = renderReport(ReportInput(title: "cbm", recording: file.lastPathComponent, sensor: source.sensor.description,
                                          countsPerG: source.sensor.countsPerG, model: model, replay: r, training: training))
      let panels = try parseSVGs(html).map(PanelView.init)
      // 2 s: ticks 0, 0.5, 1, 1.5 s.
      #expect(panels[0].xTicks.map(\.value) == [0, 0.5, 1, 1.5])
      checkCommon(panels, axes: 3, unit: "s", scoreTitle: "kurtosis score (m4/m2², log scale)")
      #expect(panels[1].svg.all(class: "series").count == 3 && panels[2].svg.all(class: "series").count == 3)
      // Both cuts give the same period as `train --train-fraction 0.5 --detector kurtosis`: the first 1.0 s.
      checkTraining(panels, trainEnd: 1.0, heldOutEnd: 1.0)
      let pts = try #require(panels[1].series("axis-z"))
      #expect(pts.count >= 20 && pts.last!.x > panels[1].x(1.8), "\(source.segmentCount) segment(s): \(pts.count) points")
    }
  }

  @Test("headless Chromium renders the demo report with every panel drawn",
        .enabled(if: Chromium.name != nil, "chromium not found: screenshot check skipped (apt-get install chromium)"))
  func screenshot() throws {
    let html = temp("report.html", Array(DemoReport.built.html.utf8))
    let png = html.deletingLastPathComponent().appendingPathComponent("report.png")
    defer { try? FileManager.default.removeItem(at: html); try? FileManager.default.removeItem(at: png) }
    try Chromium.screenshot(html, to: png, width: 1400, height: 2400)
    let image = try PNGImage(contentsOf: png)
    #expect(image.width == 1400 && image.height == 2400)
    // The drawn colours cover real areas: training band, alert periods, smoothed score, axis series,
    // heat-map cells (viridis ends), the colour bar.
    func count(_ hex: String, tolerance: Int = 6) -> Int { image.count(of: hex, tolerance: tolerance) }
    #expect(count(trainingFill) > 20_000, "training band")
    #expect(count(heldOutFill) > 5_000, "held-out band")
    #expect(count(criticalFill) > 20_000, "critical period")
    #expect(count("#0b2f6b", tolerance: 30) > 800, "smoothed score")
    #expect(count(axisColors[1], tolerance: 30) > 800, "axis y series")
    #expect(count("#440154", tolerance: 40) + count("#3b528b", tolerance: 30) > 2_000, "dark heat-map cells")
    #expect(count("#fde725", tolerance: 40) > 100, "bright heat-map cells / colour bar")
  }
}

// MARK: - Chromium and PNG

enum Chromium {
  static let name: String? = ["chromium", "chromium-browser", "google-chrome"].first(where: CrossTools.which)

  /// `chromium --headless --screenshot=png --window-size=W,H file://html` (no sandbox: CI runs as root).
  static func screenshot(_ html: URL, to png: URL, width: Int, height: Int) throws {
    let (status, _, err) = try run([name!, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                    "--screenshot=\(png.path)", "--window-size=\(width),\(height)", html.absoluteString])
    guard status == 0, FileManager.default.fileExists(atPath: png.path) else {
      throw ReportCheck("\(name!) exited \(status) without writing \(png.path): \(err.suffix(500))")
    }
  }
}

/// An 8-bit RGB or RGBA, non-interlaced PNG decoded with the package's own inflate.
struct PNGImage {
  let width: Int, height: Int, channels: Int
  let pixels: [UInt8]

  init(contentsOf url: URL) throws {
    let d = [UInt8](try Data(contentsOf: url))
    guard d.count > 33, d[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw ReportCheck("not a PNG") }
    func be32(_ i: Int) -> Int { Int(d[i]) << 24 | Int(d[i + 1]) << 16 | Int(d[i + 2]) << 8 | Int(d[i + 3]) }
    var at = 8, idat: [UInt8] = []
    var w = 0, h = 0, ch = 0
    while at + 8 <= d.count {
      let len = be32(at), type = String(decoding: d[at + 4..<at + 8], as: UTF8.self)
      let body = d[at + 8..<at + 8 + len]
      if type == "IHDR" {
        w = be32(at + 8); h = be32(at + 12)
        guard body[body.startIndex + 8] == 8, body[body.startIndex + 12] == 0 else { throw ReportCheck("PNG: not 8-bit non-interlaced") }
        switch body[body.startIndex + 9] { case 2: ch = 3; case 6: ch = 4; default: throw ReportCheck("PNG: colour type") }
      }
      if type == "IDAT" { idat += body }
      at += 12 + len
    }
    let raw = try zlibDecompress(idat[...])
    let stride = w * ch
    guard raw.count == h * (stride + 1) else { throw ReportCheck("PNG: \(raw.count) bytes for \(w)×\(h)×\(ch)") }
    var out = [UInt8](repeating: 0, count: h * stride)
    for y in 0..<h {
      let filter = raw[y * (stride + 1)], src = y * (stride + 1) + 1, dst = y * stride
      for i in 0..<stride {
        let x = Int(raw[src + i])
        let a = i >= ch ? Int(out[dst + i - ch]) : 0, b = y > 0 ? Int(out[dst - stride + i]) : 0
        let c = i >= ch && y > 0 ? Int(out[dst - stride + i - ch]) : 0
        let v: Int
        switch filter {
        case 0: v = x
        case 1: v = x + a
        case 2: v = x + b
        case 3: v = x + (a + b) / 2
        case 4:
          let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
        default: throw ReportCheck("PNG: filter \(filter)")
        }
        out[dst + i] = UInt8(truncatingIfNeeded: v)
      }
    }
    width = w; height = h; channels = ch; pixels = out
  }

  /// Pixels within `tolerance` (per channel) of the colour `#rrggbb`.
  func count(of hex: String, tolerance: Int) -> Int {
    let v = Int(hex.dropFirst(), radix: 16)!
    let (r, g, b) = (v >> 16 & 255, v >> 8 & 255, v & 255)
    var n = 0
    for p in Swift.stride(from: 0, to: pixels.count, by: channels)
    where abs(Int(pixels[p]) - r) <= tolerance && abs(Int(pixels[p + 1]) - g) <= tolerance && abs(Int(pixels[p + 2]) - b) <= tolerance {
      n += 1
    }
    return n
  }
}
