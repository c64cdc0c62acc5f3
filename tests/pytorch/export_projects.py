"""Exports generated PyTorch projects with torch.onnx.export, as their train.py --onnx does, in one process.

For each project folder given: loads network.json's weights into model.Net and writes model.onnx (opset 17,
dynamic batch) through train.export_onnx.
"""
import importlib
import os
import sys
import warnings

warnings.filterwarnings("ignore")

for folder in sys.argv[1:]:
    sys.path.insert(0, folder)
    for name in ("model", "convas_io", "data", "train"):
        sys.modules.pop(name, None)
    model = importlib.import_module("model")
    convas_io = importlib.import_module("convas_io")
    train = importlib.import_module("train")
    path = os.path.join(folder, "network.json")
    net = model.Net()
    convas_io.load_weights(net, convas_io.read_document(path), path)
    train.export_onnx(net.eval(), os.path.join(folder, "model.onnx"))
    sys.path.pop(0)
