// The replay report: one self-contained HTML file (inline SVG and CSS, no scripts, no external files) that
// anyone can open. Over the run's time axis (round ticks in s, min or h): the anomaly score per window and
// the smoothed score the alert state machine compares with its raise / clear / critical levels, the alert
// periods and events, the training period; RMS and kurtosis of every axis; a heat map of band energies per
// axis with its colour bar; and the alert list with top contributors.

import Foundation
import VigilCore

/// What `renderReport` draws: a replay (with features kept), the model it ran, and how to label it.
public struct ReportInput: Sendable {
  public var title: String
  public var recording: String
  public var sensor: String
  /// Counts per g of the stream the core saw (to show RMS in g).
  public var countsPerG: Double
  public var model: Model
  public var replay: ReplayResult
  /// The period the model was trained on, shaded in the time panels (nil: not shown).
  public var training: TrainingPeriod?
  /// How `training` was obtained (shown under the plots), e.g. "--train-fraction 0.2".
  public var trainingNote: String
  public init(title: String, recording: String, sensor: String, countsPerG: Double, model: Model, replay: ReplayResult,
              training: TrainingPeriod? = nil, trainingNote: String = "") {
    self.title = title; self.recording = recording; self.sensor = sensor; self.countsPerG = countsPerG
    self.model = model; self.replay = replay; self.training = training; self.trainingNote = trainingNote
  }
}

/// Colours of axes x, y, z.
let axisColors = ["#1f5fa8", "#e67e22", "#2e9e5b"]
let axisNames = ["x", "y", "z"]
let trainingFill = "#d9e4f2", heldOutFill = "#e6f0dc", warningFill = "#fde7c2", criticalFill = "#f8c9c4"
let warningColor = "#e67e22", criticalColor = "#c0392b", clearColor = "#27ae60"

/// The report as one self-contained HTML page (see the file header; README "Report").
public func renderReport(_ r: ReportInput) -> String {
  let m = r.model, fe = m.frontEnd
  let windows = r.replay.windows
  let bands = fe.bands.count
  let rate = r.replay.sampleRate > 0 ? r.replay.sampleRate : 1
  let hopSeconds = Double(fe.hop * fe.decimation) / rate, windowSeconds = Double(fe.windowLength * fe.decimation) / rate
  let scale = pow(2, Double(m.detector.scoreFractionBits))
  let machine = AlertStateMachine(threshold: m.threshold, detector: m.detector, policy: m.policy)
  let policy = machine.policy
  let threshold = Double(m.threshold) / scale
  let raiseLevel = threshold * Double(policy.raiseRatioQ16) / 65536
  let clearLevel = threshold * Double(policy.clearRatioQ16) / 65536
  let criticalLevel = threshold * Double(policy.criticalRatioQ16) / 65536
  let times = windowTimes(windows, windowSeconds: windowSeconds, hopSeconds: hopSeconds)
  let smoothed = smoothedScores(windows.map(\.score), model: m)
  // From the start of the first window to the end of the last.
  let axis = TimeAxis(t0: (times.first ?? 0) - windowSeconds, t1: times.last ?? 0)
  let groups = groupWindows(windows, times: times, t0: axis.t0, t1: axis.t1, smoothed: smoothed, scoreScale: scale, config: fe,
                            countsPerG: r.countsPerG, windowSeconds: windowSeconds)
  // Outcome on the same clock (windows re-timed).
  var timed = windows
  for k in timed.indices { timed[k].time = times[k] }
  let outcome = RunOutcome(events: r.replay.events, windows: timed, earlyFraction: 0.3)
  let alertEvents = r.replay.events.filter { $0.kind != .heartbeat && Int($0.window) < windows.count }
  let axesShown = min(fe.axes, axisNames.count)
  let segmentCount = windows.isEmpty ? 0 : 1 + zip(windows, windows.dropFirst()).filter { $0.segment != $1.segment }.count

  /// The training period over the whole plot height, or as a strip `height` high from plot y `y`.
  func trainingBands(_ p: inout Panel, y: Double? = nil, height: Double? = nil) {
    guard let t = r.training else { return }
    p.bar("training", from: t.training.lowerBound, to: t.training.upperBound, y: y ?? p.top, height: height ?? p.plotHeight,
          fill: trainingFill, stroke: height == nil ? nil : "#6f93c6", title: "training: \(axis.label(t.training.lowerBound)) to \(axis.label(t.training.upperBound))")
    p.bar("held-out", from: t.heldOut.lowerBound, to: t.heldOut.upperBound, y: y ?? p.top, height: height ?? p.plotHeight,
          fill: heldOutFill, stroke: height == nil ? nil : "#86b46e", title: "held out (sets the threshold): \(axis.label(t.heldOut.lowerBound)) to \(axis.label(t.heldOut.upperBound))")
  }
  let trainingLegend: [(key: String, label: String, swatch: Swatch)] = r.training.map { t in
    t.heldOut.isEmpty ? [("training", "training (threshold)", .fill(trainingFill))]
      : [("training", "training", .fill(trainingFill)), ("held-out", "held out (threshold)", .fill(heldOutFill))]
  } ?? []

  // Score panel (log scale): raw window scores, smoothed score, levels, alert periods, events.
  let unit = m.detector == .autoencoder ? "σ²" : m.detector == .rms ? "fraction of full scale" : "m4/m2²"
  var scoreLegend: [(key: String, label: String, swatch: Swatch)] = [
    ("score", "window score (median per point)", .line(color: "#9db7d9", width: 1, dash: nil)),
    ("smoothed", "smoothed score (EWMA α \(String(format: "%.2g", Double(policy.smoothingQ15) / 32768)), drives alerts)", .line(color: "#0b2f6b", width: 2, dash: nil)),
    ("raise", raiseLevel == threshold ? "threshold = raise level" : "raise level", .line(color: criticalColor, width: 1.2, dash: "6 4")),
    ("clear", "clear level", .line(color: clearColor, width: 1.2, dash: "2 3")),
    ("critical", "critical level", .line(color: "#7b1d12", width: 1.2, dash: "10 3 2 3")),
  ] + trainingLegend + [
    ("warning-period", "warning", .fill(warningFill)), ("critical-period", "critical", .fill(criticalFill)),
    ("to-warning", "alert → warning", .marker(warningColor)), ("to-critical", "alert → critical", .marker(criticalColor)),
    ("clear-event", "cleared", .marker(clearColor)),
  ]
  if threshold != raiseLevel { scoreLegend.insert(("threshold", "threshold", .line(color: "#555", width: 1, dash: "1 3")), at: 2) }
  var score = Panel("score", axis: axis, plotHeight: 230, legend: scoreLegend)
  let positives = (groups.map(\.score) + groups.map(\.smoothed)).filter { $0 > 0 && $0.isFinite }
  let sLo = roundDown125(min(positives.min() ?? clearLevel, clearLevel) / 1.3)
  let sHi = max(roundUp125(max(positives.max() ?? criticalLevel, criticalLevel) * 1.2), sLo * 10)
  func ys(_ v: Double) -> Double {
    let l = (log10(max(v, sLo)) - log10(sLo)) / (log10(sHi) - log10(sLo))
    return score.top + score.plotHeight * (1 - min(1, l))
  }
  trainingBands(&score)
  var state = Severity.normal, since = axis.t0
  func period(to t: Double) {
    guard state != .normal else { return }
    score.band(state == .critical ? "critical" : "warning", from: since, to: t, fill: state == .critical ? criticalFill : warningFill,
               title: "\(state) from \(axis.label(since)) to \(axis.label(t))")
  }
  for e in alertEvents { period(to: times[Int(e.window)]); state = e.severity; since = times[Int(e.window)] }
  period(to: axis.t1)
  trainingBands(&score, y: score.top + score.plotHeight - 7, height: 7)   // stays visible under an alert period
  let major = logTicks(sLo, sHi)
  var minor: [Double] = []
  for d in Int(log10(sLo).rounded(.down))...Int(log10(sHi).rounded(.up)) {
    for mantissa in [2.0, 5.0] {
      let v = mantissa * pow(10, Double(d))
      if v > sLo && v < sHi && !major.contains(where: { abs($0 / v - 1) < 1e-9 }) { minor.append(v) }
    }
  }
  score.yAxis(major.map { (ys($0), logTickLabel($0)) },
              title: m.detector == .autoencoder ? "anomaly score (σ², log scale)" : "\(m.detector) score (\(unit), log scale)",
              minor: minor.map(ys))
  score.level("clear", y: ys(clearLevel), color: clearColor, dash: "2 3", label: nil)
  score.level("critical", y: ys(criticalLevel), color: "#7b1d12", dash: "10 3 2 3", label: "critical \(String(format: "%.3g", criticalLevel))")
  if threshold != raiseLevel { score.level("threshold", y: ys(threshold), color: "#555", dash: "1 3", label: nil) }
  score.series("score", groups.map { (axis.x($0.time), ys($0.score)) }, color: "#9db7d9", width: 1)
  score.series("smoothed", groups.map { (axis.x($0.time), ys($0.smoothed)) }, color: "#0b2f6b", width: 2)
  score.level("raise", y: ys(raiseLevel), color: criticalColor, dash: "6 4",
              label: "\(raiseLevel == threshold ? "threshold" : "raise") \(String(format: "%.3g", raiseLevel))")
  for e in alertEvents {
    let t = times[Int(e.window)]
    let color = e.kind == .clear ? clearColor : (e.severity == .critical ? criticalColor : warningColor)
    score.add("<path class='marker' data-kind='\(e.kind)' d='\(markerPath(x: axis.x(t), y: score.top - 1))' fill='\(color)'><title>\(e.kind) → \(e.severity) at \(axis.label(t)) (window \(e.window), smoothed score \(String(format: "%.3g", Double(e.score) / scale)))</title></path>")
  }

  // RMS and kurtosis of every axis.
  func linePanel(_ name: String, values: (WindowGroup) -> [Double], title: String, reference: (Double, String)? = nil) -> String {
    var legend: [(key: String, label: String, swatch: Swatch)] = (0..<axesShown).map { a in
      ("axis-\(axisNames[a])", "axis \(axisNames[a])", .line(color: axisColors[a], width: 1.5, dash: nil))
    }
    if let reference { legend.append(("reference", reference.1, .line(color: "#777", width: 1, dash: "4 3"))) }
    legend += trainingLegend
    var p = Panel(name, axis: axis, plotHeight: 170, legend: legend)
    let all = groups.flatMap { values($0).prefix(axesShown) }.filter(\.isFinite) + [reference?.0 ?? 0]
    let ticks = linearTicks(min(0, all.min() ?? 0), max(all.max() ?? 1, 1e-9))
    let lo = ticks.first!, hi = ticks.last!
    func y(_ v: Double) -> Double { p.top + p.plotHeight * (1 - (v - lo) / (hi - lo)) }
    trainingBands(&p)
    p.yAxis(ticks.map { (y($0), tickLabel($0, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1)) }, title: title)
    if let reference { p.level("reference", y: y(reference.0), color: "#777", dash: "4 3", label: nil) }
    for a in 0..<axesShown {
      p.series("axis-\(axisNames[a])", groups.map { (axis.x($0.time), y(values($0)[a])) }, color: axisColors[a], width: 1.1)
    }
    return p.svg()
  }
  let rmsPanel = linePanel("rms", values: \.rms, title: "RMS (g)")
  let kurtPanel = linePanel("kurtosis", values: \.kurtosis, title: "kurtosis (m4/m2²)", reference: (3, "3 = Gaussian"))

  var heat = Panel("heatmap", axis: axis, plotHeight: 0, legend: trainingLegend)
  heatMap(&heat, groups, config: fe, axes: axesShown, sampleRate: rate) { p, y in trainingBands(&p, y: y, height: 6) }

  // Alert list.
  var rows = ""
  for e in alertEvents {
    let top = (0..<3).compactMap { k -> String? in
      let c = e.top[k]
      guard c.feature >= 0 else { return nil }
      return "\(featureName(c.feature, bandCount: fe.bandLikeCount)) (\(String(format: "%.2f", Double(c.value) / (m.detector == .rms ? 1_073_741_824 : 65536))))"
    }.joined(separator: ", ")
    rows += "<tr class='\(e.kind)'><td>\(axis.label(times[Int(e.window)]))</td><td>\(e.kind)</td><td>\(e.severity)</td><td>\(e.window)</td><td>\(String(format: "%.3f", Double(e.score) / scale))</td><td>\(top)</td></tr>"
  }
  let heartbeats = r.replay.events.filter { $0.kind == .heartbeat }.count
  let trainingText = r.training.map { t in
    t.heldOut.isEmpty ? "Training period: \(axis.label(t.training.lowerBound))–\(axis.label(t.training.upperBound)) set the threshold (\(esc(r.trainingNote.isEmpty ? "as given" : r.trainingNote)))." :
    "Training period: \(axis.label(t.training.lowerBound))–\(axis.label(t.training.upperBound)) trained the model, \(axis.label(t.heldOut.lowerBound))–\(axis.label(t.heldOut.upperBound)) was held out to set its threshold (\(esc(r.trainingNote.isEmpty ? "as given" : r.trainingNote)))."
  } ?? "Training period not shown."

  return """
  <!DOCTYPE html>
  <html lang="en"><head><meta charset="utf-8"><title>\(esc(r.title))</title>
  <style>
  body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#222}
  h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:22px 0 2px} .sub{color:#555;margin:0 0 4px;font-size:13px}
  .meta{color:#555} .plot{width:100%;height:auto;font-size:11px;fill:#333;background:#fff;display:block}
  .plot .axis-title{font-size:12px;fill:#222} .plot .level-label{font-size:11px}
  table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;font-size:13px}
  tr.raise td:nth-child(2),tr.escalate td:nth-child(2){color:#c0392b;font-weight:600} tr.clear td:nth-child(2){color:#27ae60}
  .cards{display:flex;gap:12px;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}
  .card b{display:block;font-size:18px}
  </style></head><body>
  <h1>\(esc(r.title))</h1>
  <div class="meta">\(esc(r.recording)) — as the device sees it: \(esc(r.sensor)); window \(fe.windowLength), hop \(fe.hop), \(bands) bands × \(fe.axes) axes; detector: \(m.detector); \(plural(windows.count, "window")) in \(plural(segmentCount, "segment")) over \(axis.label(axis.t1)); replayed through VigilCore in \(String(format: "%.2f", r.replay.seconds)) s</div>
  <h2>Summary</h2>
  <div class="cards">
  <div class="card">first alert<b>\(outcome.firstAlert.map { axis.label($0) } ?? "none")</b></div>
  <div class="card">sustained alert from<b>\(outcome.sustainedFrom.map { axis.label($0) } ?? "—")</b></div>
  <div class="card">lead before the end<b>\(outcome.lead.map { axis.ticks.duration($0) } ?? "—")</b></div>
  <div class="card">alerts that cleared<b>\(outcome.falseAlerts)</b></div>
  <div class="card">events sent<b>\(r.replay.events.count)</b>(\(plural(heartbeats, "heartbeat")))</div>
  </div>
  <h2>Anomaly score</h2>
  <p class="sub">Each window's score and the smoothed score the device compares with its levels (capped at 2 × critical, EWMA; raise after \(policy.debounceK) of \(policy.debounceN) windows above the raise level, clear after \(policy.debounceK) of \(policy.debounceN) below the clear level; no alert in the first \(policy.warmUpWindows) windows).</p>
  \(score.svg())
  <h2>Vibration level</h2>
  <p class="sub">Per point: mean over its windows, every axis.</p>
  \(rmsPanel)
  \(kurtPanel)
  <h2>Band energies over time</h2>
  \(heat.svg())
  <h2>Alerts</h2>
  <table><tr><th>time (\(axis.ticks.unit))</th><th>event</th><th>severity</th><th>window</th><th>smoothed score</th><th>top contributors (\(m.detector == .autoencoder ? "σ²" : unit))</th></tr>\(rows.isEmpty ? "<tr><td colspan=6>no alerts</td></tr>" : rows)</table>
  <p class="meta">Generated by vigil-sim. Threshold: \(String(format: "%.4g", threshold)) (\(String(format: "%.2f", Double(m.calibrationMarginQ16) / 65536)) × the \(String(format: "%.1f", Double(m.calibrationQuantilePPM) / 1e4))th percentile of held-out healthy scores). \(trainingText)</p>
  </body></html>
  """
}

/// "1 window", "2 windows".
func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

/// The largest 1, 2 or 5 × 10^k not above v (v > 0).
func roundDown125(_ v: Double) -> Double {
  guard v > 0, v.isFinite else { return 1e-3 }
  let p = pow(10, log10(v).rounded(.down)), m = v / p
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p
}

/// The smallest 1, 2 or 5 × 10^k not below v (v > 0).
func roundUp125(_ v: Double) -> Double {
  guard v > 0, v.isFinite else { return 1 }
  let p = pow(10, log10(v).rounded(.down)), m = v / p
  return (m <= 1 + 1e-12 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
}
