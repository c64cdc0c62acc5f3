#!/usr/bin/env python3
"""Reference results for src/engine/teach (convolution, grey, pooling), computed with SciPy and numpy.

Run: python3 scripts/make-convolve-fixtures.py   (writes tests/fixtures/convolve/*.json; SciPy 1.17, numpy 2)
Inputs are small integers (like 8-bit pixels) so the JSON stays small; kernels include fractional, even-sized
and larger-than-the-image ones, which is where SciPy's centring and boundary rules show.
"""
import json
import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d, correlate2d

OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'convolve')
rng = np.random.default_rng(20261206)


def num(v):
    v = float(v)
    return int(v) if v.is_integer() else v


def img(h, w, c=1, hi=256):
    return rng.integers(0, hi, (h, w, c)).astype(np.float64)


KERNELS = {
    'edge2': [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    'sobelX': [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    'emboss': [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    'gaussian3': (np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16).tolist(),
    'gaussian5': (np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256).tolist(),
    'even2x2': [[1, 2], [3, -4]],
    'even2x3': [[1, -2, 3], [0, 5, -1]],
    'even4x2': [[1, 0], [2, -1], [0, 3], [-2, 1]],
    'one': [[3]],
    'row1x3': [[-1, 0, 1]],
    'frac3x3': [[0.5, -0.25, 0.125], [1.5, 0.1, -0.3], [0.2, 0.7, -1.1]],
}

PAIRS = [
    ('grey5x6', img(5, 6), ['edge2', 'even2x2', 'even2x3', 'gaussian5', 'frac3x3', 'one']),
    ('grey4x4', img(4, 4), ['sobelX', 'even4x2', 'gaussian5']),
    ('grey7x3', img(7, 3), ['emboss', 'row1x3', 'even4x2']),
    ('grey3x3', img(3, 3), ['gaussian5']),  # kernel larger than the image: padding reflects/wraps more than once
    ('grey1x1', img(1, 1), ['gaussian3']),
    ('rgb4x5', img(4, 5, 3), ['sobelX', 'even2x3', 'gaussian3']),
    ('rgba3x4', img(3, 4, 4), ['edge2']),
]


def cases(x, k):
    out = []
    kh, kw = k.shape
    for boundary in ['symm', 'fill', 'wrap']:
        for mode in ['same', 'valid', 'full']:
            if mode == 'valid' and (kh > x.shape[0] or kw > x.shape[1]) and not (kh >= x.shape[0] and kw >= x.shape[1]):
                continue
            for corr in [False, True]:
                f = correlate2d if corr else convolve2d
                planes = [f(x[:, :, c], k, mode=mode, boundary=boundary) for c in range(x.shape[2])]
                y = np.stack(planes, axis=-1)
                out.append({'boundary': boundary, 'mode': mode, 'correlate': corr, 'shape': list(y.shape), 'expected': [num(v) for v in y.ravel()]})
    return out


def image_json(x):
    return {'height': x.shape[0], 'width': x.shape[1], 'channels': x.shape[2], 'data': [num(v) for v in x.ravel()]}


def main():
    os.makedirs(OUT, exist_ok=True)
    convolve = []
    for name, x, kernels in PAIRS:
        for kname in kernels:
            k = np.array(KERNELS[kname], dtype=np.float64)
            convolve.append({'image': name, 'kernel': kname, 'x': image_json(x), 'k': k.tolist(), 'cases': cases(x, k)})
    # SciPy swaps the inputs in 'valid' mode when the kernel is the larger one on both axes.
    x = np.arange(4.0).reshape(2, 2, 1)
    k = np.arange(9.0).reshape(3, 3) - 4
    convolve.append({'image': 'tiny2x2', 'kernel': 'big3x3', 'x': image_json(x), 'k': k.tolist(), 'cases': [c for c in cases(x, k) if c['mode'] == 'valid']})
    with open(os.path.join(OUT, 'convolve.json'), 'w') as f:
        json.dump({'generator': 'scripts/make-convolve-fixtures.py', 'scipy': __import__('scipy').__version__, 'pairs': convolve}, f, separators=(',', ':'))

    # Grey: ITU-R BT.601 luma on 8-bit values, then a convolution, as `convas convolve --grey` does.
    rgb = img(5, 7, 3)
    grey = rgb @ np.array([0.299, 0.587, 0.114])
    k = np.array(KERNELS['sobelX'], dtype=np.float64)
    g = {
        'rgb': image_json(rgb),
        'grey': [float(np.float32(v)) for v in grey.ravel()],
        'kernel': 'sobelX',
        'sobelXSymmSame': [float(np.float32(v)) for v in convolve2d(grey, k, mode='same', boundary='symm').ravel()],
    }
    with open(os.path.join(OUT, 'grey.json'), 'w') as f:
        json.dump(g, f, separators=(',', ':'))

    # Pooling without padding, by numpy windows; first maximum wins ties (numpy.argmax).
    pools = []
    for (h, w) in [(4, 4), (5, 6), (7, 7)]:
        m = rng.integers(0, 10, (h, w)).astype(np.float64)  # small range: ties happen
        for size, stride in [(2, 2), (2, 1), (3, 2), (3, 1)]:
            win = sliding_window_view(m, (size, size))[::stride, ::stride]
            flat = win.reshape(win.shape[0], win.shape[1], -1)
            arg = flat.argmax(axis=-1)
            oy, ox = np.meshgrid(np.arange(win.shape[0]), np.arange(win.shape[1]), indexing='ij')
            wy = oy * stride + arg // size
            wx = ox * stride + arg % size
            pools.append({
                'height': h, 'width': w, 'data': [num(v) for v in m.ravel()], 'size': size, 'stride': stride,
                'shape': list(win.shape[:2]),
                'max': [num(v) for v in flat.max(axis=-1).ravel()],
                'avg': [float(np.float32(v)) for v in flat.mean(axis=-1).ravel()],
                'winners': [int(v) for v in (wy * w + wx).ravel()],
            })
    with open(os.path.join(OUT, 'pooling.json'), 'w') as f:
        json.dump({'generator': 'scripts/make-convolve-fixtures.py', 'cases': pools}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
