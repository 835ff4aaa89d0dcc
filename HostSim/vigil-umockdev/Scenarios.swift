// The scenarios: the program side runs through VigilLinux → the real libi2c / libgpiod → umockdev → the
// fake ADXL345; every check compares what came through Linux with the device's own state (its register
// file, the frames it produced, the edge timestamps it raised).

import Foundation
import UmockdevHarness
import VigilLinux
import VigilSensors

typealias R = ADXL345Register

/// The device at 0x53 on /dev/i2c-1 (until the register emulators of HostSim/VigilHost land: the fake).
nonisolated(unsafe) let fake = FakeADXL345()
let box = DeviceBox(bus: FakeBus(fake: fake), line: FakeLine(fake: fake), address: 0x53)

/// Runs `body` on the fake with the bridge's lock held (the ioctl handlers run on umockdev's thread).
func dev<T>(_ body: (FakeADXL345) -> T) -> T { box.locked { body(fake) } }

/// A stand-in for the ADXL345 driver of VigilSensors (probe, configure, FIFO drain, overrun recovery), just
/// enough register logic to drive the Linux layer. Generic over RegisterBus, like the real driver.
struct MiniADXL345<Bus: RegisterBus> {
  var bus: Bus
  static var configuration: [(UInt8, UInt8)] {
    [(R.powerCtl, 0x00), (R.bwRate, 0x0D), (R.dataFormat, 0x0B), (R.fifoCtl, 0x80 | 16), (R.intMap, 0x00),
     (R.intEnable, R.watermark), (R.powerCtl, 0x08)]
  }
  mutating func probe() throws(BusError) -> UInt8 { try bus.read(register: R.devid) }
  mutating func configure() throws(BusError) {
    for (r, v) in Self.configuration { try bus.write(register: r, value: v) }
  }
  /// Drains every FIFO entry (one 6-byte read each); returns the frames and whether OVERRUN was set.
  mutating func drain() throws(BusError) -> (frames: [Frame], overrun: Bool) {
    let source = try bus.read(register: R.intSource)
    let entries = Int(try bus.read(register: R.fifoStatus) & 0x3F)
    var frames: [Frame] = []
    var raw = [UInt8](repeating: 0, count: 6)
    for _ in 0..<entries {
      try raw.withUnsafeMutableBufferPointer { (b) throws(BusError) in try bus.read(register: R.dataX0, into: b) }
      func s(_ i: Int) -> Int16 { Int16(bitPattern: UInt16(raw[i]) | UInt16(raw[i + 1]) << 8) }
      frames.append(Frame(x: s(0), y: s(2), z: s(4)))
    }
    return (frames, source & R.overrun != 0)
  }
  /// The datasheet's recovery: bypass (clears the FIFO), then stream again.
  mutating func recoverFIFO() throws(BusError) {
    try bus.write(register: R.fifoCtl, value: 0x00)
    try bus.write(register: R.fifoCtl, value: 0x80 | 16)
  }
}

final class Checks {
  let name: String
  var failures = 0
  init(_ name: String) { self.name = name }
  func check(_ ok: Bool, _ what: @autoclosure () -> String) {
    print("\(ok ? "ok  " : "FAIL") \(what())")
    if !ok { failures += 1 }
  }
  func expectError<T>(_ expected: BusError, _ what: String, _ body: () throws(BusError) -> T) {
    do throws(BusError) { _ = try body(); check(false, "\(what): expected \(expected), succeeded") }
    catch { check(error == expected, "\(what) → \(error) (\(error.message))") }
  }
}

let dataReadyLine: UInt32 = 17        // BCM GPIO 17, header pin 11
let chipLabel = "pinctrl-bcm2711"

func openBus(combined: Bool = false, address: UInt8 = 0x53) throws(BusError) -> LinuxI2CBus {
  try LinuxI2CBus(bus: 1, address: address, combinedReads: combined)
}
func openLine(_ chip: String = chipLabel, offset: UInt32 = dataReadyLine) throws(BusError) -> GPIOEdgeLine {
  var result: Result<GPIOEdgeLine, BusError> = .failure(.io)
  chip.withCString { p in
    do throws(BusError) { result = .success(try GPIOEdgeLine(chip: p, offset: offset, consumer: "vigil")) }
    catch { result = .failure(error) }
  }
  return try result.get()
}

/// Frames the program drained must be exactly the device's frames from `start`, in order.
func matches(_ got: [Frame], from start: Int) -> Bool {
  let produced = dev { $0.produced }
  return start + got.count <= produced.count && Array(produced[start..<start + got.count]) == got
}

// MARK: probe: DEVID through real libi2c, an empty address, the three read paths.
func probe(_ c: Checks) throws(BusError) {
  var bus = try openBus()
  c.check(vh_last_address() == 0x53, "I2C_SLAVE carried address 0x\(String(vh_last_address(), radix: 16))")
  let id = try bus.read(register: R.devid)
  c.check(id == 0xE5, "DEVID read through libi2c: 0x\(String(id, radix: 16, uppercase: true)) (ADXL345: 0xE5)")
  c.check(vh_count(VH_SMBUS_READ_BYTE_DATA) == 1, "1-byte read arrived as I2C_SMBUS read byte data")
  var empty = try openBus(address: 0x1D)
  c.expectError(.noAcknowledge, "read at 0x1D (nobody there, ENXIO)") { () throws(BusError) in try empty.read(register: 0) }
  empty.close()
  // 29 bytes 0x1D...0x39 as one SMBus I2C block read; 32 bytes as I2C_SMBUS_I2C_BLOCK_BROKEN.
  var block = [UInt8](repeating: 0, count: 29)
  try block.withUnsafeMutableBufferPointer { (b) throws(BusError) in try bus.read(register: 0x1D, into: b) }
  let regs = dev { $0.registers }
  c.check(block == Array(regs[0x1D...0x39]), "29-byte block read equals the register file 0x1D...0x39")
  var b32 = [UInt8](repeating: 0, count: 32)
  try b32.withUnsafeMutableBufferPointer { (b) throws(BusError) in try bus.read(register: 0x00, into: b) }
  c.check(b32 == Array(regs[0..<32]), "32-byte read equals the register file 0x00...0x1F")
  c.check(vh_count(VH_SMBUS_BLOCK_DATA) == 1 && vh_count(VH_SMBUS_BLOCK_BROKEN) == 1,
          "block reads arrived as I2C_BLOCK_DATA (29) and I2C_BLOCK_BROKEN (32)")
  c.expectError(.io, "a 58-byte read without combined reads (maxReadLength \(bus.maxReadLength))") { () throws(BusError) in
    var big = [UInt8](repeating: 0, count: 58)
    try big.withUnsafeMutableBufferPointer { (b) throws(BusError) in try bus.read(register: 0, into: b) }
  }
  bus.close()
  let clock = try LinuxI2CBus.busClockHertz(bus: 1), noClock = try LinuxI2CBus.busClockHertz(bus: 7)
  c.check(clock == 400_000 && noClock == nil,
          "bus clock from sysfs of_node/clock-frequency: \(clock.map(String.init) ?? "none") Hz (bus 7: \(noClock.map(String.init) ?? "none"))")
  var combined = try openBus(combined: true)
  var all = [UInt8](repeating: 0, count: 58)
  try all.withUnsafeMutableBufferPointer { (b) throws(BusError) in try combined.read(register: 0x00, into: b) }
  c.check(all == Array(dev { $0.registers }[0..<58]) && vh_count(VH_I2C_RDWR) == 1,
          "58-byte read 0x00...0x39 as one I2C_RDWR (write register, read last) equals the register file")
  combined.close()
}

// MARK: configure: the writes land in the device's registers and read back through libi2c.
func configure(_ c: Checks) throws(BusError) {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  let n = MiniADXL345<LinuxI2CBus>.configuration.count
  c.check(vh_count(VH_SMBUS_WRITE_BYTE_DATA) == UInt32(n), "\(n) register writes arrived as SMBus write byte data")
  for (r, v) in [(R.bwRate, 0x0D), (R.dataFormat, 0x0B), (R.fifoCtl, 0x90), (R.intMap, 0x00), (R.intEnable, 0x02),
                 (R.powerCtl, 0x08)] as [(UInt8, UInt8)] {
    let dev = dev { $0.register(r) }
    let back = try drv.bus.read(register: r)
    c.check(dev == v && back == v, "register 0x\(String(r, radix: 16)) = 0x\(String(dev, radix: 16)), read back 0x\(String(back, radix: 16))")
  }
  drv.bus.close()
}

// MARK: watermark: edges through libgpiod with their timestamps, FIFO drains, one ppoll over the fds.
func watermark(_ c: Checks) throws {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  var line = try openLine()
  c.check(String(cString: vh_consumer(dataReadyLine)) == "vigil", "line 17 requested with consumer \"vigil\" (chip found by label \(chipLabel))")
  var timer = try IntervalTimer()
  try timer.arm(initialNanoseconds: 500_000_000, intervalNanoseconds: 500_000_000)
  var poll = PollSet()
  let lineIndex = poll.add(line.fileDescriptor)!, timerIndex = poll.add(timer.fileDescriptor)!
  let before = try drv.drain()                 // drain before arming (the watermark is a level)
  c.check(before.frames.isEmpty, "FIFO empty before the first watermark")
  var drained = 0, edges = 0, timestampsMatch = true
  for _ in 0..<50 {
    var raised: UInt64 = 0
    dev { d in d.advance(frames: 16); raised = d.now() }
    box.pumpEdges(offset: dataReadyLine)
    let ready = try poll.wait(timeoutNanoseconds: 2_000_000_000)
    guard ready.contains(lineIndex) else { c.check(false, "ppoll did not report the line's fd"); break }
    guard case .edge(let t) = try line.waitForEdge(timeoutNanoseconds: 0) else { c.check(false, "no edge after ppoll"); break }
    edges += 1
    if t != raised { timestampsMatch = false }
    let got = try drv.drain()
    if got.overrun || !matches(got.frames, from: drained) { c.check(false, "drain \(edges) differs"); break }
    drained += got.frames.count
  }
  c.check(edges == 50 && timestampsMatch, "\(edges) rising edges read by libgpiod with the device's timestamps")
  c.check(drained == 800 && dev({ $0.produced.count }) == 800, "\(drained) frames drained, identical to the 800 the device produced")
  c.check(try line.waitForEdge(timeoutNanoseconds: 20_000_000) == .timeout, "no further edge: wait times out after 20 ms")
  let idle = try poll.wait(timeoutNanoseconds: 2_000_000_000)
  let expiries = try timer.takeExpirations()
  c.check(idle.contains(timerIndex) && !idle.contains(lineIndex) && expiries >= 1,
          "with no edge, the same ppoll wakes for the 500 ms timerfd")
  line.close(); timer.close(); drv.bus.close()
}

// MARK: overrun: the FIFO fills past 32 entries; detected, counted, recovered, the stream resumes.
func overrun(_ c: Checks) throws {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  var line = try openLine()
  dev { $0.advance(frames: 40) }          // a late drain: 8 entries overwritten
  box.pumpEdges(offset: dataReadyLine)
  guard case .edge = try line.waitForEdge(timeoutNanoseconds: 1_000_000_000) else { c.check(false, "no edge"); return }
  let got = try drv.drain()
  var overruns = 0
  if got.overrun { overruns += 1; try drv.recoverFIFO() }
  c.check(got.overrun && got.frames.count == 32 && matches(got.frames, from: 8),
          "overrun flagged; the 32 surviving entries are frames 8...39 (\(dev { $0.overrunsDropped }) dropped by the device)")
  c.check(overruns == 1, "overruns counted: \(overruns); FIFO recovered (bypass → stream)")
  dev { $0.advance(frames: 16) }
  box.pumpEdges(offset: dataReadyLine)
  guard case .edge = try line.waitForEdge(timeoutNanoseconds: 1_000_000_000) else { c.check(false, "no edge after recovery"); return }
  let after = try drv.drain()
  c.check(!after.overrun && after.frames.count == 16 && matches(after.frames, from: 40), "stream resumed: 16 frames, no overrun")
  line.close(); drv.bus.close()
}

// MARK: missed edge: the watermark edge never arrives; the timed drain recovers and edges resume.
func missedEdge(_ c: Checks) throws {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  var line = try openLine()
  dev { d in d.swallowNextEdge = true; d.advance(frames: 16) }
  box.pumpEdges(offset: dataReadyLine)
  var missed = 0, drained = 0
  if try line.waitForEdge(timeoutNanoseconds: 50_000_000) == .timeout {
    missed += 1
    let got = try drv.drain()                  // timed drain
    c.check(matches(got.frames, from: 0) && got.frames.count == 16, "timed drain after 50 ms got the 16 waiting frames")
    drained += got.frames.count
  }
  c.check(missed == 1, "missed edges counted: \(missed)")
  dev { $0.advance(frames: 16) }          // the level fell when drained, so the next watermark is an edge
  box.pumpEdges(offset: dataReadyLine)
  guard case .edge = try line.waitForEdge(timeoutNanoseconds: 1_000_000_000) else { c.check(false, "edges did not resume"); return }
  let got = try drv.drain()
  c.check(got.frames.count == 16 && matches(got.frames, from: drained), "edges resumed: next watermark drained normally")
  line.close(); drv.bus.close()
}

// MARK: NACK mid-stream: libi2c returns −121 (EREMOTEIO) → noAcknowledge; retried, no frame lost.
func nack(_ c: Checks) throws {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  dev { $0.advance(frames: 16) }
  var busErrors = 0
  var collected: [Frame] = []
  dev { $0.nackNext = 2 }
  for attempt in 1...5 {
    do throws(BusError) {
      let got = try drv.drain()
      collected += got.frames
      break
    } catch {
      busErrors += 1
      print("     attempt \(attempt): \(error) — \(error.message)")
      c.check(error == .noAcknowledge, "NACK mid-stream surfaced as noAcknowledge")
      usleep(UInt32(1000 << attempt))          // backoff
    }
  }
  c.check(vh_count(VH_I2C_NACKS) == 2 && busErrors == 2, "bus errors counted: \(busErrors) (the device NACKed \(vh_count(VH_I2C_NACKS)))")
  c.check(collected.count == 16 && matches(collected, from: 0), "all 16 frames drained after the retries")
  drv.bus.close()
}

// MARK: unplug + replug: the sensor disappears (NACKs), comes back reset; re-probe, reconfigure, resume.
// Then the adapter itself disappears (/dev/i2c-1 removed) and comes back.
func unplug(_ c: Checks) throws {
  var drv = MiniADXL345(bus: try openBus())
  try drv.configure()
  dev { $0.advance(frames: 16) }
  var total = try drv.drain().frames.count
  dev { $0.unplug() }
  var failures = 0, reprobes = 0
  var replugged = false
  while true {
    do throws(BusError) {
      if failures > 0 {                        // recovering: the device must answer its ID again
        guard try drv.probe() == 0xE5 else { throw BusError.io }
        try drv.configure()
        reprobes += 1
        print("     re-probed and reconfigured after \(failures) failed attempts")
      }
      if !replugged && failures == 3 { break }
      let got = try drv.drain()
      total += got.frames.count
      if reprobes > 0 { break }
    } catch {
      failures += 1
      if failures == 3 { dev { $0.replug() }; replugged = true }
      usleep(UInt32(1000 << min(failures, 6)))
    }
    if failures > 10 { break }
  }
  c.check(failures == 3 && reprobes == 1, "sensor unplugged: \(failures) failed attempts (noAcknowledge), then re-probed (\(reprobes))")
  c.check(dev { $0.register(R.fifoCtl) } == 0x90 && dev { $0.register(R.powerCtl) } == 0x08, "the reset sensor was configured again")
  dev { $0.advance(frames: 16) }
  let got = try drv.drain()
  total += got.frames.count
  c.check(got.frames.count == 16 && matches(got.frames, from: 16) && total == 32,
          "stream resumed after replug: 16 frames (32 in all, none produced while unplugged)")
  drv.bus.close()
  // The adapter goes away.
  vh_remove_i2c()
  c.expectError(.noDevice, "open /dev/i2c-1 after the adapter was removed (ENOENT)") { () throws(BusError) in try openBus() }
  vh_add_i2c()
  var again = try openBus()
  c.check(try again.read(register: R.devid) == 0xE5, "adapter back: /dev/i2c-1 reopened, DEVID 0xE5")
  again.close()
}

// MARK: errors: absent bus, absent chip, absent line, a busy line, no permission.
func errors(_ c: Checks) throws {
  c.expectError(.noDevice, "open /dev/i2c-7 (no such adapter)") { () throws(BusError) in try LinuxI2CBus(bus: 7, address: 0x53) }
  c.expectError(.noDevice, "GPIO chip by label \"pinctrl-rp1\" (not on this board)") { () throws(BusError) in try openLine("pinctrl-rp1") }
  c.expectError(.noDevice, "GPIO chip gpiochip4 (absent)") { () throws(BusError) in try openLine("gpiochip4") }
  c.expectError(.noDevice, "GPIO line 99 of a 58-line chip") { () throws(BusError) in try openLine(offset: 99) }
  var first = try openLine("gpiochip0")
  c.check(first.fileDescriptor >= 0, "line 17 by chip name gpiochip0: event fd \(first.fileDescriptor)")
  c.expectError(.busy, "request line 17 a second time") { () throws(BusError) in try openLine() }
  first.close()
  // Permission: a user outside the i2c group. umockdev backs /dev/i2c-1 with a pty; as root, drop the
  // effective uid to nobody (the testbed root and the ioctl socket opened up so the preload can still
  // connect), otherwise take the read/write bits off the node.
  let root = String(cString: vh_root())
  let node = root + "/dev/i2c-1", socket = root + "/ioctl/dev/i2c-1"
  let wasRoot = geteuid() == 0
  var st = stat()
  stat(node, &st)
  if wasRoot {
    chmod(root, 0o711); chmod(socket, 0o777)
    _ = seteuid(65534)
  } else {
    chmod(node, 0)
  }
  c.expectError(.permission, "open /dev/i2c-1 as \(wasRoot ? "uid 65534" : "a user") without access (EACCES)") { () throws(BusError) in
    try openBus()
  }
  if wasRoot { _ = seteuid(0); chmod(root, 0o700) } else { chmod(node, st.st_mode & 0o7777) }
  var back = try openBus()
  c.check(try back.read(register: R.devid) == 0xE5, "access restored: DEVID 0xE5")
  back.close()
}

/// The alarm output line through libgpiod's v1 line handles: the request's level, set / clear, active low
/// applied by the (emulated) kernel, busy and absent lines.
func alarmLine(_ c: Checks) throws {
  func open(_ chip: String, _ offset: UInt32, activeLow: Bool, active: Bool) throws(BusError) -> GPIOOutputLine {
    let name = Array(chip.utf8CString)
    return try GPIOOutputLine(chip: name, offset: offset, consumer: "vigil-alarm", activeLow: activeLow, active: active)
  }
  var alarm = try open(chipLabel, 27, activeLow: false, active: false)
  c.check(vh_output_level(27) == 0 && vh_count(VH_GPIO_LINEHANDLE) == 1,
          "line 27 of \(chipLabel) requested as an output, inactive: low (GPIO_GET_LINEHANDLE_IOCTL)")
  c.check(String(cString: vh_consumer(27)) == "vigil-alarm", "consumer name vigil-alarm")
  try alarm.set(active: true)
  c.check(vh_output_level(27) == 1 && alarm.isActive == true, "active: high")
  try alarm.set(active: false)
  c.check(vh_output_level(27) == 0 && alarm.isActive == false, "inactive: low")
  c.check(vh_count(VH_GPIO_SET_VALUES) == 2, "two GPIOHANDLE_SET_LINE_VALUES_IOCTL on the handle's fd")
  alarm.close()
  c.check(alarm.isActive == nil, "closed")
  var low = try open("gpiochip0", 26, activeLow: true, active: false)
  c.check(vh_output_level(26) == 1, "active-low line 26 requested inactive: high")
  try low.set(active: true)
  c.check(vh_output_level(26) == 0, "active-low, active: low")
  low.close()
  c.expectError(.noDevice, "an output past the chip's last line") { () throws(BusError) in try open("gpiochip0", 99, activeLow: false, active: false) }
  c.expectError(.noDevice, "an output on an absent chip") { () throws(BusError) in try open("pinctrl-rp1", 27, activeLow: false, active: false) }
  var input = try openLine(offset: 20)
  c.expectError(.busy, "an output on a line requested for edges") { () throws(BusError) in try open("gpiochip0", 20, activeLow: false, active: false) }
  input.close()
}
