// vigil-sim: the host simulator. Real recordings through the same core the device runs.

import ArgumentParser
import Foundation
import VigilCore
import VigilHost

@main
struct VigilSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vigil-sim",
    abstract: "Vigil host simulator: train, replay and evaluate the on-device vibration monitor on recordings.",
    subcommands: [Demo.self, Train.self, Replay.self, Evaluate.self, Report.self, Export.self, Features.self, Inspect.self, FuzzModel.self, Fuzz.self, Device.self])
}
