// The device program `vigil` built for every board (Boards/device/build: Embedded Swift + C shims, static
// libi2c/libgpiod, libmosquitto.so.1 where the board has MQTT) and EXECUTED under qemu-user: --version, a usage error (exit 64), and `probe` on a
// bus that does not exist (qemu has no I2C: a clear error and exit 1, not a crash).

import Foundation
import Testing
import TestSupport

struct DeviceBoard: Sendable, CustomStringConvertible {
  let name: String, qemu: [String], cc: String, libdir: String
  var description: String { name }
  static let all = [
    // rpi4 / rpi3-armhf link libmosquitto.so.1 dynamically: qemu takes the target's loader and libraries
    // from the cross and multiarch folders.
    DeviceBoard(name: "rpi4", qemu: ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", "-E", "LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu"],
                cc: "aarch64-linux-gnu-gcc", libdir: "/usr/lib/aarch64-linux-gnu"),
    DeviceBoard(name: "rpi3-armhf", qemu: ["qemu-arm-static", "-L", "/usr/arm-linux-gnueabihf", "-E", "LD_LIBRARY_PATH=/usr/lib/arm-linux-gnueabihf"],
                cc: "arm-linux-gnueabihf-gcc", libdir: "/usr/lib/arm-linux-gnueabihf"),
    DeviceBoard(name: "rpizero", qemu: ["qemu-arm-static", "-cpu", "arm1176"], cc: "arm-linux-gnueabi-gcc", libdir: "/usr/lib/arm-linux-gnueabi"),
  ]
  var available: Bool {
    CrossTools.which(cc) && CrossTools.which(qemu[0]) && FileManager.default.fileExists(atPath: libdir + "/libgpiod.a")
      && (name == "rpizero" || FileManager.default.fileExists(atPath: libdir + "/libmosquitto.so.1"))
  }
}

@Suite("vigil for the Pi: Boards/device/build, run under qemu", .serialized)
struct DeviceBuildTests {
  @Test("builds within budget (static libi2c/libgpiod) and runs under qemu", arguments: DeviceBoard.all)
  func board(_ b: DeviceBoard) throws {
    guard b.available else {
      print("\(b.name): \(b.cc), \(b.qemu[0]), \(b.libdir)/libgpiod.a or libmosquitto.so.1 missing (.ci/run installs them): skipped")
      return
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-device-\(b.name)-\(getpid())")
    defer { try? FileManager.default.removeItem(at: out) }
    let (status, o, e) = try run(["bash", Paths.root.appendingPathComponent("Boards/device/build").path, b.name],
                                 env: ["VIGIL_BOARDS_OUT": out.path])
    #expect(status == 0, "Boards/device/build \(b.name): \(o) \(e)")
    #expect(o.contains("vigil 0.4.0") && o.contains("static"), "\(o)")
    let vigil = out.appendingPathComponent("\(b.name)/vigil").path
    let (us, _, ue) = try run(b.qemu + [vigil, "frobnicate"])
    #expect(us == 64 && ue.contains("frobnicate: unknown command"), "\(us) \(ue)")
    let (ps, _, pe) = try run(b.qemu + [vigil, "probe", "--bus", "/dev/i2c-9", "--config", "/nonexistent.conf"])
    #expect(ps == 1 && pe.contains("Error: cannot read the config /nonexistent.conf"), "\(ps) \(pe)")
    let (qs, qo, qe) = try run(b.qemu + [vigil, "probe", "--bus", "/dev/i2c-9"])
    #expect(qs == 1 && qe.contains("Error: cannot open /dev/i2c-9"), "\(qs) \(qo) \(qe)")
    // The config parser's MQTT keys on the target; the Pi Zero build (no libmosquitto) refuses a broker clearly.
    let conf = out.appendingPathComponent("mqtt.conf")
    try "mqtt_broker = mqtt://127.0.0.1:1\nmqtt_keepalive_seconds = 1\n".write(to: conf, atomically: true, encoding: .utf8)
    let (ks, _, ke) = try run(b.qemu + [vigil, "probe", "--config", conf.path])
    #expect(ks == 1 && ke.contains(":2: mqtt_keepalive_seconds: value out of range"), "\(ks) \(ke)")
    try DebianPackage.check(board: b.name, out: out)                    // PackageTests.swift: the .deb of this build
  }
}
