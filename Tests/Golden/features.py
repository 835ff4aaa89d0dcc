#!/usr/bin/env python3
"""Golden vectors for the opt-in front-end features (relative bands, envelope), numpy / scipy in float64.

    python3 Tests/Golden/features.py           # writes Tests/Golden/features.json
    python3 Tests/Golden/features.py --check   # exit 1 if features.json differs from a fresh computation

Like generate.py, every reference starts from the *same integer input* the core sees (Int16 counts), so the
tests measure the core's arithmetic. The envelope is computed the textbook way, not the core's way (the core
demodulates with two 2W-point FFTs of the spectrum's carrier band; here: an N-point analytic signal):
Definitions (Sources/VigilCore/Features/RelativeBands.swift, Envelope.swift):
  total      = 10·log10(32/3 · Σ_{bins of every band} |rfft(x·hann)/N|²)          (dB re full scale)
  relative b = band b − total
  envelope b = 10·log10(72/35 · Σ_{bins k of envelope band b} |E[k]|² / |E[0]|²),
               E = rfft(|hilbert(xb)|²), xb = irfft of rfft(x·hann) kept on the carrier bins L ..< L + W
               (the Hann-windowed window band-passed by a spectral mask; hilbert: scipy.signal.hilbert).
"""
import json, os, sys
import numpy as np
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate import q15  # noqa: E402

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


def envelope_reference(counts, carrier, width, edges):
    n = len(counts)
    spectrum = np.fft.rfft(counts / 32768.0 * signal.get_window("hann", n))
    mask = np.zeros_like(spectrum)
    mask[carrier:carrier + width] = spectrum[carrier:carrier + width]
    squared = np.abs(signal.hilbert(np.fft.irfft(mask, n))) ** 2
    p = np.abs(np.fft.rfft(squared)) ** 2
    e = np.array([p[edges[b]:edges[b + 1]].sum() for b in range(len(edges) - 1)])
    with np.errstate(divide="ignore"):
        bands = np.maximum(10 * np.log10(72.0 / 35.0 * e / p[0]), -400.0)
    return bands.tolist(), (e / p[1:width + 1].sum()).tolist()


def signals(n, carrier, width):
    """(label, counts): a modulated carrier among machine harmonics, and periodic ringing impacts in noise,
    both centred on the carrier band (bins carrier ..< carrier + width)."""
    t = np.arange(n)
    out = []
    fc = (carrier + width / 2 + 0.3) / n                       # the band's centre, off-bin
    cycles = width // 4                                        # modulation: W/4 cycles per window
    # Carrier modulated at W/4 cycles per window (depth 0.5), 30 dB under a strong harmonic.
    am = 10 ** (-30 / 20) * (1 + 0.5 * np.cos(2 * np.pi * cycles * t / n)) * np.sin(2 * np.pi * fc * t)
    harmonics = 10 ** (-8 / 20) * np.sin(2 * np.pi * 0.011 * t) + 10 ** (-20 / 20) * np.sin(2 * np.pi * 0.034 * t + 1)
    out.append(("modulated carrier", q15(am + harmonics + 10 ** (-70 / 20) * rng.standard_normal(n)), cycles))
    # Impacts W/4 times per window, each ringing the band's centre (decay n/64 samples), in noise.
    period = n // cycles
    ring = np.exp(-np.arange(period) / (n / 64)) * np.sin(2 * np.pi * fc * np.arange(period))
    impacts = np.tile(ring, n // period + 1)[:n] * 10 ** (-14 / 20)
    out.append(("ringing impacts", q15(impacts + harmonics * 0.5 + 10 ** (-50 / 20) * rng.standard_normal(n)), cycles))
    return out


def cases():
    out = []
    for n, width, nb, ne in ((1024, 32, 16, 8), (1024, 16, 16, 8), (64, 16, 16, 8), (4096, 64, 32, 8)):
        carrier = min(n // 4, n // 2 - width)
        edges = log_edges(1, n // 2 + 1, nb)
        env_edges = log_edges(3, width, ne)
        for label, x, cycles in signals(n, carrier, width):
            rel, total, frac = relative_reference(x, edges)
            env, env_frac = envelope_reference(x, carrier, width, env_edges)
            out.append({"label": label, "n": n, "input": x.tolist(), "edges": edges.tolist(), "relative": rel,
                        "total": total, "fraction": frac, "carrierBin": carrier, "width": width,
                        "modulationCycles": cycles, "envelopeEdges": env_edges.tolist(), "envelope": env,
                        "envelopeFraction": env_frac})
    return out


def main():
    text = json.dumps({"cases": cases()}, separators=(",", ":"))
    path = os.path.join(HERE, "features.json")
    if "--check" in sys.argv:
        old = json.load(open(path))["cases"]
        new = json.loads(text)["cases"]
        worst = 0.0
        for a, b in zip(old, new):
            if a["input"] != b["input"] or a["carrierBin"] != b["carrierBin"] or a["width"] != b["width"]:
                print(f"features.json: {a['label']} N={a['n']}: input or carrier band differ from a fresh computation")
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
