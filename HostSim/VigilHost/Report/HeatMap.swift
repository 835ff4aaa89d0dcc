// The report's heat map: band energies (dB re full scale) of every axis over the run's time axis, one strip
// per axis (bands low to high, labelled by their lower edge in Hz), with a colour bar.

import Foundation
import VigilCore

/// Draws the heat map into `p` (made with the time axis and legend; its plot height is set here);
/// `trainingStrip(&p, y)` draws the training period as a strip at plot y `y`.
func heatMap(_ p: inout Panel, _ groups: [WindowGroup], config fe: FrontEndConfig, axes: Int, sampleRate: Double,
             trainingStrip: (inout Panel, Double) -> Void) {
  let bands = fe.bands.count
  let cell = bands > 16 ? 6.0 : 8.0, gap = 18.0
  let strip = Double(bands) * cell
  p.plotHeight = Double(axes) * (strip + gap) - gap + 14
  p.frame = false
  p.extraHeight = 56
  let axis = p.axis
  // Colour range: 1st to 99th percentile of the band energies shown, rounded outwards to 5 dB.
  let values = groups.flatMap { g in g.bands.prefix(axes).flatMap { $0 } }.filter { $0.isFinite && $0 > -170 }.sorted()
  let lo = values.isEmpty ? -100 : (values[values.count / 100] / 5).rounded(.down) * 5
  let hi = max(values.isEmpty ? 0 : (values[values.count * 99 / 100] / 5).rounded(.up) * 5, lo + 5)
  // At most 300 columns: merge neighbouring groups.
  let cols = min(300, groups.count)
  let binHz = sampleRate / Double(fe.windowLength) / Double(fe.decimation)
  for a in 0..<axes {
    let top = p.top + 14 + Double(a) * (strip + gap)
    p.add("<text class='strip-title' x='\(f(p.left + p.plotWidth))' y='\(f(top - 4))' text-anchor='end'>axis \(axisNames[a])</text>")
    trainingStrip(&p, top - 8)
    for c in 0..<cols {
      let k0 = c * groups.count / cols, k1 = max(k0 + 1, (c + 1) * groups.count / cols)
      let x0 = axis.x(groups[k0].start), x1 = axis.x(groups[k1 - 1].end)
      for b in 0..<bands {
        let v = groups[k0..<k1].map { $0.bands[a][b] }.reduce(0, +) / Double(k1 - k0)
        let u = v.isFinite ? max(0, min(1, (v - lo) / (hi - lo))) : 0
        p.add("<rect x='\(f(x0))' y='\(f(top + Double(bands - 1 - b) * cell))' width='\(f(max(0.6, x1 - x0 + 0.4)))' height='\(f(cell + 0.3))' fill='\(viridis(u))'/>")
      }
    }
    p.add("<rect x='\(f(p.left))' y='\(f(top))' width='\(f(p.plotWidth))' height='\(f(strip))' fill='none' stroke='#999'/>")
    for b in stride(from: 0, to: bands, by: max(1, bands / 5)) {
      let hz = Double(fe.bands.lowerBin(b)) * binHz
      let y = top + Double(bands - b) * cell
      p.add("<line x1='\(f(p.left - 4))' y1='\(f(y))' x2='\(f(p.left))' y2='\(f(y))' stroke='#555'/>")
      p.add("<text class='tick y' x='\(f(p.left - 7))' y='\(f(y + 3))' text-anchor='end'>\(hz >= 1000 ? String(format: "%.1fk", hz / 1000) : String(format: "%.0f", hz))</text>")
    }
  }
  let cy = p.top + p.plotHeight / 2
  p.add("<text class='axis-title y' x='16' y='\(f(cy))' transform='rotate(-90 16 \(f(cy)))' text-anchor='middle'>band lower edge (Hz)</text>")
  // Colour bar under the time axis.
  let barY = p.bottom + 52, barW = 320.0, barX = p.left
  for k in 0..<64 {
    p.add("<rect x='\(f(barX + Double(k) * barW / 64))' y='\(f(barY))' width='\(f(barW / 64 + 0.4))' height='12' fill='\(viridis((Double(k) + 0.5) / 64))'/>")
  }
  p.add("<rect class='colour-bar' x='\(f(barX))' y='\(f(barY))' width='\(f(barW))' height='12' fill='none' stroke='#999'/>")
  let ticks = linearTicks(lo, hi, target: 6).filter { $0 >= lo - 1e-9 && $0 <= hi + 1e-9 }
  for t in ticks {
    let x = barX + (t - lo) / (hi - lo) * barW
    p.add("<line x1='\(f(x))' y1='\(f(barY + 12))' x2='\(f(x))' y2='\(f(barY + 16))' stroke='#555'/>")
    p.add("<text class='tick colour' x='\(f(x))' y='\(f(barY + 27))' text-anchor='middle'>\(tickLabel(t, step: 1))</text>")
  }
  p.add("<text class='axis-title colour' x='\(f(barX + barW + 12))' y='\(f(barY + 10))'>band energy (dB re full scale; a full-scale sine in the band reads 0 dB)</text>")
}

/// A viridis-like colour for u in [0, 1].
func viridis(_ u: Double) -> String {
  let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
  let p = max(0, min(1, u)) * Double(stops.count - 1)
  let i = min(stops.count - 2, Int(p)), t = p - Double(i)
  let a = stops[i], b = stops[i + 1]
  return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * t), Int(a.1 + (b.1 - a.1) * t), Int(a.2 + (b.2 - a.2) * t))
}
