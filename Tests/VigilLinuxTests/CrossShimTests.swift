// The C shim built for the Pi: compiled with Debian's cross compilers against the arm64 / armhf libi2c and
// libgpiod (multiarch -dev packages), linked statically, and run under qemu-user. qemu has no I2C or GPIO
// devices, so the run checks the failure paths and the clocks: an absent adapter is −ENOENT, a chip label
// nobody has is −ENODEV, a timerfd opens, CLOCK_MONOTONIC advances.

import Foundation
import Testing
import TestSupport

struct CrossTarget: CustomStringConvertible, Sendable {
  let name: String, cc: String, libdir: String, qemu: String
  var description: String { name }
  var available: Bool {
    let fm = FileManager.default
    return fm.isExecutableFile(atPath: "/usr/bin/\(cc)") && fm.isExecutableFile(atPath: "/usr/bin/\(qemu)")
      && fm.fileExists(atPath: "\(libdir)/libgpiod.a") && fm.fileExists(atPath: "\(libdir)/libi2c.a")
  }
  static let all = [
    CrossTarget(name: "aarch64", cc: "aarch64-linux-gnu-gcc", libdir: "/usr/lib/aarch64-linux-gnu", qemu: "qemu-aarch64-static"),
    CrossTarget(name: "armhf", cc: "arm-linux-gnueabihf-gcc", libdir: "/usr/lib/arm-linux-gnueabihf", qemu: "qemu-arm-static"),
  ]
}

@Suite("CVigilLinux cross-built for the Pi, run under qemu",
       .enabled(if: CrossTarget.all.allSatisfy(\.available),
                "needs aarch64-linux-gnu-gcc, arm-linux-gnueabihf-gcc, qemu-user-static and libgpiod-dev + libi2c-dev for arm64 and armhf: skipped"))
struct CrossShimTests {
  static let program = """
    #include <stdio.h>
    #include "CVigilLinux.h"
    int main(void) {
      vigil_gpio_line line;
      uint64_t t0 = vigil_monotonic_ns();
      int bus = vigil_i2c_open_bus(250, 0x53);
      int gpio = vigil_gpio_open(&line, "vigil-no-such-label", 17, "vigil");
      int timer = vigil_timerfd_create();
      printf("i2c %d gpio %d timerfd %d monotonic %d\\n", bus, gpio, timer >= 0, vigil_monotonic_ns() > t0);
      return 0;
    }
    """

  @Test("static link with Debian's libi2c.a + libgpiod.a; runs under qemu", arguments: CrossTarget.all)
  func crossBuild(_ t: CrossTarget) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-shim-\(t.name)-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let main = dir.appendingPathComponent("main.c"), exe = dir.appendingPathComponent("smoke")
    try Self.program.write(to: main, atomically: true, encoding: .utf8)
    let shim = Paths.root.appendingPathComponent("Sources/CVigilLinux")
    let (cs, cout, cerr) = try run([t.cc,
      "-O2", "-Wall", "-Werror", "-static", "-I", shim.appendingPathComponent("include").path, main.path,
      shim.appendingPathComponent("vigil_i2c.c").path, shim.appendingPathComponent("vigil_gpio.c").path,
      shim.appendingPathComponent("vigil_linux.c").path, "-lgpiod", "-li2c", "-o", exe.path])
    #expect(cs == 0, "\(cout)\(cerr)")
    guard cs == 0 else { return }
    let (rs, out, _) = try run([t.qemu, exe.path])
    print("\(t.name): \(out)")
    #expect(rs == 0)
    #expect(out.contains("i2c -2 gpio -19 timerfd 1 monotonic 1"), "\(out)")
  }
}

/// The libgpiod version pkg-config finds ("" when none).
let pkgConfigGpiodVersion: String = {
  guard let (status, out, _) = try? run(["pkg-config", "--modversion", "libgpiod"]), status == 0 else { return "" }
  return out.trimmingCharacters(in: .whitespacesAndNewlines)
}()

@Suite("CVigilLinux on the libgpiod 2.x API under umockdev",
       .enabled(if: pkgConfigGpiodVersion.hasPrefix("2.") && Umockdev.wrapper != nil,
                "needs pkg-config to find libgpiod 2.x (Debian trixie; here bookworm has 1.6.3 — or PKG_CONFIG_PATH to a 2.x build) and umockdev: skipped"))
struct GpiodV2Tests {
  @Test("v2: request by label, edges with timestamps, sequence-number gaps counted as lost edges, busy, release")
  func v2() throws {
    let (status, out, err) = try run(["bash", Paths.root.appendingPathComponent("HostSim/gpiod-v2-check/run").path])
    print(out)
    #expect(status == 0, "\(out)\(err)")
    #expect(out.contains("PASS gpiod-v2") && out.contains("counts 5 lost edges"), "\(out)")
  }
}
