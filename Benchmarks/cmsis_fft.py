#!/usr/bin/env python3
"""CMSIS-DSP's fixed-point real FFT (the `cmsisdsp` PyPI package: the library's C code behind a Python
binding) and numpy's float64 rfft: the FFT-stage peers of Benchmarks/compare, and their accuracy.

    python3 Benchmarks/cmsis_fft.py speed q31|q15|numpy --model M.vglm --input STREAM.i16 [--windows K]
        Transforms every window's axes (N and hop from the model; Q31 = counts << 16, Q15 = counts) as
        `vigil-bench peer fft` does, one call per axis; prints one JSON line like the other peers. The
        time includes the binding's per-call cost (a few hundred ns: small next to a 1024-point FFT).
    python3 Benchmarks/cmsis_fft.py accuracy [--n 1024]
        SNR (dB) against numpy's float64 rfft of the same Q15 input, for a sine (the golden vectors'
        sine) and Gaussian white noise, peak at 0 / -40 / -60 dBFS: arm_rfft_q15, arm_rfft_q31 fed
        counts << 16 (un-normalised), and arm_rfft_q31 given a block normalisation like Vigil's (the
        input shifted left as far as it goes, peak below 2^31 — one bit more than Vigil leaves itself,
        CMSIS's best case — and the shift undone afterwards).
"""
import argparse, json, os, sys, time

import numpy as np
import cmsisdsp as dsp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vglm import peak_rss_kib, read_model  # noqa: E402


def q31_instance(n):
    s = dsp.arm_rfft_instance_q31()
    if dsp.arm_rfft_init_q31(s, n, 0, 1) != 0:
        sys.exit(f"cmsis_fft: arm_rfft_init_q31 refuses N = {n}")
    return s


def q15_instance(n):
    s = dsp.arm_rfft_instance_q15()
    if dsp.arm_rfft_init_q15(s, n, 0, 1) != 0:
        sys.exit(f"cmsis_fft: arm_rfft_init_q15 refuses N = {n}")
    return s


def speed(a):
    m = read_model(a.model)
    axes, n, hop = m["axes"], m["n"], m["hop"]
    raw = np.fromfile(a.input, dtype="<i2")
    if raw.size % axes or raw.size == 0:
        sys.exit(f"cmsis_fft: {a.input}: not a whole number of {axes}-axis Int16 frames")
    frames = raw.reshape(-1, axes)
    starts = range(0, frames.shape[0] - n + 1, hop)
    if a.kind == "q31":
        inst, fn = q31_instance(n), dsp.arm_rfft_q31
        wins = [[np.ascontiguousarray(frames[s:s + n, k].astype(np.int32) << 16) for k in range(axes)] for s in starts]
    elif a.kind == "q15":
        inst, fn = q15_instance(n), dsp.arm_rfft_q15
        wins = [[np.ascontiguousarray(frames[s:s + n, k]) for k in range(axes)] for s in starts]
    else:
        inst, fn = None, None
        wins = [[np.ascontiguousarray(frames[s:s + n, k] / 32768.0) for k in range(axes)] for s in starts]
    windows, checksum = 0, 0
    t0 = time.perf_counter_ns()
    while windows < a.windows:
        for w in wins:
            for x in w:
                y = fn(inst, x) if fn else np.fft.rfft(x)
            checksum += int(y[3].real)
            windows += 1
            if windows >= a.windows:
                break
    t1 = time.perf_counter_ns()
    print(json.dumps({"peer": {"q31": "cmsis_rfft_q31", "q15": "cmsis_rfft_q15", "numpy": "numpy_rfft"}[a.kind],
                      "windows": windows, "ns_per_window": (t1 - t0) / windows,
                      "max_rss_kib": peak_rss_kib(), "checksum": checksum}))


def q15(x):
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)


def inputs(n):
    """The golden vectors' inputs (Tests/Golden/generate.py): sine and white noise, peak at each level."""
    noise = np.random.default_rng(20261130).standard_normal(n)
    for dbfs in (0, -40, -60):
        amp = 10 ** (dbfs / 20) * (32767 / 32768)
        yield "sine", dbfs, q15(amp * np.sin(2 * np.pi * (0.1 * n + 0.37) * np.arange(n) / n + 0.3))
        yield "noise", dbfs, q15(noise / np.abs(noise).max() * amp)


def snr(ref, y):
    """SNR of y against ref after the power-of-two scale that best maps y onto ref (CMSIS's output format
    depends on N; a power of two is what its shifts can produce)."""
    g = 2.0 ** np.round(np.log2(np.vdot(y, ref).real / np.vdot(y, y).real))
    e = ref - g * y
    return 10 * np.log10(np.vdot(ref, ref).real / np.vdot(e, e).real)


def accuracy(a):
    n = a.n
    i31, i15 = q31_instance(n), q15_instance(n)
    def cplx(y):
        y = np.asarray(y, dtype=np.float64)
        return y[0:n + 2:2] + 1j * y[1:n + 2:2]        # bins 0 ... N/2
    print(f"real FFT SNR vs numpy float64 rfft of the same Q15 input, N = {n} (dB)")
    print(f"{'input':6} {'peak':>9} {'q15':>8} {'q31 raw':>8} {'q31 norm':>9}")
    for kind, dbfs, x in inputs(n):
        ref = np.fft.rfft(x / 32768.0)
        x31 = x.astype(np.int64) << 16
        peak = int(np.abs(x31).max())
        s = 0
        while peak and (peak << (s + 1)) < (1 << 31): s += 1      # as far left as it goes (best case for CMSIS)
        norm = x31 << s
        r15 = snr(ref, cplx(dsp.arm_rfft_q15(i15, x)))
        r31 = snr(ref, cplx(dsp.arm_rfft_q31(i31, x31.astype(np.int32))))
        n31 = snr(ref, cplx(dsp.arm_rfft_q31(i31, norm.astype(np.int32))))
        print(f"{kind:6} {dbfs:>4} dBFS {r15:8.1f} {r31:8.1f} {n31:9.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("kind", choices=["q31", "q15", "numpy"])
    sp.add_argument("--model", required=True)
    sp.add_argument("--input", required=True)
    sp.add_argument("--windows", type=int, default=2000)
    ac = sub.add_parser("accuracy")
    ac.add_argument("--n", type=int, default=1024)
    a = ap.parse_args()
    speed(a) if a.mode == "speed" else accuracy(a)


if __name__ == "__main__":
    main()
