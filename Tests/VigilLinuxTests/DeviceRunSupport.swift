// What the `vigil run` tests under umockdev share: the last 200 snapshots of PRONOSTIA Bearing1_1 as an
// ADXL345 at 800 Hz ±16 g (or another part and rate) would sample them, and a model trained the README's way on the healthy first 20%
// (same sensor; fewer epochs for the tests).

import Foundation
import VigilCore
import TestSupport
import VigilHost

struct BearingTail {
  let folder: URL
  let source: SensorSource
  let tail: Range<Int>
  let trained: TrainedModel
  let config: FrontEndConfig
  let model: URL
  /// The sensor's config name (`adxl345`, `lis3dh`) and rate (Hz).
  let part: String, odr: Int

  /// Trains the model (for `part` at `odr` Hz, ±16 g) and writes it into `directory`.
  init(directory: URL, snapshots: Int = 200, part: String = "adxl345", odr: Int = 800) throws {
    self.part = part; self.odr = odr
    folder = RealData.folder!.appendingPathComponent("pronostia/Bearing1_1")
    source = SensorSource(try openRecording(folder.path, options: RecordingOptions()), sensor: try SensorModel.parse("\(part)@\(odr):16"))
    let n = source.segmentCount
    tail = (n - snapshots)..<n
    config = try standardPlan(for: source).config()
    let perSegment = (try source.framesPerSegment() - config.windowLength) / config.hop + 1
    var options = TrainingOptions(); options.epochs = 30
    trained = try trainModel(source: source, segments: 0..<(n / 5), config: config, options: options,
                             policy: snapshotPolicy(windowsPerSegment: perSegment))
    model = directory.appendingPathComponent("\(part)-\(odr).vglm")
    try Data(trained.model.fileBytes()).write(to: model)
  }

  /// The device config for one snapshot of 0.1 s every `every` seconds, plus `extra` lines.
  func deviceConfig(every: Double, extra: String = "") -> String {
    Self.deviceConfig(model: model.path, every: every, part: part, odr: odr, extra: extra)
  }

  /// The config of the emulated board (vigil-umockdev device: the part at its address on /dev/i2c-1,
  /// data-ready GPIO 17 of pinctrl-bcm2711), one 0.1 s snapshot every `every` seconds, plus `extra` lines.
  static func deviceConfig(model: String, every: Double, part: String = "adxl345", odr: Int = 800, extra: String = "") -> String {
    """
    sensor = \(part)
    i2c_bus = /dev/i2c-1
    odr_hz = \(odr)
    range_g = 16
    interrupt_chip = pinctrl-bcm2711
    interrupt_line = 17
    model = \(model)
    acquire = snapshot
    snapshot_seconds = 0.1
    snapshot_every_seconds = \(every)
    \(extra)

    """
  }
}
