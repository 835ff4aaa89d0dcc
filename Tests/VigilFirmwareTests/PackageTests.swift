// The Debian packages (Boards/package: dpkg-deb) of the device program built by DeviceBuildTests, checked
// with dpkg-deb -I / -c and lintian; and the systemd unit checked with systemd-analyze verify.

import Foundation
import Testing
import TestSupport
import VigilCore

enum DebianPackage {
  static let architecture = ["rpi4": "arm64", "rpi3-armhf": "armhf"]

  /// Packages the binary DeviceBuildTests just built in `out` (Boards/package with VIGIL_SKIP_BUILD=1) and
  /// checks the package. Boards without a package (rpizero) are skipped.
  static func check(board: String, out: URL) throws {
    guard let arch = architecture[board] else { return }
    guard CrossTools.which("dpkg-deb") else { print("dpkg-deb not found: the \(board) package is not checked"); return }
    let (status, o, e) = try run(["bash", Paths.root.appendingPathComponent("Boards/package").path, board],
                                 env: ["VIGIL_BOARDS_OUT": out.path, "VIGIL_SKIP_BUILD": "1"])
    print(o + e)
    #expect(status == 0, "Boards/package \(board): \(o) \(e)")
    let deb = out.appendingPathComponent("vigil_0.4.0_\(arch).deb").path
    #expect(FileManager.default.fileExists(atPath: deb), "\(deb)")
    if CrossTools.which("lintian") {
      let (_, lo, le) = try run(["lintian", "--tag-display-limit", "0", deb])
      #expect(!(lo + le).split(separator: "\n").contains { $0.hasPrefix("E: ") }, "lintian: \(lo) \(le)")
      print("lintian \(deb): \((lo + le).isEmpty ? "clean" : lo + le)")
    } else {
      print("lintian not installed (.ci/run installs it): the package is not linted")
    }

    // Metadata.
    let (is_, info, _) = try run(["dpkg-deb", "-I", deb])
    #expect(is_ == 0)
    for line in ["Package: vigil", "Version: 0.4.0", "Architecture: \(arch)", "Depends: adduser", "conffiles"] {
      #expect(info.contains(line), "dpkg-deb -I lacks \(line):\n\(info)")
    }
    let control = out.appendingPathComponent("\(board)/control-check")
    try? FileManager.default.removeItem(at: control)
    #expect(try run(["dpkg-deb", "-e", deb, control.path]).0 == 0)
    #expect(try String(contentsOf: control.appendingPathComponent("conffiles"), encoding: .utf8) == "/etc/vigil/vigil.conf\n")
    for script in ["postinst", "prerm", "postrm"] {
      #expect(try run(["sh", "-n", control.appendingPathComponent(script).path]).0 == 0, "\(script) is not valid sh")
    }
    let postinst = try String(contentsOf: control.appendingPathComponent("postinst"), encoding: .utf8)
    #expect(postinst.contains("adduser --quiet --system --group") && postinst.contains("addgroup --quiet --system"))

    // Contents: owner root, modes, every file.
    let (cs, contents, _) = try run(["dpkg-deb", "-c", deb])
    #expect(cs == 0)
    let expected = [("-rwxr-xr-x", "./usr/bin/vigil"), ("-rw-r--r--", "./lib/systemd/system/vigil.service"),
                    ("-rw-r--r--", "./etc/vigil/vigil.conf"), ("-rw-r--r--", "./usr/share/vigil/model-adxl345-800.vglm"),
                    ("-rw-r--r--", "./lib/udev/rules.d/60-vigil.rules"), ("-rw-r--r--", "./usr/share/doc/vigil/copyright"),
                    ("-rw-r--r--", "./usr/share/doc/vigil/changelog.gz"), ("-rw-r--r--", "./usr/share/man/man1/vigil.1.gz")]
    // The lintian override (statically-linked-binary) ships only with a static binary: the rpizero build;
    // rpi4 / rpi3-armhf link libmosquitto.so.1 dynamically (Boards/device/build, device_mqtt=dynamic).
    let (_, headers, _) = try run(["readelf", "-l", out.appendingPathComponent("\(board)/vigil").path])
    let isStatic = !headers.contains("INTERP")
    let override = contents.contains(" ./usr/share/lintian/overrides/vigil")
    #expect(override == isStatic, "lintian override shipped: \(override), static binary: \(isStatic)")
    for (mode, path) in expected {
      #expect(contents.split(separator: "\n").contains { $0.hasPrefix("\(mode) root/root") && $0.hasSuffix(" \(path)") },
              "\(mode) root/root \(path) not in:\n\(contents)")
    }
    // The packaged binary is the one built; the packaged model is one the default config can run.
    let tree = out.appendingPathComponent("\(board)/extract")
    try? FileManager.default.removeItem(at: tree)
    #expect(try run(["dpkg-deb", "-x", deb, tree.path]).0 == 0)
    #expect(try run(["cmp", tree.appendingPathComponent("usr/bin/vigil").path, out.appendingPathComponent("\(board)/vigil").path]).0 == 0)
    let model = try [UInt8](Data(contentsOf: tree.appendingPathComponent("usr/share/vigil/model-adxl345-800.vglm")))
    let m = try model.withUnsafeBufferPointer { try Model.parse($0) }
    #expect(m.frontEnd.sampleRateMilliHz == 800_000, "the default config's odr_hz = 800")
    let conf = try String(contentsOf: tree.appendingPathComponent("etc/vigil/vigil.conf"), encoding: .utf8)
    #expect(conf.contains("\nodr_hz = 800\n") && conf.contains("\nmodel = /var/lib/vigil/model.vglm\n"))
  }
}

@Suite("Boards/package and the systemd unit")
struct PackageTests {
  @Test("Boards/package: a bad board is a usage error")
  func usage() throws {
    let (status, _, e) = try run(["bash", Paths.root.appendingPathComponent("Boards/package").path, "rpi9"])
    #expect(status == 64 && e.contains("usage: Boards/package rpi4|rpi3-armhf|all"), "\(status) \(e)")
  }

  /// The unit with ExecStart pointed at an executable that exists here (verify checks it).
  static func unit(_ edit: (String) -> String = { $0 }) throws -> URL {
    let text = try String(contentsOf: Paths.root.appendingPathComponent("Boards/systemd/vigil.service"), encoding: .utf8)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-unit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("vigil.service")
    try edit(text.replacingOccurrences(of: "ExecStart=/usr/bin/vigil", with: "ExecStart=/bin/true")).write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test("vigil.service: systemd-analyze verify passes; the hardening the issue asks for is there",
        .enabled(if: CrossTools.which("systemd-analyze"), "systemd-analyze not installed (.ci/run installs systemd): skipped"))
  func unitVerifies() throws {
    let url = try Self.unit()
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    let (status, o, e) = try run(["systemd-analyze", "verify", url.path])
    #expect(status == 0 && (o + e).isEmpty, "systemd-analyze verify: \(status)\n\(o)\(e)")
    let text = try String(contentsOf: url, encoding: .utf8)
    for line in ["Type=notify", "WatchdogSec=", "User=vigil", "SupplementaryGroups=i2c gpio", "DevicePolicy=closed",
                 "DeviceAllow=char-i2c rw", "DeviceAllow=char-gpiochip rw", "ProtectSystem=strict", "StateDirectory=vigil",
                 "ConfigurationDirectory=vigil", "NoNewPrivileges=yes", "Restart=on-failure", "WantedBy=multi-user.target"] {
      #expect(text.split(separator: "\n").contains { $0.hasPrefix(line) }, "missing \(line)")
    }
    #expect(!text.split(separator: "\n").contains { $0.hasPrefix("PrivateDevices=yes") }, "PrivateDevices hides /dev/i2c-1")
    // The check can fail: a misspelt type is reported.
    let bad = try Self.unit { $0.replacingOccurrences(of: "Type=notify", with: "Type=notfy") }
    defer { try? FileManager.default.removeItem(at: bad.deletingLastPathComponent()) }
    let (_, bo, be) = try run(["systemd-analyze", "verify", bad.path])
    #expect((bo + be).contains("Failed to parse service type"), "\(bo)\(be)")
  }
}
