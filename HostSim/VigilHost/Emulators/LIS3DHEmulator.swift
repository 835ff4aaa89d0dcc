// A register-level LIS3DH (datasheet DocID17530, Rev 2): Table 17's register file with its reset values and
// read-only registers, CTRL_REG1 (ODR, LPen, axes) / CTRL_REG4 (BDU, FS, HR, ST) / CTRL_REG5 (FIFO_EN,
// BOOT) / FIFO_CTRL_REG decoding, the sub-address auto-increment rule (bit 7 set: the address increments;
// clear: every byte comes from the same register; with FIFO_EN the pointer rolls back from OUT_Z_H to
// OUT_X_L and every pass pops one FIFO entry), the 32-entry FIFO in bypass, FIFO and stream modes
// (FIFO_SRC_REG: WTM at FSS ≥ FTH, OVRN_FIFO when all 32 slots are filled, EMPTY, FSS), CTRL_REG3 routing
// of WTM / OVERRUN / ZYXDA onto INT1 as a level (CTRL_REG6 INT_POLARITY), left-justified output at 8, 10
// or 12 bits, and the self-test force. Samples from a SampleFeed, rescaled from the feed's counts to the
// configured mode and range (identical counts when they match: high resolution at the feed's range).

import Foundation
import VigilSensors

public final class LIS3DHEmulator: SampleFIFOEmulator<UInt16> {
  typealias R = LIS3DHRegisters
  /// Output change with self-test 0 on, mg (self-test 1: the opposite sign). In normal mode at ±2 g that is
  /// 70, 80, 140 LSb: inside the datasheet's 17 ... 360 LSb (Table 4).
  public static let selfTestForceMilliG = (x: 280.0, y: 320.0, z: 560.0)

  /// WHO_AM_I 0x33, CTRL_REG0 0x10 (SDO pull-up connected), CTRL_REG1 0x07; every other register resets to 0.
  public override var resetValues: [(register: UInt8, value: UInt8)] { [(R.whoAmI, R.whoAmIValue), (0x1E, 0x10), (R.ctrlReg1, 0x07)] }

  var ctrl1: UInt8 { registers[Int(R.ctrlReg1)] }
  var ctrl4: UInt8 { registers[Int(R.ctrlReg4)] }
  var odrCode: UInt8 { ctrl1 >> 4 }
  /// The configured mode (LPen, HR).
  public var mode: LIS3DHMode { LIS3DHMode(lowPowerBit: ctrl1 & R.ctrlReg1LowPower != 0, highResolutionBit: ctrl4 & R.ctrlReg4HighResolution != 0) }
  /// The configured range.
  public var range: LIS3DHRange { LIS3DHRange(rawValue: (ctrl4 >> R.ctrlReg4ScaleShift) & 3)! }
  /// The configured output data rate in mHz (Table 31; 1.6 kHz and 5.376 kHz in low-power mode; 0: power-down).
  var milliHertz: UInt32 {
    switch odrCode {
    case 0: 0
    case 8: 1_600_000
    case 9: mode == .lowPower ? 5_376_000 : 1_344_000
    case 10...15: 0                                                 // not allowed: the part stays down
    default: LIS3DHRate(rawValue: odrCode)!.milliHertz
    }
  }
  var period: UInt64 { samplePeriodNanoseconds(milliHertz: milliHertz) }
  var fifoEnabled: Bool { registers[Int(R.ctrlReg5)] & R.ctrlReg5FIFOEnable != 0 }
  var fifoMode: UInt8 { fifoEnabled ? registers[Int(R.fifoCtrlReg)] & R.fifoModeMask : R.fifoModeBypass }
  var threshold: Int { Int(registers[Int(R.fifoCtrlReg)] & R.fifoThresholdMask) }
  /// The configured output data rate (Hz).
  public var outputRate: Double { Double(milliHertz) / 1000 }
  /// Entries in the FIFO.
  public var fifoCount: Int { state.entries.count }

  public override var samplePeriod: UInt64 { period }

  /// Feed counts → the configured mode's register value: through mg (feed: 1000 / countsPerG mg per count;
  /// output: Table 4's mg per digit), the self-test force added, saturated at the mode's width, shifted left.
  public func encode(_ counts: Int16, selfTestMilliG: Double = 0) -> UInt16 {
    let digit = Double(range.highResolutionMilliGPerDigit * mode.digitScale)
    let feedMilliGPerCount = 1000 / feed.source.sensor.countsPerG
    var v: Int32
    if selfTestMilliG == 0 && abs(feedMilliGPerCount - digit) < 1e-9 {
      v = Int32(counts)                                             // the replay's own counts, untouched
    } else {
      v = Int32(((Double(counts) * feedMilliGPerCount + selfTestMilliG) / digit).rounded())
    }
    let bits = mode.bits
    let hi = Int32(1) << (bits - 1)
    v = max(-hi, min(hi - 1, v))
    return UInt16(bitPattern: Int16(truncatingIfNeeded: v << Int32(16 - bits)))
  }

  public override func sample() {
    samplesTaken += 1
    guard let f = (try? feed.next()) ?? nil else { return }
    var st = (x: 0.0, y: 0.0, z: 0.0)
    let selfTest = ctrl4 & R.ctrlReg4SelfTestMask
    if (selfTest == R.ctrlReg4SelfTest0 || selfTest == R.ctrlReg4SelfTest1) && !faults.selfTestBroken {
      let sign = selfTest == R.ctrlReg4SelfTest0 ? 1.0 : -1.0, force = Self.selfTestForceMilliG
      st = (force.x * sign, force.y * sign, force.z * sign)
    }
    let s = (encode(f.0, selfTestMilliG: st.x), encode(f.1, selfTestMilliG: st.y), encode(f.2, selfTestMilliG: st.z))
    if state.dataReady { state.overrun = true }
    state.latest = s
    state.dataReady = true
    switch fifoMode {
    case R.fifoModeStream:
      if state.entries.count >= R.fifoDepth { state.entries.removeFirst(); overwritten += 1 }
      state.entries.append(s)
    case R.fifoModeFIFO:
      if state.entries.count < R.fifoDepth { state.entries.append(s) } else { overwritten += 1 }   // FIFO mode stops when full
    default: break
    }
  }

  /// FIFO_SRC_REG as the part computes it.
  var fifoSource: UInt8 {
    var s = UInt8(min(state.entries.count, Int(R.fifoSrcCountMask)))
    if threshold > 0 && state.entries.count >= threshold { s |= R.fifoSrcWatermark }
    if state.entries.count >= R.fifoDepth { s |= R.fifoSrcOverrun }
    if state.entries.isEmpty { s |= R.fifoSrcEmpty }
    return s
  }

  public override var interruptLevel: Bool {
    let route = registers[Int(R.ctrlReg3)], src = fifoSource
    var active = false
    if route & R.ctrlReg3Watermark != 0 && src & R.fifoSrcWatermark != 0 { active = true }
    if route & R.ctrlReg3Overrun != 0 && src & R.fifoSrcOverrun != 0 { active = true }
    if route & 0x10 != 0 && state.dataReady { active = true }             // I1_ZYXDA
    return registers[Int(R.ctrlReg6)] & R.ctrlReg6ActiveLow != 0 ? !active : active
  }

  /// Writable bits per register (0: read-only or reserved; writes there are ignored). Table 17.
  static let writeMask: [UInt8] = {
    var m = [UInt8](repeating: 0, count: 256)
    m[0x1E] = 0x80; m[0x1F] = 0xC0                                  // CTRL_REG0 (SDO_PU_DISC), TEMP_CFG_REG
    m[Int(R.ctrlReg1)] = 0xFF; m[Int(R.ctrlReg2)] = 0xFF; m[Int(R.ctrlReg3)] = 0xFE; m[Int(R.ctrlReg4)] = 0xFF
    m[Int(R.ctrlReg5)] = 0xCF; m[Int(R.ctrlReg6)] = 0xFA; m[0x26] = 0xFF; m[Int(R.fifoCtrlReg)] = 0xFF
    m[0x30] = 0xFF; m[0x32] = 0x7F; m[0x33] = 0x7F; m[0x34] = 0xFF; m[0x36] = 0x7F; m[0x37] = 0x7F
    m[0x38] = 0x3F; m[0x3A] = 0x7F; m[0x3B] = 0x7F; m[0x3C] = 0xFF; m[0x3D] = 0xFF; m[0x3E] = 0xFF; m[0x3F] = 0xFF
    return m
  }()

  public override func writeRegister(_ register: UInt8, _ value: UInt8) {
    let address = Int(register & 0x7F)                              // a write with SUB bit 7 set writes the same register
    let mask = Self.writeMask[address]
    guard mask != 0 else { return }
    let wasRate = milliHertz
    registers[address] = value & mask
    switch UInt8(address) {
    case R.ctrlReg1, R.ctrlReg4:
      let rate = milliHertz
      if rate != 0 && wasRate == 0 { beginMeasuring() }
      else if rate == 0 && wasRate != 0 { endMeasuring() }
      else if rate != wasRate, measureSince != nil { measureSince = now; samplesTaken = 0 }
    case R.ctrlReg5:
      if value & R.ctrlReg5Boot != 0 { registers[address] &= ~R.ctrlReg5Boot }   // trimming reloaded; self-clearing
      if !fifoEnabled { state.entries = [] }
    case R.fifoCtrlReg:
      if value & R.fifoModeMask == R.fifoModeBypass { state.entries = [] }   // bypass empties the FIFO and clears OVRN_FIFO
    default: break
    }
  }

  public override func readRegisters(_ register: UInt8, count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    let increment = register & R.autoIncrement != 0
    var address = Int(register & 0x7F)
    for i in 0..<count {
      out[i] = readByte(address)
      guard increment else { continue }
      if address == Int(R.outZH) && fifoEnabled { address = Int(R.outXL) }   // FIFO roll-back to OUT_X_L
      else { address = (address + 1) & 0x7F }
    }
    return out
  }

  /// One register as the host reads it (reading OUT_Z_H pops the FIFO's head).
  func readByte(_ address: Int) -> UInt8 {
    switch UInt8(address) {
    case R.whoAmI: return faults.wrongID ?? R.whoAmIValue
    case R.statusReg: return (state.dataReady ? R.statusDataReady | 0x07 : 0) | (state.overrun ? R.statusOverrun | 0x70 : 0)
    case R.fifoSrcReg: return fifoSource
    case R.outXL...R.outZH:
      let head = fifoMode != R.fifoModeBypass ? state.entries.first ?? state.latest : state.latest
      let v = [head.0, head.1, head.2][(address - Int(R.outXL)) / 2]
      let byte = address % 2 == 0 ? UInt8(v & 0xFF) : UInt8(v >> 8)
      if address == Int(R.outZH) {
        if fifoMode != R.fifoModeBypass && !state.entries.isEmpty { state.entries.removeFirst() }
        state.dataReady = fifoMode != R.fifoModeBypass && !state.entries.isEmpty
        state.overrun = false
      }
      return byte
    default: return registers[address]
    }
  }
}
