// Band energies relative to the window's total energy (the `relative` feature).
//
// Q formats: all dB values Q16.16. total = 10·log10(32/3 · Σ_{k over every band's bins} |X[k]/N|²), the
// same calibration as a band (`bandEnergies`), so relative band b = band b − total ≤ 0 dB (the bands'
// linear energies sum to the total). A silent window (total power 0) reads `silentBandDecibelsQ16` for the
// total and every relative band; a relative band below the floor reads the floor.

/// Turns `bands[0..<count]` (dB re full scale, Q16.16) into dB re `total` (Q16.16), in place.
@inlinable
public func makeBandsRelative(_ bands: UnsafeMutableBufferPointer<Int32>, count: Int, total: Int32) {
  for b in 0..<count {
    if total == silentBandDecibelsQ16 || bands[b] == silentBandDecibelsQ16 { bands[b] = silentBandDecibelsQ16; continue }
    bands[b] = max(silentBandDecibelsQ16, sat32(wide(bands[b]) &- wide(total)))
  }
}
