// The LIS3DH in the device program: its driver configuration from the config's odr_hz and range_g (high
// resolution, FIFO watermark 16), and its scale for the host-side sidecar and the self-test's mg figures.

import VigilSensors

/// The LIS3DH configuration for `config`, or nil after an error message (the parser already refuses an
/// odr_hz the part does not have; this covers a config built in code).
func lis3dhConfiguration(_ config: DeviceConfig) -> LIS3DHConfiguration? {
  guard let rate = LIS3DHRate(milliHertz: config.odrMilliHz), let range = LIS3DHRange(g: Int(config.rangeG)) else {
    report("odr_hz is not a LIS3DH rate (1, 10, 25, 50, 100, 200, 400, 1344 Hz in high-resolution mode)"); return nil
  }
  return LIS3DHConfiguration(rate: rate, range: range, watermark: 16)
}

/// The sensor's scale in high-resolution mode at `rangeG` (datasheet DocID17530, Table 4: 1, 2, 4, 12 mg
/// per digit): nano-g per count, and counts per g in thousandths (the sidecar's countsPerG).
func lis3dhScale(rangeG: UInt8) -> (nanoGPerCount: Int64, countsPerGMilli: UInt64) {
  let digit = (LIS3DHRange(g: Int(rangeG)) ?? .g16).highResolutionMilliGPerDigit
  return (wide64(digit) &* 1_000_000, 1_000_000 / UInt64(_truncatingBits: UInt(digit)))
}
