#!/usr/bin/env python3
"""Independent reference of the quantized autoencoder: parses a Vigil model file (layout: README /
Sources/VigilCore/Model/Model.swift) with its own code and runs the integer network with Python integers.

    vigil-sim features <data>/pronostia/Bearing1_1 -m Tests/Golden/model/bearing1_1.vglm \
        --segments 0,300,600,1500,2400,2700,2790,2800 > /tmp/f.json
    python3 Tests/Golden/model_reference.py Tests/Golden/model/bearing1_1.vglm /tmp/f.json \
        > Tests/Golden/model/reference.json

Adds 40 random feature vectors (numpy, fixed seed, including extreme values that saturate) to the real
ones. Output per vector: the normalised input, the reconstruction, the score and the top three features.
"""
import json, struct, sys, zlib
import numpy as np


def parse(path):
    b = open(path, "rb").read()
    assert b[:4] == b"VGLM", "bad magic"
    version, flags, length, fingerprint = struct.unpack_from("<HHII", b, 4)
    assert version == 1 and length == len(b)
    assert zlib.crc32(b[:-4]) == struct.unpack_from("<I", b, len(b) - 4)[0], "crc"
    o = 16
    axes, log2n, hop, pole, dec, nf, naa, nb, rate_mhz = struct.unpack_from("<BBHiBBBBI", b, o); o += 16
    o += 20 * (nf + naa)
    edges = struct.unpack_from("<%dH" % (nb + 1), b, o); o += 2 * (nb + 1)
    assert zlib.crc32(b[16:o]) == fingerprint, "fingerprint"
    det, layers, nfeat, threshold = struct.unpack_from("<BBHi", b, o); o += 8
    o += 8 * 4 + 8                      # policy, calibration
    assert det == 0, "reference covers the autoencoder"
    norm = []
    for _ in range(nfeat):
        mean, mult, shift = struct.unpack_from("<iiB", b, o); o += 9
        norm.append((mean, mult, shift))
    net = []
    for _ in range(layers):
        nin, nout, relu = struct.unpack_from("<HHB", b, o); o += 5
        w = np.frombuffer(b, dtype=np.int8, count=nin * nout, offset=o).astype(np.int64).reshape(nout, nin); o += nin * nout
        ch = []
        for _ in range(nout):
            ch.append(struct.unpack_from("<iiB", b, o)); o += 9
        net.append((w, ch, relu))
    assert o == len(b) - 4
    return nb, norm, net


def rshift_round(v, n):
    return (v + (1 << (n - 1))) >> n          # Python's >> floors, like an arithmetic shift


def sat(v, bits):
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return max(lo, min(hi, v))


def run(norm, net, f):
    x = [sat(rshift_round((int(f[i]) - m) * k, r), 16) for i, (m, k, r) in enumerate(norm)]
    a = x
    for w, ch, relu in net:
        out = []
        for o, (bias, mult, shift) in enumerate(ch):
            acc = bias + sum(int(w[o, i]) * a[i] for i in range(len(a)))
            assert -2**31 <= acc < 2**31, "accumulator overflow"
            v = sat(rshift_round(acc * mult, shift), 16)
            out.append(max(0, v) if relu else v)
        a = out
    e2 = [(x[i] - a[i]) ** 2 for i in range(len(x))]
    score = sat(sum(e2) // (16 * len(x)), 32)
    contrib = [sat(rshift_round(v, 4), 32) for v in e2]
    top = sorted(range(len(x)), key=lambda i: (-contrib[i], i))[:3]
    return {"input": x, "output": a, "score": score, "top": [[i, contrib[i]] for i in top]}


def main():
    nb, norm, net = parse(sys.argv[1])
    real = json.load(open(sys.argv[2]))["windows"]
    vectors = [w["features"] for w in real]
    rng = np.random.default_rng(5)
    for k in range(40):
        scale = [1e3, 1e6, 1e8, 2.1e9][k % 4]
        vectors.append([int(v) for v in np.clip(rng.normal(0, scale, len(norm)), -2**31, 2**31 - 1)])
    print(json.dumps({"vectors": vectors, "bandCount": nb, "results": [run(norm, net, v) for v in vectors]}))


if __name__ == "__main__":
    main()
