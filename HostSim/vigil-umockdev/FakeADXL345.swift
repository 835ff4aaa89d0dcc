// A small register-file fake of an ADXL345 on I2C (datasheet Rev. G register map), standing in for the
// register emulators of HostSim/VigilHost until they land: DEVID, the configuration registers, a 32-entry
// FIFO (stream mode drops the oldest entry and sets OVERRUN), the watermark level on INT1 with its rising
// edges on a virtual clock, and faults (NACK the next N transactions, unplug / replug with a power-on reset,
// an edge that never reaches the host). Like the emulators, one shared object seen through a RegisterBus
// (`FakeBus`) and a DataReadyLine (`FakeLine`).

import VigilSensors

enum ADXL345Register {
  static let devid: UInt8 = 0x00, bwRate: UInt8 = 0x2C, powerCtl: UInt8 = 0x2D, intEnable: UInt8 = 0x2E
  static let intMap: UInt8 = 0x2F, intSource: UInt8 = 0x30, dataFormat: UInt8 = 0x31, dataX0: UInt8 = 0x32
  static let fifoCtl: UInt8 = 0x38, fifoStatus: UInt8 = 0x39
  /// INT_SOURCE / INT_ENABLE / INT_MAP bits.
  static let dataReady: UInt8 = 0x80, watermark: UInt8 = 0x02, overrun: UInt8 = 0x01
}

struct Frame: Equatable { var x: Int16, y: Int16, z: Int16 }

final class FakeADXL345 {
  typealias R = ADXL345Register
  private(set) var registers = [UInt8](repeating: 0, count: 64)
  private(set) var fifo: [Frame] = []
  /// Every frame the sensor produced, in order (the scenarios' reference).
  private(set) var produced: [Frame] = []
  private(set) var overrunsDropped = 0
  private var pendingEdges: [UInt64] = []
  private var level = false
  /// Virtual time (ns) and the frame period (800 Hz).
  private(set) var clock: UInt64 = 1_000_000_000
  var periodNanoseconds: UInt64 = 1_250_000
  // Faults.
  var nackNext = 0
  var unplugged = false
  var swallowNextEdge = false
  private(set) var transactions = 0

  init() { powerOnReset() }

  /// Back to a freshly powered part with no history (each scenario starts here).
  func reset() {
    produced = []; pendingEdges = []; overrunsDropped = 0; clock = 1_000_000_000
    nackNext = 0; unplugged = false; swallowNextEdge = false; transactions = 0
    powerOnReset()
  }

  func powerOnReset() {
    registers = [UInt8](repeating: 0, count: 64)
    registers[Int(R.devid)] = 0xE5
    registers[Int(R.bwRate)] = 0x0A
    registers[Int(R.intSource)] = 0x02
    fifo = []
    level = false
  }

  func unplug() { unplugged = true }
  func replug() { unplugged = false; powerOnReset() }

  private func fault() -> BusError? {
    transactions += 1
    if unplugged { return .noAcknowledge }
    if nackNext > 0 { nackNext -= 1; return .noAcknowledge }
    return nil
  }

  func write(register: UInt8, value: UInt8) throws(BusError) {
    if let e = fault() { throw e }
    let r = Int(register)
    guard r < 64, register != R.devid, register != R.intSource, register != R.fifoStatus,
          !(R.dataX0...R.dataX0 + 5).contains(register) else { return }   // read-only: ignored, as the part does
    registers[r] = value
    if register == R.fifoCtl && value & 0xC0 == 0 { fifo = [] }         // bypass mode clears the FIFO
    updateLevel()
  }

  func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    if let e = fault() { throw e }
    let first = Int(register), last = first + buffer.count - 1
    guard last < 64 else { throw .io }
    // A read covering DATAX0...DATAZ1 returns the oldest FIFO entry and pops it.
    let popsEntry = first <= Int(R.dataX0) && last >= Int(R.dataX0) + 5
    refreshStatus()
    for i in 0..<buffer.count { buffer[i] = registers[first + i] }
    if popsEntry, !fifo.isEmpty {
      fifo.removeFirst()
      registers[Int(R.intSource)] &= ~R.overrun
      updateLevel()
    }
  }

  /// Data registers show the oldest entry; FIFO_STATUS its count; INT_SOURCE the flags.
  private func refreshStatus() {
    let f = fifo.first ?? Frame(x: 0, y: 0, z: 0)
    for (i, v) in [f.x, f.y, f.z].enumerated() {
      registers[Int(R.dataX0) + 2 * i] = UInt8(truncatingIfNeeded: v)
      registers[Int(R.dataX0) + 2 * i + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
    registers[Int(R.fifoStatus)] = UInt8(fifo.count)
    var s = registers[Int(R.intSource)] & R.overrun
    if !fifo.isEmpty { s |= R.dataReady }
    if fifo.count >= Int(registers[Int(R.fifoCtl)] & 0x1F) && registers[Int(R.fifoCtl)] & 0x1F > 0 { s |= R.watermark }
    registers[Int(R.intSource)] = s
  }

  private func updateLevel() {
    refreshStatus()
    let enabled = registers[Int(R.intEnable)] & R.watermark != 0 && registers[Int(R.intMap)] & R.watermark == 0
    let now = enabled && registers[Int(R.intSource)] & R.watermark != 0
    if now && !level {
      if swallowNextEdge { swallowNextEdge = false } else { pendingEdges.append(clock) }
    }
    level = now
  }

  /// Measures `frames` samples at the configured rate (when POWER_CTL's measure bit is set).
  func advance(frames: Int) {
    for _ in 0..<frames {
      clock += periodNanoseconds
      guard !unplugged, registers[Int(R.powerCtl)] & 0x08 != 0 else { continue }
      let n = produced.count
      let f = Frame(x: Int16(truncatingIfNeeded: n &* 7 &- 300), y: Int16(truncatingIfNeeded: 1000 &- n &* 3),
                    z: Int16(truncatingIfNeeded: 256 &+ (n % 17)))
      produced.append(f)
      if registers[Int(R.fifoCtl)] & 0xC0 == 0x80 {     // stream mode
        if fifo.count == 32 { fifo.removeFirst(); overrunsDropped += 1; registers[Int(R.intSource)] |= R.overrun }
        fifo.append(f)
      } else {
        fifo = [f]                                          // bypass: only the latest sample
      }
      updateLevel()
    }
  }

  /// The oldest edge raised and not yet taken (virtual clock: no waiting).
  func takeEdge() -> UInt64? { pendingEdges.isEmpty ? nil : pendingEdges.removeFirst() }
  func now() -> UInt64 { clock }
  func register(_ r: UInt8) -> UInt8 { registers[Int(r)] }
}

/// The fake's registers as a RegisterBus.
struct FakeBus: RegisterBus {
  let fake: FakeADXL345
  var maxReadLength: Int { 64 }
  func write(register: UInt8, value: UInt8) throws(BusError) { try fake.write(register: register, value: value) }
  func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    try fake.read(register: register, into: buffer)
  }
}

/// The fake's INT1 as a DataReadyLine on its virtual clock: edges already raised are returned at once.
struct FakeLine: DataReadyLine {
  let fake: FakeADXL345
  func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    fake.takeEdge().map { .edge(timestampNanoseconds: $0) } ?? .timeout
  }
  func takeLostEdges() -> UInt32 { 0 }
  func now() -> UInt64 { fake.now() }
}
