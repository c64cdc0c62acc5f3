"""Models written the way PyTorch users write them, saved with torch.onnx.export, for Convas' import tests.

  python3 export_models.py OUT_DIR [OPSET ...]

For each model and opset: OUT_DIR/<name>-opset<N>.onnx, and OUT_DIR/<name>.json with the input shape, the batch
the model was exported with, and PyTorch's own output on a seeded batch (input.f32 / output.f32 beside it), so
the test can run the imported network on the same inputs. Random weights (seeded), batch-norm statistics too.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    """LeNet-5 as tutorials write it: x.view(-1, 256) before the dense layers."""

    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 256)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)
        self.conv2, self.bn2 = nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(x + self.bn2(self.conv2(y)))


class ResNet(nn.Module):
    """A small residual net with batch norm, global average pooling and nn.Flatten."""

    def __init__(self):
        super().__init__()
        self.stem, self.bn = nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8)
        self.block1, self.block2 = Block(8), Block(8)
        self.pool, self.flat, self.fc = nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10)

    def forward(self, x):
        x = F.relu(self.bn(self.stem(x)))
        x = F.max_pool2d(self.block2(self.block1(x)), 2)
        return self.fc(self.flat(self.pool(x)))


class Branches(nn.Module):
    """Inception-style concat branches, LeakyReLU, dropout, and average pools."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 4, 1)
        self.b = nn.Conv2d(1, 4, 3, padding=1)
        self.c = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(1, 2, 1))
        self.act = nn.LeakyReLU()
        self.drop = nn.Dropout(0.3)
        self.pool = nn.AvgPool2d(2)  # PyTorch writes Pad (all zeros) + AveragePool
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.fc = nn.Linear(10 * 7 * 7, 10)

    def forward(self, x):
        x = torch.cat([self.a(x), self.b(x), self.c(x)], dim=1)
        x = self.pool2(self.pool(self.drop(self.act(x))))
        return F.softmax(self.fc(torch.flatten(x, 1)), dim=1)


class ViewBatch(nn.Module):
    """x.view(x.size(0), -1): exported with a fixed batch of 1 it becomes Reshape to [1, -1]."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, stride=2)
        self.fc = nn.Linear(3 * 13 * 13, 5)

    def forward(self, x):
        x = torch.sigmoid(self.conv(x))
        return self.fc(x.view(x.size(0), -1))


class Padded(nn.Module):
    """Explicit zero padding in front of a convolution and a max pool (after a relu), as F.pad / nn.ZeroPad2d."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 2, 1, 2))  # a 4×4 kernel's "same" padding, the odd pixel at the end
        self.conv = nn.Conv2d(1, 4, 4)
        self.fc = nn.Linear(4 * 14 * 14, 10)

    def forward(self, x):
        x = F.relu(self.conv(self.pad(x)))
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, stride=2)
        return self.fc(torch.flatten(x, 1))


MODELS = {
    "lenet-view": (LeNet, 2, True),
    "resnet-bn": (ResNet, 2, True),
    "branches": (Branches, 2, True),
    "view-batch1": (ViewBatch, 1, False),
    "padded": (Padded, 2, True),
}


def randomize(net, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.3)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.3)


def main(out, opsets):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1)
    for name, (cls, batch, dynamic) in MODELS.items():
        net = cls().eval()
        randomize(net, 2)
        x = torch.rand(batch, 1, 28, 28, generator=torch.Generator().manual_seed(3))
        with torch.no_grad():
            y = net(x)
        x.numpy().astype("<f4").tofile(os.path.join(out, f"{name}.input.f32"))
        y.numpy().astype("<f4").tofile(os.path.join(out, f"{name}.output.f32"))
        for opset in opsets:
            torch.onnx.export(net, x, os.path.join(out, f"{name}-opset{opset}.onnx"), opset_version=opset,
                              input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None)
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump({"input": list(x.shape), "output": list(y.shape)}, f)


if __name__ == "__main__":
    main(sys.argv[1], [int(o) for o in sys.argv[2:]] or [11, 13, 17])
