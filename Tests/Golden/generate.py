#!/usr/bin/env python3
"""Golden vectors for the VigilCore tests, computed with numpy / scipy in float64.

    pip install numpy scipy
    python3 Tests/Golden/generate.py            # writes Tests/Golden/*.json and fft_ref.f64
    python3 Tests/Golden/generate.py --data DIR # DIR = $(../shared/data/unpack); needed for real windows

Every reference is computed from the *same integer input* the core sees (Int16 counts, Q15), so the tests
measure the core's arithmetic, not the input's quantisation. Outputs are committed; re-run this only when a
definition changes. Real-data windows: only their location and numpy's statistics are stored here (the
recordings stay in ../shared/data); the Swift test re-reads the same samples and converts them the same way.
"""
import argparse, json, os, sys
import numpy as np
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))
Q29 = 2.0 ** 29
rng = np.random.default_rng(20261121)


def q15(x):
    """Float (fraction of full scale) -> Int16 counts, round half to even, clipped."""
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)


def sine(n, cycles, amp, phase=0.3):
    return q15(amp * np.sin(2 * np.pi * cycles * np.arange(n) / n + phase))


def fft_vectors():
    """Real FFT of a Q15 sine at 0, -40 and -60 dBFS for every N, a square wave and broadband noise;
    reference = numpy rfft of the same input."""
    cases, blobs, offset = [], [], 0
    for log2n in range(6, 13):
        n = 1 << log2n
        for dbfs in (0, -40, -60):
            amp = 10 ** (dbfs / 20) * (32767 / 32768)
            x = sine(n, 0.1 * n + 0.37, amp)
            ref = np.fft.rfft(x.astype(np.float64) / 32768.0)
            pair = np.empty(2 * len(ref)); pair[0::2] = ref.real; pair[1::2] = ref.imag
            blobs.append(pair)
            cases.append({"n": n, "dbfs": dbfs, "input": x.tolist(), "refOffset": offset, "refCount": len(pair)})
            offset += len(pair)
    # A full-scale square wave (clipped input): no wrap-around allowed anywhere.
    n = 1024
    x = np.where(np.sin(2 * np.pi * 7.3 * np.arange(n) / n) >= 0, 32767, -32768).astype(np.int16)
    ref = np.fft.rfft(x.astype(np.float64) / 32768.0)
    pair = np.empty(2 * len(ref)); pair[0::2] = ref.real; pair[1::2] = ref.imag
    blobs.append(pair)
    cases.append({"n": n, "dbfs": "square", "input": x.tolist(), "refOffset": offset, "refCount": len(pair)})
    offset += len(pair)
    # Broadband input (N = 1024): Gaussian white noise, peak at 0, -40 and -60 dBFS (its own generator,
    # so the other vectors' random draws are unchanged).
    noise = np.random.default_rng(20261130).standard_normal(n)
    for dbfs in (0, -40, -60):
        x = q15(noise / np.abs(noise).max() * 10 ** (dbfs / 20) * (32767 / 32768))
        ref = np.fft.rfft(x.astype(np.float64) / 32768.0)
        pair = np.empty(2 * len(ref)); pair[0::2] = ref.real; pair[1::2] = ref.imag
        blobs.append(pair)
        cases.append({"n": n, "dbfs": f"noise {dbfs} dBFS peak", "input": x.tolist(), "refOffset": offset, "refCount": len(pair)})
        offset += len(pair)
    np.concatenate(blobs).astype("<f8").tofile(os.path.join(HERE, "fft_ref.f64"))
    return cases


def peak_normalised_sos(sos):
    """L-infinity scaling. scipy puts the whole gain in the first section, so in fixed point an intermediate
    signal can exceed full scale (and an order-8 low-pass at 0.02·fs has a first-section gain of ~1e-12,
    below Q3.29's resolution). Scale section i so that the cascade of sections 0...i peaks at exactly 1:
    no intermediate signal can exceed the input's full scale, and the whole cascade keeps scipy's response
    (a Butterworth filter peaks at 1)."""
    w = np.linspace(0, np.pi, 16384)
    out = sos.copy()
    for i in range(len(out)):
        _, h = signal.sosfreqz(out[:i + 1], worN=w)
        out[i, :3] /= np.abs(h).max()
    return out


def saturating_sosfilt(sos, x):
    """Direct form I, float64, each section's output clipped to [-1, 1): the behaviour VigilCore documents."""
    y = np.array(x, dtype=np.float64)
    for b0, b1, b2, _, a1, a2 in sos:
        x1 = x2 = y1 = y2 = 0.0
        out = np.empty_like(y)
        for i, v in enumerate(y):
            r = min(max(b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2, -1.0), 1.0 - 2.0 ** -31)
            x2, x1, y2, y1 = x1, v, y1, r
            out[i] = r
        y = out
    return y


def quantise_sos(sos):
    """-> (int Q3.29 rows [b0,b1,b2,a1,a2], float sos rebuilt from exactly those integers)."""
    qi = np.rint(sos[:, [0, 1, 2, 4, 5]] * Q29).astype(np.int64)
    qf = np.zeros_like(sos)
    qf[:, [0, 1, 2, 4, 5]] = qi / Q29
    qf[:, 3] = 1.0
    return qi, qf


def filter_vectors():
    n = 4096
    t = np.arange(n)
    x = q15(0.25 * np.sin(2 * np.pi * 0.013 * t) + 0.2 * np.sin(2 * np.pi * 0.17 * t)
            + 0.1 * np.sin(2 * np.pi * 0.41 * t) + 0.05 * rng.standard_normal(n))
    xf = x.astype(np.float64) / 32768.0
    designs = [
        ("lowpass", 4, [0.1]), ("highpass", 2, [0.05]), ("bandpass", 4, [0.1, 0.2]),
        ("lowpass", 8, [0.02]), ("highpass", 8, [0.3]), ("bandpass", 2, [0.01, 0.05]),
    ]
    cases = []
    for kind, order, edges in designs:
        wn = [2 * e for e in edges]  # scipy: fraction of Nyquist
        sos = signal.butter(order, wn if len(wn) > 1 else wn[0], btype=kind, output="sos")
        qi, qf = quantise_sos(peak_normalised_sos(sos))
        y = signal.sosfilt(qf, xf)
        freqs = np.linspace(0.001, 0.499, 64)
        _, h = signal.sosfreqz(sos, worN=2 * np.pi * freqs)
        cases.append({"kind": kind, "order": order, "edges": edges, "sections": qi.tolist(),
                      "output": y.tolist(), "responseFreqs": freqs.tolist(), "responseMag": np.abs(h).tolist()})
    # DC blocker y = x - x1 + R y1 on an input with a large DC offset.
    r_q31 = int(round(0.995 * 2 ** 31))
    xd = q15(0.3 + 0.2 * np.sin(2 * np.pi * 0.01 * t) + 0.02 * rng.standard_normal(n))
    yd = signal.lfilter([1.0, -1.0], [1.0, -r_q31 / 2 ** 31], xd.astype(np.float64) / 32768.0)
    # Decimator: order-8 anti-alias low-pass at 0.8 of the new Nyquist, then every 4th sample.
    m = 4
    aa_i, aa_f = quantise_sos(peak_normalised_sos(signal.butter(8, 0.8 / m, output="sos")))
    ydec = signal.sosfilt(aa_f, xf)[::m]
    # Saturation: a resonant section (gain ~ 8 at 0.05·fs) driven by a full-scale square wave.
    sq = np.where(np.sin(2 * np.pi * 0.05 * t) >= 0, 32767, -32768).astype(np.int16)
    b, a = signal.iirpeak(0.1, 4.0)  # w0 = 0.1 (fraction of Nyquist) = 0.05 fs
    res_sos = np.array([[b[0] * 8, b[1] * 8, b[2] * 8, 1.0, a[1], a[2]]])
    res_i, res_f = quantise_sos(res_sos)
    sqf = sq.astype(np.float64) / 32768.0
    ysq = signal.sosfilt(res_f, sqf)
    ysat = saturating_sosfilt(res_f, sqf)
    return {"input": x.tolist(), "designs": cases,
            "dc": {"input": xd.tolist(), "poleQ31": r_q31, "output": yd.tolist()},
            "decimator": {"factor": m, "sections": aa_i.tolist(), "output": ydec.tolist()},
            "saturation": {"input": sq.tolist(), "sections": res_i.tolist(), "outputUnclipped": ysq.tolist(), "outputSaturating": ysat.tolist()}}


def hann_vectors():
    return {str(1 << k): signal.get_window("hann", 1 << k).tolist() for k in (6, 10, 12)}


def band_reference(x_counts, edges):
    n = len(x_counts)
    xw = x_counts.astype(np.float64) / 32768.0 * signal.get_window("hann", n)
    p = np.abs(np.fft.rfft(xw) / n) ** 2
    e = np.array([p[edges[b]:edges[b + 1]].sum() for b in range(len(edges) - 1)])
    with np.errstate(divide="ignore"):
        db = np.maximum(10 * np.log10(32.0 / 3.0 * e), -400.0)  # empty band: a finite stand-in (JSON has no -inf)
    return db, e / p.sum()


def band_vectors():
    cases = []
    for n, nb in ((1024, 16), (4096, 32), (256, 16)):
        t = np.arange(n)
        x = q15(10 ** (-10 / 20) * np.sin(2 * np.pi * 0.0123 * t) + 10 ** (-35 / 20) * np.sin(2 * np.pi * 0.071 * t)
                + 10 ** (-50 / 20) * np.sin(2 * np.pi * 0.33 * t) + 10 ** (-70 / 20) * rng.standard_normal(n))
        lo, hi = 1, n // 2 + 1
        edges = np.rint(np.geomspace(lo, hi, nb + 1)).astype(int)
        for i in range(1, nb + 1):          # every band at least one bin wide
            edges[i] = max(edges[i], edges[i - 1] + 1)
        edges = np.minimum(edges, hi - (nb - np.arange(nb + 1)))
        db, frac = band_reference(x, edges)
        cases.append({"n": n, "input": x.tolist(), "edges": edges.tolist(), "db": db.tolist(), "fraction": frac.tolist()})
    # A sine of known amplitude inside one band reads 20·log10(A).
    n = 1024
    x = sine(n, 100.0, 10 ** (-20 / 20))
    edges = [1, 90, 111, 513]
    db, frac = band_reference(x, edges)
    cases.append({"n": n, "input": x.tolist(), "edges": edges, "db": db.tolist(), "fraction": frac.tolist()})
    return cases


def stats_of(xc):
    x = xc.astype(np.float64) / 32768.0
    mu = x.mean(); d = x - mu
    m2 = (d ** 2).mean()
    rms = np.sqrt((x ** 2).mean())
    neg = d < 0
    return {"mean": mu, "rms": rms, "peak": np.abs(x).max(), "peakToPeak": x.max() - x.min(),
            "crest": np.abs(x).max() / rms, "kurtosis": (d ** 4).mean() / m2 ** 2,
            "skewness": (d ** 3).mean() / m2 ** 1.5, "zeroCrossingRate": np.count_nonzero(neg[1:] != neg[:-1]) / len(x)}


def pronostia_counts(path):
    """g -> counts of a ±16 g sensor (Q15), the conversion the Swift test repeats."""
    a = np.loadtxt(path, delimiter=",")
    return [q15(a[:, col] / 16.0) for col in (4, 5)]


def cbm_counts(path):
    """volts -> g (0 g at 0.9 V, 80 mV/g) -> counts of a ±10 g range (Q15)."""
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.strip().split(";")
            rows.append([float(v) for v in parts[1:4]])
    a = np.array(rows)
    return [q15((a[:, c] - 0.9) / 0.08 / 10.0) for c in range(3)]


def real_windows(data):
    cases = []
    specs = [("pronostia/Bearing1_1/acc_00001.csv", 2048, 0), ("pronostia/Bearing1_1/acc_01400.csv", 2048, 256),
             ("pronostia/Bearing1_1/acc_02790.csv", 2048, 0), ("pronostia/Bearing1_1/acc_02803.csv", 1024, 1024)]
    for rel, n, off in specs:
        for axis, xc in enumerate(pronostia_counts(os.path.join(data, rel))):
            cases.append({"file": rel, "format": "pronostia", "axis": axis, "n": n, "offset": off,
                          **stats_of(xc[off:off + n])})
    for rel, n, off in [("cbm-adxl356c/1800_GoB_GS_BaLo_WA_00lb.Wfm.csv", 4096, 0),
                        ("cbm-adxl356c/1800_HOR_GS_BaLo_WA_00lb.Wfm.csv", 4096, 10000),
                        ("cbm-adxl356c/3000_HIR_GS_BaLo_WA_11lb.Wfm.csv", 1024, 30000)]:
        path = os.path.join(data, rel)
        if not os.path.exists(path):
            sys.exit(f"missing {path}")
        for axis, xc in enumerate(cbm_counts(path)):
            cases.append({"file": rel, "format": "cbm", "axis": axis, "n": n, "offset": off, **stats_of(xc[off:off + n])})
    return cases


def reader_vectors(data):
    """References for the readers (Tests/VigilCoreTests/ReaderTests.swift), written to readers.json: zlib.compress
    of a fixed text at levels 0 (stored), 1 (fixed Huffman) and 9 (dynamic Huffman); and, for two uncompressed
    CWRU and two zlib-compressed IMS MAT-files, scipy.io.loadmat's count, first values, sum and sum of squares."""
    import zlib
    import scipy.io as sio
    text = (b"Vigil predictive maintenance: vibration windows, bands, kurtosis. " * 40) + bytes(range(256)) * 3
    out = {str(level): zlib.compress(text, level).hex() for level in (0, 1, 9)}
    out["plain_len"] = len(text)
    out["plain_crc"] = zlib.crc32(text)
    mats = {}
    for rel, var in [("cwru/48k/normal_0hp_097.mat", "X097_DE_time"), ("cwru/48k/OR_021_at6_238_0.mat", "X238_DE_time"),
                     ("ims/mat/OF.mat", "data"), ("ims/mat/NA.mat", "data")]:
        v = np.asarray(sio.loadmat(os.path.join(data, rel))[var], dtype=np.float64).reshape(-1, order="F")
        mats[rel] = {"variable": var, "count": int(v.size), "first": v[:5].tolist(), "sum": float(v.sum()), "sumsq": float((v * v).sum())}
    out["mat"] = mats
    with open(os.path.join(HERE, "readers.json"), "w") as f:
        json.dump(out, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="folder printed by ../shared/data/unpack (for the real-data windows)")
    args = ap.parse_args()
    out = {"fft": fft_vectors(), "filters": filter_vectors(), "hann": hann_vectors(), "bands": band_vectors()}
    if args.data:
        out["realWindows"] = real_windows(args.data)
        reader_vectors(args.data)
    else:
        old = os.path.join(HERE, "golden.json")
        if os.path.exists(old):
            out["realWindows"] = json.load(open(old)).get("realWindows", [])
        print("note: no --data, real-window statistics kept from the previous golden.json", file=sys.stderr)
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()

