// The device program's configuration: the board's wiring and the sensor's settings, read from one small
// file (/etc/vigil/vigil.conf). Defaults are those of a Raspberry Pi with an ADXL345 on the 40-pin header
// (I2C bus 1 on GPIO2/GPIO3, INT1 on GPIO4); every key in the file overrides one default.

import VigilSensors

/// How the sensor is read.
public enum AcquisitionSchedule: Equatable, Sendable {
  /// Without a break: every window is scored.
  case continuous
  /// Measure for `milliseconds`, then power the sensor down until `everyMilliseconds` after the start of
  /// the measurement; each measurement is its own segment (no window spans the break).
  case snapshot(milliseconds: UInt32, everyMilliseconds: UInt32)
}
