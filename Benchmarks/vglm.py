"""Reads what the Python peers of Benchmarks/compare need from a Vigil model file (.vglm, version 1 or 2; layout
in README "Model file"): the front-end settings and the autoencoder's layer shapes and int8 weights."""
import struct, sys, zlib

import numpy as np


def read_model(path):
    """Front-end settings, normalisation (mean, multiplier / 2^shift per feature, in the core's units) and layer
    shapes/weights from a .vglm (version 1 or 2)."""
    b = open(path, "rb").read()
    if b[:4] != b"VGLM":
        sys.exit(f"{path}: not a Vigil model file (no VGLM magic)")
    version, _flags, length, _fp = struct.unpack_from("<HHII", b, 4)
    if version not in (1, 2) or length != len(b) or zlib.crc32(b[:-4]) != struct.unpack_from("<I", b, len(b) - 4)[0]:
        sys.exit(f"{path}: unsupported version, wrong length or bad CRC")
    o = 16
    axes, log2n, hop, _pole, _dec, nf, naa, nb, rate_mhz = struct.unpack_from("<BBHiBBBBI", b, o); o += 16
    o += 20 * (nf + naa)
    edges = list(struct.unpack_from("<%dH" % (nb + 1), b, o)); o += 2 * (nb + 1)
    det, layers, nfeat, _threshold = struct.unpack_from("<BBHi", b, o); o += 8
    if det != 0:
        sys.exit(f"{path}: not an autoencoder model")
    o += (8 if version == 1 else 12) * 4 + 8   # alert policy (version 2: 12 fields) and calibration
    norm = np.array([struct.unpack_from("<iiB", b, o + 9 * i) for i in range(nfeat)], dtype=np.float64)
    o += 9 * nfeat
    net = []
    for _ in range(layers):
        nin, nout, relu = struct.unpack_from("<HHB", b, o); o += 5
        w = np.frombuffer(b, dtype=np.int8, count=nin * nout, offset=o).reshape(nout, nin); o += nin * nout
        o += 9 * nout
        net.append((w.astype(np.float32) / 128, relu))
    return dict(axes=axes, n=1 << log2n, hop=hop, bands=nb, edges=edges, rate=rate_mhz / 1000, nfeat=nfeat, net=net,
                norm_mean=norm[:, 0], norm_scale=norm[:, 1] / 2.0 ** norm[:, 2])


def peak_rss_kib():
    """Peak resident memory of this process (KiB): VmHWM from /proc/self/status, which starts afresh at
    exec (ru_maxrss keeps the parent's peak across fork + exec); ru_maxrss where /proc is absent."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
