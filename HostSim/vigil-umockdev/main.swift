// vigil-umockdev SCENARIO: the Linux layer (VigilLinux → real libi2c and libgpiod 1.6) against /dev/i2c-1 and
// /dev/gpiochip0 emulated in-process by umockdev. Run it under the preload:
//   umockdev-wrapper .build/debug/vigil-umockdev probe
// Scenarios: probe configure watermark overrun missed-edge nack unplug errors alarm-line acquisition acquisition-unplug
// signals all.
// Prints one line per check and "PASS name" / "FAIL name"; exit 0 when every check passed, 1 otherwise,
// 2 on bad usage or when the testbed cannot start.

import Foundation
import UmockdevHarness
import VigilLinux
import VigilSensors

let scenarios: [(String, (Checks) throws -> Void)] = [
  ("probe", probe), ("configure", configure), ("watermark", watermark), ("overrun", overrun),
  ("missed-edge", missedEdge), ("nack", nack), ("unplug", unplug), ("errors", errors), ("alarm-line", alarmLine),
  // VigilSensors' ADXL345 driver + Acquisition against HostSim's emulator, in real time.
  ("acquisition", { try acquisition($0, seconds: 3) }),
  ("acquisition-unplug", { try acquisition($0, seconds: 3, unplug: (at: 1.0, back: 1.5)) }),
]

let args = CommandLine.arguments.dropFirst()
if args.first == "device" {
  // The device program against a register emulator fed by a recording (DeviceMode.swift). Signals stay
  // unblocked here: vigilMain blocks the ones it reads through its own signalfd.
  exit(deviceMode(Array(args.dropFirst())))
}
guard let name = args.first, name == "all" || name == "signals" || scenarios.contains(where: { $0.0 == name }) else {
  FileHandle.standardError.write("usage: vigil-umockdev \((scenarios.map { $0.0 } + ["signals", "all"]).joined(separator: "|"))\n".data(using: .utf8)!)
  exit(2)
}

// Signals go through a signalfd: block them before umockdev starts its threads, as the device program must.
var inbox = try SignalInbox(SignalSet.terminate.union(.hangup))

guard startTestbed(box, label: chipLabel) else { exit(2) }

var failed = 0
if name == "signals" || name == "all" {
  let c = Checks("signals")
  var poll = PollSet()
  let s = poll.add(inbox.fileDescriptor)!
  kill(getpid(), SIGHUP)
  kill(getpid(), SIGTERM)
  let ready = try poll.wait(timeoutNanoseconds: 1_000_000_000)
  c.check(ready.contains(s), "ppoll reports the signalfd readable")
  let first = try inbox.take(), second = try inbox.take(), third = try inbox.take()
  c.check(first == SIGHUP && second == SIGTERM && third == nil, "SIGHUP then SIGTERM read from the signalfd, then none")
  let t0 = MonotonicClock.now()
  var timer = try IntervalTimer()
  try timer.arm(initialNanoseconds: 10_000_000, intervalNanoseconds: 10_000_000)
  var tp = PollSet()
  _ = tp.add(timer.fileDescriptor)
  var expirations: UInt64 = 0
  while expirations < 3 { if !(try tp.wait(timeoutNanoseconds: 1_000_000_000)).isEmpty { expirations += try timer.takeExpirations() } }
  let elapsed = MonotonicClock.now() - t0
  c.check(elapsed >= 30_000_000 && elapsed < 1_000_000_000, "timerfd: \(expirations) expiries of 10 ms in \(elapsed / 1_000_000) ms (CLOCK_MONOTONIC)")
  timer.close()
  print("\(c.failures == 0 ? "PASS" : "FAIL") signals")
  failed += c.failures
}
for (n, run) in scenarios where name == "all" || name == n {
  let c = Checks(n)
  // Each scenario starts from a freshly powered device.
  dev { $0.reset() }
  vh_reset_counters()
  do { try run(c) } catch { c.check(false, "unexpected error: \(error)") }
  print("\(c.failures == 0 ? "PASS" : "FAIL") \(n)")
  failed += c.failures
}
vh_stop()
exit(failed == 0 ? 0 : 1)
