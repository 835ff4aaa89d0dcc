// Bad segment indexes (`<file>.segments.csv` of a raw recording, 200 frames): the host reader's tests and
// the firmware replay's tests check the same table, so both sides keep the same rules.

/// Each case: the index text, the line the error must name, and a word of the host's reason.
public enum BadSegmentIndexes {
  public static let cases: [(text: String, line: Int, reason: String)] = [
    ("time_s,frames\n0,100\n1e17,100\n", 3, "outside"),
    ("time_s,frames\n0,100\n1e308,100\n", 3, "outside"),
    ("time_s,frames\n0,100\n1e400,100\n", 3, "out of range"),
    ("time_s,frames\n0,100\ninf,100\n", 3, "number"),
    ("time_s,frames\nnan,100\n1,100\n", 2, "number"),
    ("time_s,frames\n-1,100\n1,100\n", 2, "outside"),
    ("time_s,frames\n5,100\n4,100\n", 3, "not after"),
    ("time_s,frames\n5,100\n5,100\n", 3, "not after"),
    ("time_s,frames\n0,100\n1,50\n", 4, "cover 150 frames"),
    ("time_s,frames\n0,100\n1,150\n", 3, "reach frame 250"),
    ("time_s,frames\n0,0\n1,200\n", 2, "whole number"),
    ("time_s,frames\n0,100.5\n1,99.5\n", 2, "whole number"),
    ("time_s,frames\n0,1e300\n", 2, "whole number"),
    ("time_s,frames\n0,100\n1,100 junk\n", 3, "junk"),
    ("time_s,frames\n", 2, "no 'time_s,frames' rows"),
  ]
}
