// One SVG panel of the report over the run's time axis: a legend row, the plot frame, round ticks on both
// axes, axis titles with units. Every element carries a class so that tests can read the structure back:
// `axis-title x|y`, `tick x|y`, `series` (data-series), `legend-entry` (data-key), `band` (data-kind).

import Foundation

/// The run's time axis, shared by every panel (so the panels line up).
struct TimeAxis {
  /// First window start and last window end (seconds on the replay's clock).
  let t0: Double, t1: Double
  let ticks: TimeTicks
  static let left = 84.0, right = 16.0, width = 920.0
  static var plotWidth: Double { width - left - right }

  init(t0: Double, t1: Double) {
    self.t0 = t0; self.t1 = max(t1, t0 + 1e-6)
    ticks = TimeTicks(span: self.t1 - t0)
  }
  func x(_ t: Double) -> Double { Self.left + (t - t0) / (t1 - t0) * Self.plotWidth }
  /// A time as the tick labels write it, with the unit ("4.00 h").
  func label(_ t: Double) -> String { ticks.duration(t - t0) }
}

/// How a legend entry's swatch is drawn.
enum Swatch {
  case line(color: String, width: Double, dash: String?)
  case fill(String)
  case marker(String)
}

/// An SVG panel with a legend row on top, a plot area and a time axis below.
struct Panel {
  let name: String
  let axis: TimeAxis
  let top: Double
  var plotHeight: Double
  var legend: [(key: String, label: String, swatch: Swatch)] = []
  var body = ""
  var extraHeight = 0.0
  /// Whether to draw a frame around the plot area.
  var frame = true
  var left: Double { TimeAxis.left }
  var plotWidth: Double { TimeAxis.plotWidth }
  var bottom: Double { top + plotHeight }

  init(_ name: String, axis: TimeAxis, plotHeight: Double, legend: [(key: String, label: String, swatch: Swatch)]) {
    self.name = name; self.axis = axis; self.plotHeight = plotHeight; self.legend = legend
    top = (Panel.legendLayout(legend).last?.y ?? 0) + 14
  }

  /// Where each legend entry goes (left to right, wrapping): the x of its swatch and the baseline y.
  static func legendLayout(_ legend: [(key: String, label: String, swatch: Swatch)]) -> [(x: Double, y: Double)] {
    var x = TimeAxis.left, y = 14.0
    var out: [(x: Double, y: Double)] = []
    for e in legend {
      let w = 26 + Double(e.label.count) * 6.0
      if x + w > TimeAxis.left + TimeAxis.plotWidth && x > TimeAxis.left { x = TimeAxis.left; y += 20 }
      out.append((x, y))
      x += w + 12
    }
    return out
  }

  mutating func add(_ s: String) { body += s }

  /// A polyline series (non-finite points skipped).
  mutating func series(_ key: String, _ points: [(Double, Double)], color: String, width: Double, dash: String? = nil) {
    let p = points.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
    body += "<polyline class='series' data-series='\(key)' fill='none' stroke='\(color)' stroke-width='\(f(width))'"
      + (dash.map { " stroke-dasharray='\($0)'" } ?? "") + " stroke-linejoin='round' points='\(p)'/>"
  }

  /// A shaded time range [a, b) over the whole plot height (clipped to the axis).
  mutating func band(_ kind: String, from a: Double, to b: Double, fill: String, title: String) {
    bar(kind, from: a, to: b, y: top, height: plotHeight, fill: fill, title: title)
  }

  /// A shaded time range [a, b) from plot y `y`, `height` high (clipped to the axis).
  mutating func bar(_ kind: String, from a: Double, to b: Double, y: Double, height: Double, fill: String, stroke: String? = nil,
                    title: String) {
    let lo = max(a, axis.t0), hi = min(b, axis.t1)
    guard hi > lo else { return }
    body += "<rect class='band' data-kind='\(kind)' x='\(f(axis.x(lo)))' y='\(f(y))' width='\(f(max(0.8, axis.x(hi) - axis.x(lo))))' height='\(f(height))' fill='\(fill)'\(stroke.map { " stroke='\($0)' stroke-width='0.8'" } ?? "")><title>\(esc(title))</title></rect>"
  }

  /// A horizontal reference line at plot y `y` with a label at its right end.
  mutating func level(_ key: String, y: Double, color: String, dash: String, label: String?) {
    body += "<line class='level' data-level='\(key)' x1='\(f(left))' y1='\(f(y))' x2='\(f(left + plotWidth))' y2='\(f(y))' stroke='\(color)' stroke-width='1.2' stroke-dasharray='\(dash)'/>"
    if let label {
      body += "<text x='\(f(left + plotWidth - 4))' y='\(f(y - 4))' text-anchor='end' fill='\(color)' class='level-label'>\(esc(label))</text>"
    }
  }

  /// Y ticks (values with their plot y and labels), grid lines and the rotated y title.
  mutating func yAxis(_ ticks: [(y: Double, label: String)], title: String, minor: [Double] = []) {
    for y in minor {
      body += "<line x1='\(f(left - 2))' y1='\(f(y))' x2='\(f(left))' y2='\(f(y))' stroke='#555'/>"
      body += "<line x1='\(f(left))' y1='\(f(y))' x2='\(f(left + plotWidth))' y2='\(f(y))' stroke='#f4f4f4'/>"
    }
    for t in ticks {
      body += "<line x1='\(f(left))' y1='\(f(t.y))' x2='\(f(left + plotWidth))' y2='\(f(t.y))' stroke='#eee'/>"
      body += "<line x1='\(f(left - 4))' y1='\(f(t.y))' x2='\(f(left))' y2='\(f(t.y))' stroke='#555'/>"
      body += "<text class='tick y' x='\(f(left - 7))' y='\(f(t.y + 4))' text-anchor='end'>\(esc(t.label))</text>"
    }
    let cy = top + plotHeight / 2
    body += "<text class='axis-title y' x='16' y='\(f(cy))' transform='rotate(-90 16 \(f(cy)))' text-anchor='middle'>\(esc(title))</text>"
  }

  /// The SVG: background bands and series must already be in `body`; adds frame, time axis and legend.
  func svg() -> String {
    let height = bottom + 44 + extraHeight
    var s = "<svg viewBox='0 0 \(Int(TimeAxis.width)) \(Int(height.rounded(.up)))' class='plot' data-panel='\(name)' role='img'>"
    s += body
    if frame { s += "<rect x='\(f(left))' y='\(f(top))' width='\(f(plotWidth))' height='\(f(plotHeight))' fill='none' stroke='#999'/>" }
    s += timeAxis(at: bottom)
    s += legendSVG()
    return s + "</svg>"
  }

  /// Tick marks, labels and title of the time axis below plot y `y`.
  func timeAxis(at y: Double) -> String {
    var s = ""
    for t in axis.ticks.ticks {
      let x = axis.x(axis.t0 + t)
      s += "<line x1='\(f(x))' y1='\(f(y))' x2='\(f(x))' y2='\(f(y + 4))' stroke='#555'/>"
      s += "<text class='tick x' x='\(f(x))' y='\(f(y + 16))' text-anchor='middle'>\(axis.ticks.label(t))</text>"
    }
    s += "<text class='axis-title x' x='\(f(left + plotWidth / 2))' y='\(f(y + 34))' text-anchor='middle'>time since start of run (\(axis.ticks.unit))</text>"
    return s
  }

  /// The legend: entries left to right, wrapping onto further rows above the plot.
  func legendSVG() -> String {
    var s = "<g class='legend'>"
    for (e, (x, y)) in zip(legend, Panel.legendLayout(legend)) {
      s += "<g class='legend-entry' data-key='\(e.key)'>"
      switch e.swatch {
      case let .line(color, width, dash):
        s += "<line x1='\(f(x))' y1='\(f(y - 4))' x2='\(f(x + 18))' y2='\(f(y - 4))' stroke='\(color)' stroke-width='\(f(max(width, 1.5)))'" + (dash.map { " stroke-dasharray='\($0)'" } ?? "") + "/>"
      case let .fill(color):
        s += "<rect x='\(f(x))' y='\(f(y - 10))' width='18' height='11' fill='\(color)' stroke='#bbb' stroke-width='0.5'/>"
      case let .marker(color):
        s += "<path d='\(markerPath(x: x + 9, y: y - 1))' fill='\(color)'/>"
      }
      s += "<text x='\(f(x + 22))' y='\(f(y))'>\(esc(e.label))</text></g>"
    }
    return s + "</g>"
  }
}

/// A downward triangle with its tip at (x, y).
func markerPath(x: Double, y: Double) -> String { "M\(f(x)) \(f(y)) l-5 -9 h10 z" }

func f(_ v: Double) -> String { String(format: "%.1f", v) }

func esc(_ s: String) -> String {
  s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "'", with: "&#39;")
}
