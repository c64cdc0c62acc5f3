"""An independent PyTorch implementation of a Convas network, to check an exported ONNX model on the GPU.

Usage: python3 scripts/gpu/torch_reference.py DIR [--bench BATCH] [--tolerance 1e-4]

DIR comes from scripts/gpu/prepare.ts: model.onnx, document.json, input.bin, engine.bin, ort_cpu.bin, meta.json.

1. onnx.checker.check_model(full_check=True) validates the file (and runs ONNX shape inference on it).
2. The network is rebuilt from document.json with torch.nn.functional, written from the layer semantics in the
   Convas README, not from Convas' code: padding "same" = ONNX SAME_UPPER, average pools never count padding,
   max pools never pick it, locally-connected = unfold + a per-position product. Its weights are read from
   the ONNX initializers (`<node id>.<tensor>`), so the check covers what the file really holds.
3. It runs on CUDA when torch sees a GPU (else CPU, and says so) and compares with the Convas engine's output and
   onnxruntime's CPU output. Exit status 1 when a difference exceeds the tolerance.
With --bench N it also times the PyTorch network at batch N (a reference for the onnxruntime numbers).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

LEAKY_RELU_ALPHA = 0.01


def pair(v, default=None):
    if v is None:
        return default
    if isinstance(v, (list, tuple)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def pads_for(padding, size, k, s):
    """(begin, end) padding along one axis. "same": out = ceil(in/s), the odd pixel at the end (SAME_UPPER)."""
    if padding in (None, "valid"):
        return 0, 0
    if padding == "same":
        out = math.ceil(size / s)
        total = max((out - 1) * s + k - size, 0)
        return total // 2, total - total // 2
    return int(padding), int(padding)


def pad2d(x, params, kernel, stride, value=0.0):
    ph = pads_for(params.get("padding", "valid"), x.shape[2], kernel[0], stride[0])
    pw = pads_for(params.get("padding", "valid"), x.shape[3], kernel[1], stride[1])
    return F.pad(x, (pw[0], pw[1], ph[0], ph[1]), value=value)


def activation(x, fn):
    if fn in (None, "linear"):
        return x
    if fn == "relu":
        return F.relu(x)
    if fn == "leakyRelu":
        return F.leaky_relu(x, LEAKY_RELU_ALPHA)
    if fn == "sigmoid":
        return torch.sigmoid(x)
    if fn == "tanh":
        return torch.tanh(x)
    if fn == "softmax":
        return torch.softmax(x, dim=1)  # over channels (or units), per pixel
    raise ValueError(f"unknown activation {fn}")


def layer(kind, p, xs, w):
    x = xs[0] if xs else None
    if kind == "conv2d":
        k, s = pair(p["kernelSize"]), pair(p.get("stride"), (1, 1))
        y = F.conv2d(pad2d(x, p, k, s), w["W"], w.get("b"), stride=s)
        return activation(y, p.get("activation"))
    if kind == "locallyConnected2d":
        k, s = pair(p["kernelSize"]), pair(p.get("stride"), (1, 1))
        xp = pad2d(x, p, k, s)
        oh = (xp.shape[2] - k[0]) // s[0] + 1
        ow = (xp.shape[3] - k[1]) // s[1] + 1
        cols = F.unfold(xp, k, stride=s)  # [N, C*kh*kw, L], patch axis in (c, i, j) order
        y = torch.einsum("nkl,lkf->nfl", cols, w["W"]).reshape(x.shape[0], -1, oh, ow)
        if "b" in w:
            y = y + w["b"].unsqueeze(0)
        return activation(y, p.get("activation"))
    if kind == "maxPool2d":
        k = pair(p.get("poolSize"), (2, 2))
        s = pair(p.get("stride"), k)
        return F.max_pool2d(pad2d(x, p, k, s, value=-math.inf), k, stride=s)
    if kind == "avgPool2d":
        k = pair(p.get("poolSize"), (2, 2))
        s = pair(p.get("stride"), k)
        # Padding never counts: the sum over the window divided by the number of real pixels in it.
        total = F.avg_pool2d(pad2d(x, p, k, s), k, stride=s) * (k[0] * k[1])
        count = F.avg_pool2d(pad2d(torch.ones_like(x[:1, :1]), p, k, s), k, stride=s) * (k[0] * k[1])
        return total / count
    if kind == "globalAvgPool2d":
        return x.mean(dim=(2, 3))
    if kind == "dense":
        y = x @ w["W"]
        if "b" in w:
            y = y + w["b"]
        return activation(y, p.get("activation"))
    if kind == "activation":
        return activation(x, p.get("fn"))
    if kind == "flatten":
        return x.reshape(x.shape[0], -1)
    if kind == "dropout":
        return x
    if kind == "batchNorm":
        shape = (1, -1) + (1,) * (x.dim() - 2)
        scale = w["gamma"] / torch.sqrt(w["runningVar"] + float(p.get("epsilon", 1e-5)))
        return (x - w["runningMean"].view(shape)) * scale.view(shape) + w["beta"].view(shape)
    if kind == "add":
        return sum(xs[1:], xs[0])
    if kind == "concat":
        return torch.cat(xs, dim=1)
    raise ValueError(f"unknown kind {kind}")


class Network:
    def __init__(self, doc, initializers, device):
        self.nodes = {n["id"]: n for n in doc["nodes"]}
        self.inputs = {n["id"]: [e["source"] for e in doc["edges"] if e["target"] == n["id"]] for n in doc["nodes"]}
        self.input_id = next(n["id"] for n in doc["nodes"] if n["kind"] == "input")
        self.order = self._topological(doc)
        consumed = {e["source"] for e in doc["edges"]}
        self.output_id = next(i for i in self.order if i not in consumed)
        self.weights = {}
        for name, value in initializers.items():
            node, _, tensor = name.partition(".")
            if node in self.nodes and tensor:
                self.weights.setdefault(node, {})[tensor] = torch.from_numpy(value.copy()).to(device)

    def _topological(self, doc):
        order, placed = [], set()
        while len(order) < len(doc["nodes"]):
            for n in doc["nodes"]:
                if n["id"] not in placed and all(s in placed for s in self.inputs[n["id"]]):
                    order.append(n["id"])
                    placed.add(n["id"])
        return order

    def __call__(self, x):
        values = {self.input_id: x}
        for i in self.order:
            if i == self.input_id:
                continue
            n = self.nodes[i]
            values[i] = layer(n["kind"], n.get("params", {}), [values[s] for s in self.inputs[i]], self.weights.get(i, {}))
        return values[self.output_id]


def read_f32(path, dims):
    return np.fromfile(path, dtype="<f4").reshape(dims)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--bench", type=int, default=0)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    name = os.path.basename(os.path.normpath(args.dir))

    model = onnx.load(os.path.join(args.dir, "model.onnx"))
    onnx.checker.check_model(model, full_check=True)
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    print(f"{name}: onnx.checker (full_check) passed — IR {model.ir_version}, opset {opset}, onnx {onnx.__version__}")

    doc = json.load(open(os.path.join(args.dir, "document.json")))
    meta = json.load(open(os.path.join(args.dir, "meta.json")))
    initializers = {t.name: numpy_helper.to_array(t).astype(np.float32) for t in model.graph.initializer}
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    where = torch.cuda.get_device_name(0) if device.type == "cuda" else "CPU (torch sees no CUDA device)"
    # Exact fp32 on the GPU: no TF32 in convolutions or matrix products.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    net = Network(doc, initializers, device)

    x = torch.from_numpy(read_f32(os.path.join(args.dir, "input.bin"), meta["inputDims"]).copy()).to(device)
    with torch.no_grad():
        y = net(x).float().cpu().numpy()
    worst = 0.0
    for ref in ("engine", "ort_cpu"):
        other = read_f32(os.path.join(args.dir, f"{ref}.bin"), meta["outputDims"])
        diff = float(np.max(np.abs(other - y))) if other.shape == y.shape else math.inf
        worst = max(worst, diff)
        print(f"{name}: PyTorch on {where} vs {ref}: max |diff| {diff:.2e}")

    if args.bench:
        xb = torch.rand((args.bench, *meta["inputDims"][1:]), device=device)
        with torch.no_grad():
            for _ in range(3):
                net(xb)
            if device.type == "cuda":
                torch.cuda.synchronize()
            runs, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 2.0:
                net(xb)
                runs += 1
            if device.type == "cuda":
                torch.cuda.synchronize()
            rate = runs * args.bench / (time.perf_counter() - t0)
        print(f"{name}: PyTorch reference on {where}, batch {args.bench}: {rate:,.0f} samples/s")

    if worst > args.tolerance:
        print(f"{name}: FAIL — difference {worst:.2e} exceeds {args.tolerance:g}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
