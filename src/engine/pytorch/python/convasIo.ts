/** convas_io.py: Convas documents in and out (the weights, the settings, the run), written atomically. */
export const CONVAS_IO_PY = String.raw`"""Convas documents in and out: the weights, the training settings, the run.

A document stores each tensor as base64 of little-endian float32 under weights[node][tensor], in Convas' own
layout; model.CONVAS_TENSORS says where each one lives in the PyTorch module and whether it is transposed.
"""
import base64
import json
import os
import tempfile

import numpy as np
import torch

from model import CONVAS_TENSORS


def read_document(path):
    """The document as a dict; a missing or foreign file stops with a message naming it."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise SystemExit(f"{path}: cannot be read ({e.strerror})")
    except json.JSONDecodeError as e:
        raise SystemExit(f"{path}: not a Convas document (invalid JSON: {e})")
    if not isinstance(doc, dict) or doc.get("format") != "convas.graph":
        raise SystemExit(f'{path}: not a Convas document (its "format" is not "convas.graph")')
    return doc


def load_weights(net, doc, path):
    """Copies the document's tensors into net, so PyTorch starts from Convas' numbers."""
    state = net.state_dict()  # shares storage with the parameters and buffers
    stored = doc.get("weights") or {}
    with torch.no_grad():
        for (node, tensor), (key, layout, _decay) in CONVAS_TENSORS.items():
            text = stored.get(node, {}).get(tensor)
            if text is None:
                raise SystemExit(f"{path}: has no weights for {node}.{tensor}; export the project from Convas again")
            values = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
            target = state[key]
            if values.size != target.numel():
                need = target.numel()
                raise SystemExit(f"{path}: {node}.{tensor} holds {values.size} values; the layer needs {need}")
            t = torch.from_numpy(values)
            t = t.view(*reversed(target.shape)).t() if layout == "transpose" else t.view(target.shape)
            target.copy_(t)


def weights_record(net):
    """The module's tensors in Convas' layout, as a document's "weights"."""
    state = net.state_dict()
    out = {}
    for (node, tensor), (key, layout, _decay) in CONVAS_TENSORS.items():
        t = state[key].detach().to("cpu", torch.float32)
        if layout == "transpose":
            t = t.t()
        data = t.contiguous().numpy().astype("<f4").tobytes()
        out.setdefault(node, {})[tensor] = base64.b64encode(data).decode("ascii")
    return out


def write_document(path, doc, net, settings=None, classes=None, run=None):
    """doc with net's weights (and the run's settings, classes and record), replacing path atomically."""
    out = dict(doc)
    out["weights"] = weights_record(net)
    if settings is not None:
        out["training"] = settings
    if classes:
        out["classes"] = list(classes)
    if run is not None:
        out["runs"] = list(doc.get("runs") or []) + [run]
    atomic_write(path, lambda f: f.write((json.dumps(out, indent=2) + "\n").encode("utf-8")))


def atomic_write(path, write):
    """Writes through write(file) to a temporary file beside path, then renames it over path: a crash leaves
    the old file or the new one, never half of either."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
`;
