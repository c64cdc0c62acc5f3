/** data.py: the datasets the generated project trains on, read as Convas reads them. */
export const DATA_PY = String.raw`"""Datasets as Convas reads them: NCHW float32 pixels in [0, 1], labels, two splits.

- An IDX folder (MNIST's format): train-images / train-labels and t10k- (or test-) images / labels, each
  optionally -idx3-ubyte / -idx1-ubyte and .gz. Class names come from classes.txt (one per line) when there is
  one, else they are the label numbers. "mnist" is such a folder: data/mnist beside this file, or $CONVAS_MNIST.
- An image folder: one subfolder of PNG/JPEG images per class (classes sorted by name). Within each class, files
  sorted by name, the first 80% (rounded up, leaving at least one) train and the rest test, as in Convas. Images
  are flattened onto black, resized to the input (Lanczos) and made grey or RGB to match it.
- "shapes": Convas draws it in code; 'convas dataset export shapes -o data/shapes' writes it as IDX files.

The validation share is held out of the training split exactly as Convas holds it out (the same seeded shuffle),
so a Convas run and this script validate on the same samples.
"""
import gzip
import math
import os
import re
import struct

import numpy as np

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_M32 = 0xFFFFFFFF


def load(spec, input_shape, here):
    """(train_x, train_y, test_x, test_y, classes, folder) for --data spec, checked against the input shape."""
    folder = spec
    if spec in ("mnist", "shapes"):
        folder = os.environ.get("CONVAS_" + spec.upper()) or os.path.join(here, "data", spec)
        if not os.path.isdir(folder):
            raise SystemExit(
                f"{spec}: no IDX folder at {folder}. Write one with: convas dataset export {spec} -o {folder}, "
                f"set $CONVAS_{spec.upper()} to one, or pass --data FOLDER"
            )
    if not os.path.isdir(folder):
        raise SystemExit(f"--data {spec}: no such folder; give mnist, shapes, an IDX folder or an image folder")
    found = _idx_files(folder)
    if found:
        train_x, train_y, test_x, test_y, classes = _load_idx(folder, found)
    else:
        train_x, train_y, test_x, test_y, classes = _load_images(folder, input_shape)
    have = tuple(train_x.shape[1:])
    if have != tuple(input_shape):
        size = "×".join(map(str, input_shape))
        raise SystemExit(f"{folder}: its images are {'×'.join(map(str, have))}; the network takes {size}")
    return train_x, train_y, test_x, test_y, classes, os.path.abspath(folder)


def read_idx(path):
    """An IDX file (big-endian header: two zero bytes, the type, the number of dimensions, then the sizes)."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise SystemExit(f"{path}: not an IDX file (its first four bytes are not an IDX magic number)")
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    count = int(np.prod(dims))
    if len(raw) < 4 + 4 * ndim + count * dtype.itemsize:
        raise SystemExit(f"{path}: shorter than its header says ({'×'.join(map(str, dims))} values)")
    return np.frombuffer(raw, dtype=dtype, count=count, offset=4 + 4 * ndim).reshape(dims)


def _idx_files(folder):
    found = {}
    for name in sorted(os.listdir(folder)):
        m = re.match(r"(train|t10k|test)[-_.](images|labels)", name)
        if m:
            found.setdefault(("train" if m[1] == "train" else "test", m[2]), os.path.join(folder, name))
    return found


def _pixels(a, path):
    """[N, H, W] (grey) or [N, H, W, C] (interleaved, as image files) → float32 [N, C, H, W] in [0, 1]."""
    if a.ndim == 3:
        a = a[:, None]
    elif a.ndim == 4 and a.shape[3] in (1, 3):
        a = a.transpose(0, 3, 1, 2)
    else:
        raise SystemExit(f"{path}: images must be [N, H, W] or [N, H, W, channels]; this one is {list(a.shape)}")
    # Bytes are 0…255; float IDX files already hold values in [0, 1].
    return np.ascontiguousarray(a.astype(np.float32) / 255 if a.dtype.kind in "iu" else a.astype(np.float32))


def _load_idx(folder, found):
    missing = [f"{s}-{k}" for s in ("train", "test") for k in ("images", "labels") if (s, k) not in found]
    if missing:
        raise SystemExit(f"{folder}: IDX folder without {', '.join(missing)} (t10k- counts as test-)")
    xs, ys = [], []
    for split in ("train", "test"):
        x = _pixels(read_idx(found[(split, "images")]), found[(split, "images")])
        y = read_idx(found[(split, "labels")]).astype(np.int64).reshape(-1)
        if len(x) != len(y):
            raise SystemExit(f"{found[(split, 'labels')]}: {len(y)} labels for {len(x)} images")
        xs.append(x)
        ys.append(y)
    names = os.path.join(folder, "classes.txt")
    if os.path.exists(names):
        with open(names, encoding="utf-8") as f:
            classes = [line.strip() for line in f if line.strip()]
    else:
        classes = [str(i) for i in range(int(max(ys[0].max(initial=0), ys[1].max(initial=0))) + 1)]
    for y in ys:
        if len(y) and (y.min() < 0 or y.max() >= len(classes)):
            raise SystemExit(f"{folder}: labels run from {y.min()} to {y.max()} but there are {len(classes)} classes")
    return xs[0], ys[0], xs[1], ys[1], classes


def _listing(folder):
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


def _load_images(root, input_shape):
    from PIL import Image  # only image folders need Pillow

    channels, height, width = input_shape
    classes = [n for n in _listing(root) if os.path.isdir(os.path.join(root, n))]
    if len(classes) < 2:
        raise SystemExit(f"{root}: needs IDX files or at least two class subfolders of images")
    train, test, skipped = [], [], []
    for label, name in enumerate(classes):
        images = []
        for file in _listing(os.path.join(root, name)):
            path = os.path.join(root, name, file)
            if not os.path.isfile(path):
                continue
            try:
                images.append(_image(Image, path, channels, height, width))
            except Exception as e:  # unreadable files are skipped and listed, as in Convas
                skipped.append(f"{name}/{file}: {e}")
        if not images:
            raise SystemExit(f"{root}: class {name!r} has no readable images")
        keep = 1 if len(images) == 1 else min(len(images) - 1, math.ceil(len(images) * 0.8))
        train += [(img, label) for img in images[:keep]]
        test += [(img, label) for img in images[keep:]]
    for s in skipped:
        print(f"warning: skipped {s}", flush=True)

    def stack(pairs):
        x = np.stack([p[0] for p in pairs]) if pairs else np.zeros((0, channels, height, width), np.float32)
        return x, np.array([p[1] for p in pairs], dtype=np.int64)

    return (*stack(train), *stack(test), classes)


def _image(Image, path, channels, height, width):
    img = Image.open(path)
    img.load()
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:  # flattened onto black, as Convas does
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size)
        img.paste(rgba, mask=rgba.split()[3])
    grey = img.mode in ("1", "L", "I", "I;16", "F")
    img = img.convert("L" if grey else "RGB")
    if img.size != (width, height):
        img = img.resize((width, height), Image.LANCZOS)
    a = np.asarray(img, dtype=np.float32) / 255
    if channels == 3:
        return np.ascontiguousarray((a[..., None].repeat(3, 2) if grey else a).transpose(2, 0, 1))
    if not grey:  # luminance (ITU-R BT.709) computed on linear light, as libvips' sRGB → B_W
        lin = np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)
        y = lin @ np.array([0.2126, 0.7152, 0.0722], np.float32)
        a = np.where(y <= 0.0031308, 12.92 * y, 1.055 * y ** (1 / 2.4) - 0.055)
        a = np.round(a * 255) / 255
    return a[None].astype(np.float32)


def _rng(seed):
    """Convas' seeded generator (mulberry32, src/engine/rng.ts), so the held-out samples are Convas' own."""
    state = [((seed & _M32) ^ 0x9E3779B9) & _M32]

    def next_float():
        state[0] = (state[0] + 0x6D2B79F5) & _M32
        t = state[0]
        t = ((t ^ (t >> 15)) * (t | 1)) & _M32
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & _M32
        return ((t ^ (t >> 14)) & _M32) / 4294967296

    return next_float


def split_indices(count, val_split, seed):
    """Training and validation sample indices, each sorted: Convas' splitIndices (src/engine/train/trainer.ts)."""
    rand = _rng(seed ^ 0x5EED)
    idx = list(range(count))
    for i in range(count - 1, 0, -1):  # Fisher–Yates, as Convas' shuffledIndices
        j = math.floor(rand() * (i + 1))
        idx[i], idx[j] = idx[j], idx[i]
    n_val = math.floor(count * val_split)
    return sorted(idx[: count - n_val]), sorted(idx[count - n_val :])
`;
