// One line of text for the terminal or a log, built in fixed storage (no String on the device) and
// written with one write(2).

import CVigilIO

/// Standard output and standard error.
public enum StandardStream {
  public static let output: Int32 = 1
  public static let error: Int32 = 2
}
