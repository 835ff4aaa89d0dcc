// A register-level ADXL345 (datasheet Rev. E): Table 19's register file with its reset values and
// read-only registers, BW_RATE / DATA_FORMAT / POWER_CTL / FIFO_CTL decoding, the 32-entry FIFO in bypass
// and stream modes (oldest entry dropped and Overrun set when full), Watermark / DATA_READY / Overrun in
// INT_SOURCE, INT_ENABLE / INT_MAP routing onto INT1 (the line the host watches) as a level, one FIFO entry
// popped per read that covers DATAX0…DATAZ1, and the self-test force. Samples from a SampleFeed.

import Foundation
import VigilSensors

public final class ADXL345Emulator: SampleFIFOEmulator<Int16> {
  typealias R = ADXL345Registers
  /// Output change with self-test on (counts at 256 LSB/g), typical for VS = 3.3 V: inside the datasheet
  /// limits scaled for 3.3 V (X 88 ... 955, Y −955 ... −88, Z 110 ... 1286).
  public static let selfTestForce = (x: Int16(480), y: Int16(-480), z: Int16(700))

  /// DEVID 0xE5, BW_RATE 0x0A (100 Hz), INT_SOURCE 0x02 (Watermark); every other register resets to 0.
  public override var resetValues: [(register: UInt8, value: UInt8)] { [(R.devid, R.devidValue), (R.bwRate, 0x0A), (R.intSource, 0x02)] }

  var rate: ADXL345Rate { ADXL345Rate(rawValue: registers[Int(R.bwRate)] & 0x0F) ?? .hz100 }
  var period: UInt64 { samplePeriodNanoseconds(milliHertz: rate.milliHertz) }
  var fifoMode: UInt8 { registers[Int(R.fifoCtl)] & 0xC0 }
  var watermark: Int { Int(registers[Int(R.fifoCtl)] & 0x1F) }
  var format: ADXL345DataFormat {
    let f = registers[Int(R.dataFormat)]
    return ADXL345DataFormat(fullResolution: f & R.dataFormatFullRes != 0, leftJustified: f & R.dataFormatJustify != 0,
                             range: ADXL345Range(rawValue: f & 3)!)
  }
  /// The configured output data rate (Hz).
  public var outputRate: Double { Double(rate.milliHertz) / 1000 }
  /// Entries in the FIFO.
  public var fifoCount: Int { state.entries.count }

  public override var samplePeriod: UInt64 { period }

  public override func sample() {
    samplesTaken += 1
    guard let f = (try? feed.next()) ?? nil else { return }
    var s = f
    if registers[Int(R.dataFormat)] & R.dataFormatSelfTest != 0 && !faults.selfTestBroken {
      let st = Self.selfTestForce
      s = (s.0 &+ st.x, s.1 &+ st.y, s.2 &+ st.z)
    }
    state.latest = s
    state.dataReady = true
    if fifoMode != R.fifoModeBypass {
      if state.entries.count >= R.fifoDepth {
        if fifoMode == R.fifoModeStream { state.entries.removeFirst(); state.entries.append(s); overwritten += 1 }
        state.overrun = true
      } else {
        state.entries.append(s)
      }
    }
  }

  /// INT_SOURCE as the part computes it.
  var intSource: UInt8 {
    var s: UInt8 = 0
    if state.dataReady { s |= R.intDataReady }
    if fifoMode != R.fifoModeBypass && watermark > 0 && state.entries.count >= watermark { s |= R.intWatermark }
    if state.overrun { s |= R.intOverrun }
    return s
  }

  public override var interruptLevel: Bool {
    let active = intSource & registers[Int(R.intEnable)] & ~registers[Int(R.intMap)] != 0
    return registers[Int(R.dataFormat)] & R.dataFormatIntInvert != 0 ? !active : active
  }

  /// Writable bits per register (0: read-only or reserved; writes there are ignored).
  static let writeMask: [UInt8] = {
    var m = [UInt8](repeating: 0, count: 256)
    for r in 0x1D...0x2A { m[r] = 0xFF }
    m[Int(R.bwRate)] = 0x1F; m[Int(R.powerCtl)] = 0x3F; m[Int(R.intEnable)] = 0xFF; m[Int(R.intMap)] = 0xFF
    m[Int(R.dataFormat)] = 0xEF; m[Int(R.fifoCtl)] = 0xFF
    return m
  }()

  public override func writeRegister(_ register: UInt8, _ value: UInt8) {
    guard let old = store(register, value, mask: Self.writeMask) else { return }
    switch register {
    case R.powerCtl:
      let wasMeasuring = old & R.powerCtlMeasure != 0, measure = value & R.powerCtlMeasure != 0
      if measure && !wasMeasuring { beginMeasuring() } else if !measure && wasMeasuring { endMeasuring() }
    case R.fifoCtl:
      if value & 0xC0 == R.fifoModeBypass { state.entries = []; state.overrun = false }
    default: break
    }
  }

  public override func readRegisters(_ register: UInt8, count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var popped = false
    let head = fifoMode != R.fifoModeBypass ? state.entries.first ?? state.latest : state.latest
    for i in 0..<count {
      let r = Int(register) + i
      guard r < 256 else { break }
      switch UInt8(r) {
      case R.devid: out[i] = faults.wrongID ?? R.devidValue
      case R.intSource: out[i] = intSource
      case R.fifoStatus: out[i] = UInt8(min(state.entries.count, 63))
      case R.dataX0...(R.dataX0 + 5):
        let axis = (r - Int(R.dataX0)) / 2
        let v = encode([head.0, head.1, head.2][axis])
        out[i] = r % 2 == 0 ? UInt8(v & 0xFF) : UInt8(v >> 8)
        if r == Int(R.dataX0) + 5 { popped = true }
      default: out[i] = registers[r]
      }
    }
    if popped {
      // Reading the data registers through DATAZ1 pops one FIFO entry and clears DATA_READY / Overrun.
      if fifoMode != R.fifoModeBypass && !state.entries.isEmpty { state.entries.removeFirst() }
      state.dataReady = !state.entries.isEmpty
      if state.entries.count < R.fifoDepth { state.overrun = false }
    }
    return out
  }

  /// Counts (256 LSB/g) as the data registers hold them in the configured format.
  public func encode(_ counts: Int16) -> UInt16 {
    let f = format
    let bits = f.bits
    var v = Int32(counts)
    if !f.fullResolution { v >>= Int32(f.range.rawValue) }            // 10 bits over the whole range
    let hi = Int32(1) << (bits - 1)
    v = max(-hi, min(hi - 1, v))                                      // the part saturates at its width
    if f.leftJustified { v <<= Int32(16 - bits) }
    return UInt16(bitPattern: Int16(truncatingIfNeeded: v))
  }
}
