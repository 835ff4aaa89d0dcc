// Connects the umockdev ioctl handlers (C, on umockdev's worker thread) to any Swift RegisterBus and
// DataReadyLine: register transactions at the device's address go to the bus, other addresses NACK;
// edges the line reports are written into the GPIO line's event pipe with their timestamps. The program
// under test blocks in the ioctl while the handler runs, so the device is never touched by two threads at once.

import Foundation
import UmockdevHarness
import VigilSensors

/// The emulated device: a register bus at `address` and its data-ready line (any implementations: the fake
/// here, or the register emulators of HostSim/VigilHost). All access goes through `locked`.
final class DeviceBox<Bus: RegisterBus, Line: DataReadyLine>: @unchecked Sendable {
  var bus: Bus
  var line: Line
  let address: UInt8
  private let lock = NSLock()
  init(bus: Bus, line: Line, address: UInt8) { self.bus = bus; self.line = line; self.address = address }
  func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

  /// Forwards the edges the line has raised into the GPIO event pipe of line `offset`.
  /// Returns how many were forwarded (−1: no event request on that line).
  @discardableResult
  func pumpEdges(offset: UInt32) -> Int {
    var n = 0
    while case .edge(let t)? = locked({ try? line.waitForEdge(timeoutNanoseconds: 0) }) {
      if vh_raise_edge(offset, t) != 0 { return -1 }
      n += 1
    }
    return n
  }
}

/// The errno a real adapter reports for each bus error (i2c-bcm2835 reports a NACK as EREMOTEIO).
func errnoValue(_ e: BusError) -> Int32 {
  switch e {
  case .noAcknowledge: EREMOTEIO
  case .timeout: ETIMEDOUT
  case .busy: EBUSY
  case .permission: EACCES
  case .noDevice: ENODEV
  case .io: EIO
  }
}

private final class Forwarder {
  let write: (UInt8, UInt8, UInt8) -> Int32
  let read: (UInt8, UInt8, UnsafeMutableBufferPointer<UInt8>) -> Int32
  init(write: @escaping (UInt8, UInt8, UInt8) -> Int32,
       read: @escaping (UInt8, UInt8, UnsafeMutableBufferPointer<UInt8>) -> Int32) {
    self.write = write; self.read = read
  }
}
nonisolated(unsafe) private var forwarder: Forwarder?

/// Starts the testbed with `box`'s device at its address on /dev/i2c-1 and a GPIO chip labelled `label`.
func startTestbed<Bus, Line>(_ box: DeviceBox<Bus, Line>, label: String = "pinctrl-bcm2711", lines: UInt32 = 58) -> Bool {
  attach(box)
  let callbacks = vh_bus_callbacks(
    context: nil,
    write: { _, address, reg, value in forwarder!.write(address, reg, value) },
    read: { _, address, reg, buffer, length in
      forwarder!.read(address, reg, UnsafeMutableBufferPointer(start: buffer, count: Int(length)))
    })
  return vh_start(callbacks, label, lines) == 0
}

/// Puts `box`'s device on the bus from now on (the testbed keeps running).
func attach<Bus, Line>(_ box: DeviceBox<Bus, Line>) {
  let f = Forwarder(
    write: { address, reg, value in
      guard address == box.address else { return ENXIO }
      return box.locked {
        do throws(BusError) { try box.bus.write(register: reg, value: value); return 0 } catch { return errnoValue(error) }
      }
    },
    read: { address, reg, buffer in
      guard address == box.address else { return ENXIO }
      return box.locked {
        do throws(BusError) { try box.bus.read(register: reg, into: buffer); return 0 } catch { return errnoValue(error) }
      }
    })
  forwarder = f
}
