#!/usr/bin/env python3
"""Golden vectors for the opt-in front-end features (relative bands, envelope), numpy / scipy in float64.

    python3 Tests/Golden/features.py           # writes Tests/Golden/features.json
    python3 Tests/Golden/features.py --check   # exit 1 if features.json differs from a fresh computation

Like generate.py, every reference starts from the *same integer input* the core sees (Int16 counts) and,
for the envelope, the *same quantised* Q3.29 band-pass sections, so the tests measure the core's arithmetic.
Definitions (Sources/VigilCore/Features/RelativeBands.swift, Envelope.swift):
  total      = 10·log10(32/3 · Σ_{bins of every band} |rfft(x·hann)/N|²)          (dB re full scale)
  relative b = band b − total
  envelope b = 10·log10(32/3 · Σ_{bins of envelope band b} |rfft((v − m)·hann)/M|²) − 10·log10(m²),
               v = mean over blocks of D of sosfilt(sos, x)², m = mean(v), M = N/D.
"""
import json, os, sys
import numpy as np
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate import q15, peak_normalised_sos, quantise_sos  # noqa: E402

rng = np.random.default_rng(20261130)


def log_edges(lo, hi, nb):
    """Log-spaced band edges (bins lo ... hi), every band at least one bin (as generate.py's band cases)."""
    edges = np.rint(np.geomspace(lo, hi, nb + 1)).astype(int)
    for i in range(1, nb + 1):
        edges[i] = max(edges[i], edges[i - 1] + 1)
    return np.minimum(edges, hi - (nb - np.arange(nb + 1)))


def band_power(x, edges):
    n = len(x)
    p = np.abs(np.fft.rfft(x * signal.get_window("hann", n)) / n) ** 2
    return np.array([p[edges[b]:edges[b + 1]].sum() for b in range(len(edges) - 1)])


def db(e):
    with np.errstate(divide="ignore"):
        return np.maximum(10 * np.log10(32.0 / 3.0 * e), -400.0)


def relative_reference(counts, edges):
    e = band_power(counts / 32768.0, edges)
    total = db(e.sum())
    return (db(e) - total).tolist(), float(total), (e / e.sum()).tolist()


def envelope_reference(counts, sos_float, log2d, edges):
    y = signal.sosfilt(sos_float, counts / 32768.0)
    d = 1 << log2d
    v = (y ** 2).reshape(-1, d).mean(axis=1)
    m = v.mean()
    e = band_power(v - m, edges)
    return (db(e) - 10 * np.log10(m * m)).tolist(), (e / e.sum()).tolist()


def signals(n):
    """(label, counts): a modulated carrier among machine harmonics, and periodic ringing impacts in noise."""
    t = np.arange(n)
    out = []
    # 7 kHz-like carrier (0.35·fs) modulated at 24 cycles per window (depth 0.5), under a strong harmonic.
    carrier = 10 ** (-30 / 20) * (1 + 0.5 * np.cos(2 * np.pi * 24 * t / n)) * np.sin(2 * np.pi * 0.35 * t)
    harmonics = 10 ** (-8 / 20) * np.sin(2 * np.pi * 0.011 * t) + 10 ** (-20 / 20) * np.sin(2 * np.pi * 0.034 * t + 1)
    out.append(("modulated carrier", q15(carrier + harmonics + 10 ** (-70 / 20) * rng.standard_normal(n))))
    # Impacts every n/20 samples, each ringing a 0.3·fs resonance (decay 12 samples), in noise.
    period = n // 20
    ring = np.exp(-np.arange(period) / 12.0) * np.sin(2 * np.pi * 0.3 * np.arange(period))
    impacts = np.tile(ring, n // period + 1)[:n] * 10 ** (-14 / 20)
    out.append(("ringing impacts", q15(impacts + harmonics * 0.5 + 10 ** (-50 / 20) * rng.standard_normal(n))))
    return out


def cases():
    out = []
    for n, log2d, nb, ne in ((1024, 3, 16, 8), (64, 0, 16, 8), (4096, 5, 32, 8)):
        sos = peak_normalised_sos(signal.butter(2, [0.25 * 2, 0.45 * 2], btype="bandpass", output="sos"))
        qi, qf = quantise_sos(sos)
        m = n >> log2d
        edges = log_edges(1, n // 2 + 1, nb)
        env_edges = log_edges(2, m // 2 + 1, ne)
        for label, x in signals(n):
            rel, total, frac = relative_reference(x, edges)
            env, env_frac = envelope_reference(x, qf, log2d, env_edges)
            out.append({"label": label, "n": n, "input": x.tolist(), "edges": edges.tolist(), "relative": rel,
                        "total": total, "fraction": frac, "sections": qi.tolist(), "log2Decimation": log2d,
                        "envelopeEdges": env_edges.tolist(), "envelope": env, "envelopeFraction": env_frac})
    return out


def main():
    text = json.dumps({"cases": cases()}, separators=(",", ":"))
    path = os.path.join(HERE, "features.json")
    if "--check" in sys.argv:
        old = json.load(open(path))["cases"]
        new = json.loads(text)["cases"]
        worst = 0.0
        for a, b in zip(old, new):
            if a["input"] != b["input"] or a["sections"] != b["sections"]:
                print(f"features.json: {a['label']} N={a['n']}: input or sections differ from a fresh computation")
                sys.exit(1)
            for k in ("relative", "envelope"):
                worst = max(worst, float(np.max(np.abs(np.array(a[k]) - np.array(b[k])))))
        if len(old) != len(new) or worst > 1e-9:
            print(f"features.json is out of date (largest difference {worst} dB): re-run Tests/Golden/features.py")
            sys.exit(1)
        print("features.json reproduces")
        return
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
