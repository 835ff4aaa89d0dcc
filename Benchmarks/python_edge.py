#!/usr/bin/env python3
"""The seed-style Python edge pipeline: Vigil's Python peer in Benchmarks/compare.

What a typical Python predictive-maintenance edge script does, window by window, as it would run on the
device: read a hop of interleaved Int16 frames (as a sensor FIFO delivers them), high-pass them with
scipy (`sosfilt` with carried state), keep the last N frames per axis, and for every window: time
statistics (mean, RMS, peak, peak-to-peak, crest, kurtosis, skewness, zero-crossing rate), Hann window,
numpy `rfft`, log band energies, a dense autoencoder in onnxruntime (one thread) and an alert state
machine on its reconstruction error. Vectorised across axes with numpy, as such code is written.

It takes the front-end settings (axes, N, hop, band edges, sample rate) and the network's layer shapes
from a Vigil model file (`.vglm`, layout in README), so both peers do the same work on the same input. The
weights are the model's int8 weights / 128 as float32 (the cost does not depend on their values).

    python3 Benchmarks/python_edge.py --model M.vglm --input STREAM.i16 [--windows K]

Prints one JSON line: windows, loop nanoseconds per window, peak RSS of this process (KiB), a checksum.
"""
import argparse, json, os, sys, time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from scipy import signal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vglm import peak_rss_kib, read_model  # noqa: E402


def onnx_autoencoder(net, nfeat):
    """The dense network as an ONNX graph (Gemm + Relu per layer), float32, batch 1."""
    nodes, inits, prev = [], [], "x"
    for i, (w, relu) in enumerate(net):
        inits += [numpy_helper.from_array(w, f"W{i}"), numpy_helper.from_array(np.zeros(w.shape[0], np.float32), f"B{i}")]
        out = f"h{i}"
        nodes.append(helper.make_node("Gemm", [prev, f"W{i}", f"B{i}"], [out], transB=1))
        if relu:
            nodes.append(helper.make_node("Relu", [out], [out + "r"])); out += "r"
        prev = out
    nodes.append(helper.make_node("Identity", [prev], ["y"]))
    graph = helper.make_graph(nodes, "ae", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, nfeat])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, net[-1][0].shape[0]])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--input", required=True, help="raw interleaved little-endian Int16 frames")
    ap.add_argument("--windows", type=int, default=0, help="stop after this many windows (0: the whole input)")
    a = ap.parse_args()
    m = read_model(a.model)
    axes, n, hop, fs = m["axes"], m["n"], m["hop"], m["rate"]
    try:
        raw = np.fromfile(a.input, dtype="<i2")
    except OSError as e:
        sys.exit(f"python_edge: {a.input}: {e.strerror}")
    if raw.size % axes:
        sys.exit(f"python_edge: {a.input}: {raw.size * 2} bytes is not a whole number of {axes}-axis Int16 frames")
    frames = raw.reshape(-1, axes)
    sess = onnx_autoencoder(m["net"], m["nfeat"])
    sos = signal.butter(2, 2.0, btype="highpass", fs=fs, output="sos")
    zi = np.zeros((sos.shape[0], 2, axes))
    hann = signal.get_window("hann", n)[:, None]
    edges = m["edges"]
    lo, hi = np.array(edges[:-1]), np.array(edges[1:])
    # The model's normalisation, applied to the features in the core's units (dB and the unitless
    # statistics in Q16.16, the level statistics in Q30; 10 fraction bits after normalising).
    per_axis = np.concatenate([np.full(len(lo), 65536.0), np.full(4, 2.0 ** 30), np.full(4, 65536.0)])
    units = np.tile(per_axis, axes)
    mu, scale = m["norm_mean"], m["norm_scale"] / 1024
    threshold, above, state = 1.0, 0, 0
    buf = np.zeros((n, axes))
    filled, windows, checksum = 0, 0, 0.0
    limit = a.windows or sys.maxsize

    t0 = time.perf_counter_ns()
    for start in range(0, frames.shape[0] - hop + 1, hop):
        chunk = frames[start:start + hop].astype(np.float64) / 32768.0
        y, zi = signal.sosfilt(sos, chunk, axis=0, zi=zi)
        buf = np.roll(buf, -hop, axis=0)
        buf[-hop:] = y
        filled += hop
        if filled < n:
            continue
        x = buf
        mean = x.mean(axis=0)
        d = x - mean
        m2 = (d * d).mean(axis=0)
        rms = np.sqrt((x * x).mean(axis=0))
        peak = np.abs(x).max(axis=0)
        p2p = x.max(axis=0) - x.min(axis=0)
        crest = peak / (rms + 1e-12)
        kurt = (d ** 4).mean(axis=0) / (m2 * m2 + 1e-30)
        skew = (d ** 3).mean(axis=0) / (m2 ** 1.5 + 1e-30)
        zcr = np.count_nonzero(np.diff(np.signbit(d), axis=0), axis=0) / n
        power = np.abs(np.fft.rfft(x * hann, axis=0)) ** 2 / (n * n)
        bands = 10 * np.log10(np.add.reduceat(power, lo, axis=0)[:len(lo)] + 1e-18)
        features = np.concatenate([np.concatenate([bands[:, k], [mean[k], rms[k], peak[k], p2p[k], crest[k], kurt[k],
                                                                 skew[k], zcr[k]]]) for k in range(axes)])
        z = ((features * units - mu) * scale).astype(np.float32)[None, :]
        recon = sess.run(None, {"x": z})[0]
        score = float(np.mean((recon - z) ** 2))
        above = above + 1 if score > threshold else 0
        state = 1 if above >= 3 else (0 if above == 0 else state)
        checksum += score
        windows += 1
        if windows >= limit:
            break
    t1 = time.perf_counter_ns()
    print(json.dumps({"peer": "python", "windows": windows, "ns_per_window": (t1 - t0) / max(1, windows),
                      "max_rss_kib": peak_rss_kib(), "checksum": round(checksum, 3)}))


if __name__ == "__main__":
    main()
