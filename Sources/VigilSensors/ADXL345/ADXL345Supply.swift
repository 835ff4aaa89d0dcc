// ADXL345 driver: probe by DEVID, configure rate / range / full resolution / FIFO stream with a watermark on
// INT1, start (measure) and stop (standby), self-test. Pure register logic over a generic RegisterBus
// (datasheet Rev. E; register map in ADXL345Registers.swift). The FIFO drain is in ADXL345Stream.swift.

/// Supply voltage, for the self-test limits (datasheet Rev. E, self-test output scale factors per VS).
public enum ADXL345Supply: UInt8, Sendable {
  case v2_0, v2_5, v3_3, v3_6
  /// Scale factor of the X and Y self-test change relative to VS = 2.5 V, per mille.
  var xyPerMille: Int32 { switch self { case .v2_0: 640; case .v2_5: 1000; case .v3_3: 1770; case .v3_6: 2110 } }
  /// Scale factor of the Z self-test change relative to VS = 2.5 V, per mille.
  var zPerMille: Int32 { switch self { case .v2_0: 800; case .v2_5: 1000; case .v3_3: 1470; case .v3_6: 1690 } }
}
