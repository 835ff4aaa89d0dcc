// The replay report: one self-contained HTML file (inline SVG, no scripts, no external files) that anyone
// can open: score timeline with threshold and alert markers over wall-clock time, per-snapshot RMS and
// kurtosis, a heat map of band energies over time, and the alert list with top contributors.

import Foundation
import VigilCore

public struct ReportInput {
  public var title: String
  public var recording: String
  public var sensor: String
  /// Counts per g of the stream the core saw (to show RMS in g).
  public var countsPerG: Double
  public var model: Model
  public var replay: ReplayResult
  public init(title: String, recording: String, sensor: String, countsPerG: Double, model: Model, replay: ReplayResult) {
    self.title = title; self.recording = recording; self.sensor = sensor; self.countsPerG = countsPerG
    self.model = model; self.replay = replay
  }
}

public func renderReport(_ r: ReportInput) -> String {
  let m = r.model, fe = m.frontEnd
  let windows = r.replay.windows
  let bands = fe.bands.count
  let per = bands + Statistic.count
  let scale = pow(2, Double(m.detector.scoreFractionBits))
  let threshold = Double(m.threshold) / scale
  let outcome = RunOutcome(events: r.replay.events, windows: windows, earlyFraction: 0.3)
  let t0 = windows.first?.time ?? 0, t1 = max(windows.last?.time ?? 1, t0 + 1)
  let hoursSpan = (t1 - t0) / 3600 >= 1
  func tx(_ t: Double) -> String { hoursSpan ? String(format: "%.2f h", t / 3600) : String(format: "%.1f s", t) }

  // Per segment: median score, RMS and kurtosis of axis 0 (and 1), mean band energies of axis 0.
  var segs: [(time: Double, score: Double, rms: [Double], kurt: [Double], bands: [Double])] = []
  var i = 0
  while i < windows.count {
    var j = i
    while j + 1 < windows.count && windows[j + 1].segment == windows[i].segment { j += 1 }
    let ws = windows[i...j]
    let scores = ws.map { Double($0.score) / scale }.sorted()
    func stat(_ s: Statistic, _ a: Int, _ q: Double) -> Double {
      guard let f = ws.first?.features, f.count > a * per + bands + s.rawValue else { return .nan }
      return ws.map { Double($0.features[a * per + bands + s.rawValue]) / q }.reduce(0, +) / Double(ws.count)
    }
    let axes = min(fe.axes, 2)
    segs.append((windows[i].time, scores[scores.count / 2],
                 (0..<axes).map { stat(.rms, $0, 1_073_741_824) * 32768 / r.countsPerG },
                 (0..<axes).map { stat(.kurtosis, $0, 65536) },
                 (0..<bands).map { b in
                   guard (ws.first?.features.count ?? 0) > b else { return .nan }
                   return ws.map { Double($0.features[b]) / 65536 }.reduce(0, +) / Double(ws.count)
                 }))
    i = j + 1
  }

  let w = 920.0, h = 220.0, left = 60.0, right = 20.0, top = 14.0, bottom = 28.0
  let pw = w - left - right, ph = h - top - bottom
  func x(_ t: Double) -> Double { left + (t - t0) / (t1 - t0) * pw }
  func axisX() -> String {
    var s = ""
    for k in 0...6 {
      let t = t0 + (t1 - t0) * Double(k) / 6
      s += "<line x1='\(f(x(t)))' y1='\(f(top + ph))' x2='\(f(x(t)))' y2='\(f(top + ph + 4))' stroke='#555'/>"
      s += "<text x='\(f(x(t)))' y='\(f(h - 8))' text-anchor='middle'>\(tx(t - t0))</text>"
    }
    return s
  }
  // Score panel (log scale), threshold, alert periods and markers.
  let scoreMax = max(threshold * 4, segs.map(\.score).max() ?? 1)
  let scoreMin = max(1e-3, min(threshold / 20, (segs.map(\.score).filter { $0 > 0 }.min() ?? threshold / 20)))
  func ys(_ v: Double) -> Double {
    let l = (log10(max(v, scoreMin)) - log10(scoreMin)) / (log10(scoreMax) - log10(scoreMin))
    return top + ph * (1 - l)
  }
  var score = "<svg viewBox='0 0 \(Int(w)) \(Int(h))' class='plot'>"
  // shaded alert periods
  var state = Severity.normal, since = t0
  for e in r.replay.events where e.kind != .heartbeat {
    let t = windows[Int(e.window)].time
    if state != .normal { score += "<rect x='\(f(x(since)))' y='\(f(top))' width='\(f(max(1, x(t) - x(since))))' height='\(f(ph))' fill='\(state == .critical ? "#f8c9c4" : "#fde7c2")'/>" }
    state = e.severity; since = t
  }
  if state != .normal { score += "<rect x='\(f(x(since)))' y='\(f(top))' width='\(f(max(1, x(t1) - x(since))))' height='\(f(ph))' fill='\(state == .critical ? "#f8c9c4" : "#fde7c2")'/>" }
  score += "<rect x='\(f(left))' y='\(f(top))' width='\(f(pw))' height='\(f(ph))' fill='none' stroke='#999'/>"
  score += "<polyline fill='none' stroke='#1f5fa8' stroke-width='1.2' points='" + segs.map { "\(f(x($0.time))),\(f(ys($0.score)))" }.joined(separator: " ") + "'/>"
  score += "<line x1='\(f(left))' y1='\(f(ys(threshold)))' x2='\(f(left + pw))' y2='\(f(ys(threshold)))' stroke='#c0392b' stroke-dasharray='6 4'/>"
  score += "<text x='\(f(left + pw - 4))' y='\(f(ys(threshold) - 4))' text-anchor='end' fill='#c0392b'>threshold \(String(format: "%.3g", threshold))</text>"
  for e in r.replay.events where e.kind != .heartbeat {
    let t = windows[Int(e.window)].time
    let color = e.kind == .clear ? "#27ae60" : (e.severity == .critical ? "#c0392b" : "#e67e22")
    score += "<path d='M\(f(x(t))) \(f(top + 2)) l-5 -8 h10 z' fill='\(color)'><title>\(e.kind) \(e.severity) at \(tx(t - t0))</title></path>"
  }
  for k in [scoreMin, threshold, scoreMax] {
    score += "<text x='\(f(left - 6))' y='\(f(ys(k) + 4))' text-anchor='end'>\(String(format: "%.3g", k))</text>"
  }
  score += axisX() + "</svg>"

  // RMS and kurtosis panels.
  func linePanel(_ series: [[Double]], label: String, colors: [String]) -> String {
    let all = series.flatMap { $0 }.filter { $0.isFinite }
    let lo = min(0, all.min() ?? 0), hi = max(all.max() ?? 1, lo + 1e-9)
    func y(_ v: Double) -> Double { top + ph * (1 - (v - lo) / (hi - lo)) }
    var s = "<svg viewBox='0 0 \(Int(w)) \(Int(h))' class='plot'><rect x='\(f(left))' y='\(f(top))' width='\(f(pw))' height='\(f(ph))' fill='none' stroke='#999'/>"
    for (k, ser) in series.enumerated() {
      s += "<polyline fill='none' stroke='\(colors[k % colors.count])' stroke-width='1' points='" +
        zip(segs, ser).filter { $0.1.isFinite }.map { "\(f(x($0.0.time))),\(f(y($0.1)))" }.joined(separator: " ") + "'/>"
    }
    s += "<text x='\(f(left - 6))' y='\(f(top + 10))' text-anchor='end'>\(String(format: "%.3g", hi))</text>"
    s += "<text x='\(f(left - 6))' y='\(f(top + ph))' text-anchor='end'>\(String(format: "%.3g", lo))</text>"
    s += "<text x='\(f(left + 6))' y='\(f(top + 14))'>\(label)</text>"
    return s + axisX() + "</svg>"
  }
  let axisNames = ["x", "y", "z"]
  let rmsPanel = linePanel((0..<min(fe.axes, 2)).map { a in segs.map { $0.rms[a] } },
                           label: "RMS (g), " + (0..<min(fe.axes, 2)).map { axisNames[$0] }.joined(separator: " blue, ") + " orange", colors: ["#1f5fa8", "#e67e22"])
  let kurtPanel = linePanel((0..<min(fe.axes, 2)).map { a in segs.map { $0.kurt[a] } }, label: "kurtosis", colors: ["#1f5fa8", "#e67e22"])

  // Heat map of axis-0 band energies (dB) over time, at most 400 columns.
  let cols = min(400, segs.count)
  let hm = 26.0 + Double(bands) * 9
  var heat = "<svg viewBox='0 0 \(Int(w)) \(Int(hm + 30))' class='plot'>"
  let dbs = segs.flatMap(\.bands).filter { $0.isFinite && $0 > -170 }
  let dbLo = dbs.min() ?? -100, dbHi = max(dbs.max() ?? 0, dbLo + 1)
  let cw = pw / Double(max(1, cols))
  for c in 0..<cols {
    let k0 = c * segs.count / cols, k1 = max(k0 + 1, (c + 1) * segs.count / cols)
    for b in 0..<bands {
      let v = segs[k0..<k1].map { $0.bands[b] }.reduce(0, +) / Double(k1 - k0)
      let u = max(0, min(1, (v - dbLo) / (dbHi - dbLo)))
      heat += "<rect x='\(f(left + Double(c) * cw))' y='\(f(top + Double(bands - 1 - b) * 9))' width='\(f(cw + 0.5))' height='9' fill='\(viridis(u))'/>"
    }
  }
  for b in stride(from: 0, to: bands, by: max(1, bands / 6)) {
    let hz = Double(fe.bands.lowerBin(b)) * (r.replay.sampleRate / Double(fe.windowLength) / Double(fe.decimation))
    heat += "<text x='\(f(left - 6))' y='\(f(top + Double(bands - 1 - b) * 9 + 8))' text-anchor='end'>\(hz >= 1000 ? String(format: "%.1f kHz", hz / 1000) : String(format: "%.0f Hz", hz))</text>"
  }
  heat += "<text x='\(f(left + pw))' y='\(f(hm + 22))' text-anchor='end'>axis x band energy, \(String(format: "%.0f", dbLo)) dB (dark) … \(String(format: "%.0f", dbHi)) dB (bright)</text>"
  heat += "</svg>"

  // Alert list.
  var rows = ""
  for e in r.replay.events where e.kind != .heartbeat {
    let t = windows[Int(e.window)].time
    let top = (0..<3).compactMap { k -> String? in
      let c = e.top[k]
      guard c.feature >= 0 else { return nil }
      return "\(featureName(c.feature, bandCount: bands)) (\(String(format: "%.2f", Double(c.value) / (m.detector == .rms ? 1_073_741_824 : 65536))))"
    }.joined(separator: ", ")
    rows += "<tr class='\(e.kind)'><td>\(tx(t - t0))</td><td>\(e.kind)</td><td>\(e.severity)</td><td>\(e.window)</td><td>\(String(format: "%.3f", Double(e.score) / scale))</td><td>\(top)</td></tr>"
  }
  let heartbeats = r.replay.events.filter { $0.kind == .heartbeat }.count

  func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
  return """
  <!DOCTYPE html>
  <html lang="en"><head><meta charset="utf-8"><title>\(esc(r.title))</title>
  <style>
  body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#222}
  h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:22px 0 6px}
  .meta{color:#555} .plot{width:100%;height:auto;font-size:11px;fill:#333;background:#fff}
  table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;font-size:13px}
  tr.raise td:nth-child(2),tr.escalate td:nth-child(2){color:#c0392b;font-weight:600} tr.clear td:nth-child(2){color:#27ae60}
  .cards{display:flex;gap:12px;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}
  .card b{display:block;font-size:18px}
  </style></head><body>
  <h1>\(esc(r.title))</h1>
  <div class="meta">\(esc(r.recording)) — as the device sees it: \(esc(r.sensor)); window \(fe.windowLength), hop \(fe.hop), \(bands) bands × \(fe.axes) axes; detector: \(m.detector); \(windows.count) windows in \(segs.count) segments; replayed through VigilCore in \(String(format: "%.2f", r.replay.seconds)) s</div>
  <h2>Summary</h2>
  <div class="cards">
  <div class="card">first alert<b>\(outcome.firstAlert.map { tx($0 - t0) } ?? "none")</b></div>
  <div class="card">sustained alert from<b>\(outcome.sustainedFrom.map { tx($0 - t0) } ?? "—")</b></div>
  <div class="card">lead before the end<b>\(outcome.lead.map { tx($0) } ?? "—")</b></div>
  <div class="card">alerts that cleared<b>\(outcome.falseAlerts)</b></div>
  <div class="card">events sent<b>\(r.replay.events.count)</b>(\(heartbeats) heartbeats)</div>
  </div>
  <h2>Anomaly score per segment (median of its windows, log scale)</h2>
  \(score)
  <h2>Vibration level</h2>
  \(rmsPanel)
  \(kurtPanel)
  <h2>Band energies over time</h2>
  \(heat)
  <h2>Alerts</h2>
  <table><tr><th>time</th><th>event</th><th>severity</th><th>window</th><th>score</th><th>top contributors (σ²)</th></tr>\(rows.isEmpty ? "<tr><td colspan=6>no alerts</td></tr>" : rows)</table>
  <p class="meta">Generated by vigil-sim. Shaded: alert periods (orange warning, red critical). Threshold: \(String(format: "%.4g", threshold)) (\(String(format: "%.2f", Double(m.calibrationMarginQ16) / 65536)) × the \(String(format: "%.1f", Double(m.calibrationQuantilePPM) / 1e4))th percentile of held-out healthy scores).</p>
  </body></html>
  """
}

private func f(_ v: Double) -> String { String(format: "%.1f", v) }

/// A viridis-like colour for u in [0, 1].
private func viridis(_ u: Double) -> String {
  let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
  let p = u * Double(stops.count - 1)
  let i = min(stops.count - 2, Int(p)), t = p - Double(i)
  let a = stops[i], b = stops[i + 1]
  return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * t), Int(a.1 + (b.1 - a.1) * t), Int(a.2 + (b.2 - a.2) * t))
}
