"""Runs generated PyTorch projects on inputs a test wrote, in one process (torch starts once).

For each project folder given: loads network.json's weights into model.Net through convas_io (as train.py
does), reads input.f32 (float32, shape in input.json), and writes logits.f32 (forward) and probabilities.f32
in eval mode.
"""
import importlib
import json
import os
import sys

import numpy as np
import torch

for folder in sys.argv[1:]:
    sys.path.insert(0, folder)
    for name in ("model", "convas_io"):
        sys.modules.pop(name, None)
    model = importlib.import_module("model")
    convas_io = importlib.import_module("convas_io")
    path = os.path.join(folder, "network.json")
    net = model.Net()
    convas_io.load_weights(net, convas_io.read_document(path), path)
    net.eval()
    with open(os.path.join(folder, "input.json"), encoding="utf-8") as f:
        shape = json.load(f)["shape"]
    x = torch.from_numpy(np.fromfile(os.path.join(folder, "input.f32"), dtype="<f4").reshape(shape))
    with torch.no_grad():
        net(x).numpy().astype("<f4").tofile(os.path.join(folder, "logits.f32"))
        net.probabilities(x).numpy().astype("<f4").tofile(os.path.join(folder, "probabilities.f32"))
    sys.path.pop(0)
