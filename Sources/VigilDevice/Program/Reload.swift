// SIGHUP in `vigil run`: the model file is read again and replaces the running one only when it fits the
// running stream; otherwise the old model keeps running and the refusal names both sides.

import VigilCore

/// True when `model` reads as many axes as the running acquisition pushes (`running`: fixed when the
/// stream started); otherwise writes an error naming both and returns false.
func axesFit(_ model: Model, running: Int, path: FixedPath) -> Bool {
  if model.frontEnd.axes == running { return true }
  var l = TextLine("Error: ")
  l.put(path); l.put(": the model reads "); l.put(decimal: model.frontEnd.axes)
  l.put(" axes; the running stream has "); l.put(decimal: running)
  l.put(" (the sensor's first axes, fixed when vigil started): restart vigil to change the axis count")
  l.writeLine(to: StandardStream.error)
  return false
}
