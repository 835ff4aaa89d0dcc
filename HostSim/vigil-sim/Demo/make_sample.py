#!/usr/bin/env python3
"""Derives the bundled demo sample from PRONOSTIA Bearing1_1 (FEMTO-ST, IEEE PHM 2012 challenge; see README):
every 12th snapshot of the run to failure plus the last 3, as native Int16 counts (±50 g full scale, round half
to even, both axes interleaved), with a segment index (wall-clock time of each snapshot, frames).

    python3 HostSim/vigil-sim/Demo/make_sample.py "$(../shared/data/unpack)/pronostia/Bearing1_1"
"""
import os, sys
import numpy as np

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
files = sorted(f for f in os.listdir(src) if f.startswith("acc_") and f.endswith(".csv"))
picked = sorted(set(list(range(0, len(files), 12)) + list(range(len(files) - 3, len(files)))))
samples, index = [], ["time_s,frames"]
for i in picked:
    a = np.loadtxt(os.path.join(src, files[i]), delimiter=",")
    counts = np.clip(np.rint(a[:, 4:6] / 50.0 * 32768), -32768, 32767).astype("<i2")
    samples.append(counts.reshape(-1))
    # PRONOSTIA snapshots are 10 s apart (two Bearing1_1 files carry a broken clock; the cadence is reliable)
    index.append(f"{i * 10},{len(a)}")
np.concatenate(samples).tofile(os.path.join(here, "bearing1_1-sample.i16"))
open(os.path.join(here, "bearing1_1-sample.i16.segments.csv"), "w").write("\n".join(index) + "\n")
print(f"{len(picked)} snapshots, {sum(len(s) for s in samples) * 2 / 1e6:.2f} MB")
