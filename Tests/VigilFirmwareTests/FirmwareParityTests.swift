// The firmware (Embedded Swift, freestanding static ARM binaries from Boards/build) under qemu-user must
// give bit-identical per-window scores and alert events to the host build of the same core.

import Foundation
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

@Suite("Firmware: Boards/build and qemu parity", .serialized, .enabled(if: CrossTools.available, "\(CrossTools.skipMessage)"))
struct FirmwareParityTests {
  static let boards = [("rpi4", ["qemu-aarch64-static"]), ("rpi3-armhf", ["qemu-arm-static"]), ("rpizero", ["qemu-arm-static", "-cpu", "arm1176"])]

  @Test("every board builds with budgets met, and its binary under qemu equals the host bit for bit",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func parity() throws {
    // PRONOSTIA Bearing1_1 as an ADXL345 at 1600 Hz, ±16 g would see it (2 axes); a model trained on its
    // first 20%, replayed on its last 200 snapshots.
    let (scores, events) = try checkBearingParity(name: "adxl345")
    #expect(scores.count == 200)
    #expect(events.contains { $0.contains("\"kind\":\"raise\"") || $0.contains("heartbeat") })
  }

  @Test("three axes (DC blocker only: the lanes path on aarch64, the scalar one on 32-bit ARM): qemu equals the host",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func parityThreeAxes() throws {
    // CbM ADXL356C, 3 axes at 20 kHz, in quarter-second segments: trained on a healthy motor, replayed
    // on the same motor with a bad shaft.
    let cbm = RealData.folder!.appendingPathComponent("cbm-adxl356c")
    let healthy = try CbMSource(url: cbm.appendingPathComponent("1800_GoB_GS_BaLo_WA_00lb.Wfm.csv"), segmentSeconds: 0.25)
    let faulty = try CbMSource(url: cbm.appendingPathComponent("1800_GoB_BS_BaLo_WA_00lb.Wfm.csv"), segmentSeconds: 0.25)
    let config = try standardPlan(for: healthy).config()
    #expect(config.axes == 3 && config.filter.count == 0 && config.decimation == 1 && config.dcBlockerPole != 0,
            "the plan must take the front end's 3-axis DC-blocker path")
    let (scores, _) = try checkParity(name: "cbm", train: healthy, segments: 0..<healthy.segmentCount, replay: faulty,
                                      segments: 0..<faulty.segmentCount, windowsPerSegment: 8)
    #expect(scores.count > 60)
  }

  @Test("opt-in features (relative bands + envelope, model version 3): qemu equals the host on every board",
        .enabled(if: RealData.available, "\(RealData.skipMessage)"))
  func parityFeatures() throws {
    // PRONOSTIA Bearing1_1 as an ADXL345 at 1600 Hz (2 axes, N = 128: 2 × (16 + 1 + 8 + 8) = 66 features, a
    // model inside the boards' 8 KiB budget; 3 axes × 33 features make a 9.5 KB model, over it).
    let (scores, _) = try checkBearingParity(name: "features", features: [.relative, .envelope])
    #expect(scores.count == 200)
  }

  /// `checkParity` on PRONOSTIA Bearing1_1 as an ADXL345 at 1600 Hz, ±16 g would see it: trained on its first
  /// 20% (segments 0..<560), replayed on its last 200 snapshots, one window per snapshot.
  func checkBearingParity(name: String, features: FeatureSet = []) throws -> (scores: [String], events: [String]) {
    let source = SensorSource(try PronostiaRun(folder: RealData.folder!.appendingPathComponent("pronostia/Bearing1_1")),
                              sensor: try SensorModel.parse("adxl345@1600:16"))
    return try checkParity(name: name, train: source, segments: 0..<560, replay: source, segments: 2603..<2803,
                           windowsPerSegment: 1, features: features)
  }

  /// Trains a model on `train`'s `segments`, exports `replay`'s segments as the firmware's input, runs the
  /// host core on exactly those samples, then builds every board with the model compiled in and requires
  /// its binary's per-window scores and events under qemu to equal the host's. Returns the host's
  /// score lines and events.
  func checkParity(name: String, train: SensorSource, segments trainSegments: Range<Int>, replay: SensorSource,
                   segments replaySegments: Range<Int>, windowsPerSegment: Int,
                   features: FeatureSet = []) throws -> (scores: [String], events: [String]) {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-parity-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: tmp)
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }

    var plan = try standardPlan(for: train)
    plan.features = features
    let config = try plan.config()
    var options = TrainingOptions(); options.epochs = 40
    let trained = try trainModel(source: train, segments: trainSegments, config: config, options: options,
                                 policy: snapshotPolicy(windowsPerSegment: windowsPerSegment))
    let modelURL = tmp.appendingPathComponent("\(name).vglm")
    try Data(trained.model.fileBytes()).write(to: modelURL)
    let input = tmp.appendingPathComponent("\(name).i16")
    try exportRaw(replay, segments: replaySegments, to: input)

    // The host build of the same core, on exactly those Int16 samples and segment times.
    let axes = replay.axes
    let raw = try Data(contentsOf: input)
    let samples = raw.withUnsafeBytes { b in (0..<(raw.count / 2)).map { Int16(littleEndian: b.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) } }
    let index = try String(contentsOf: input.appendingPathExtension("segments.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    let monitor = try HostMonitor(model: trained.model)
    var hostScores: [String] = [], hostEvents: [String] = []
    var offset = 0
    var buffer = [UInt8](repeating: 0, count: 512)
    for row in index {
      let time = Double(row[0])!, frames = Int(row[1])!
      let seg = Segment(time: time, samples: Array(samples[offset..<(offset + frames * axes)]), source: "")
      offset += frames * axes
      for r in monitor.run(seg, timestampMillis: UInt64(time * 1000)) {
        hostScores.append("score \(r.window) \(r.score.value)")
        if let e = r.event {
          let n = buffer.withUnsafeMutableBufferPointer { e.encodeJSON(bandCount: config.bandLikeCount, into: $0) }!
          hostEvents.append(String(decoding: buffer[0..<(n - 1)], as: UTF8.self))
        }
      }
    }

    for (board, qemu) in Self.boards {
      let (status, out, err) = try run(["bash", Paths.root.appendingPathComponent("Boards/build").path, board, "--model", modelURL.path], env: ["VIGIL_SKIP_DEVICE": "1"])
      #expect(status == 0, "Boards/build \(board): \(out) \(err)")
      #expect(out.contains("ok: budgets met"), "\(out)")
      let binary = Paths.root.appendingPathComponent(".build-boards/\(board)/vigil-replay").path
      let (rs, rout, rerr) = try run(qemu + [binary, "--input", input.path, "--segments", input.path + ".segments.csv", "--scores"])
      #expect(rs == 0, "\(board): \(rerr)")
      let lines = rout.split(separator: "\n").map(String.init)
      #expect(lines.filter { $0.hasPrefix("score ") } == hostScores, "\(name), \(board): per-window scores differ from the host")
      #expect(lines.filter { $0.hasPrefix("{") } == hostEvents, "\(name), \(board): events differ from the host")
      // The compiled-in model is the same model: no --model gives the same output.
      let (_, compiledIn, _) = try run(qemu + [binary, "--input", input.path, "--segments", input.path + ".segments.csv", "--scores"])
      #expect(compiledIn == rout)
    }
    return (hostScores, hostEvents)
  }

  @Test("bad input to the firmware: a clear message and exit status 1, never a crash")
  func badInput() throws {
    let (status, _, err) = try run(["bash", Paths.root.appendingPathComponent("Boards/build").path, "rpi4"], env: ["VIGIL_SKIP_DEVICE": "1"])
    #expect(status == 0, "\(err)")
    let binary = Paths.root.appendingPathComponent(".build-boards/rpi4/vigil-replay").path
    let junk = temp("junk.vglm", Array("VGLM".utf8) + [UInt8](repeating: 7, count: 60))
    var r = try run(["qemu-aarch64-static", binary, "--model", junk.path])
    #expect(r.0 == 1 && r.2.contains("junk.vglm") && r.2.contains("version"), "\(r.2)")
    r = try run(["qemu-aarch64-static", binary, "--model", "/nonexistent.vglm"])
    #expect(r.0 == 1 && r.2.contains("cannot open"))
    let index = temp("bad.csv", Array("time_s,frames\n0,160\nbroken\n".utf8))
    let input = temp("in.i16", [UInt8](repeating: 0, count: 160 * 4))
    r = try run(["qemu-aarch64-static", binary, "--input", input.path, "--segments", index.path])
    #expect(r.0 == 1 && r.2.contains("line 3"), "\(r.2)")
    r = try run(["qemu-aarch64-static", binary, "--bogus"])
    #expect(r.0 == 2 && r.2.contains("usage"))
  }
}
