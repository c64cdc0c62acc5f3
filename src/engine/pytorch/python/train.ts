/**
 * train.py: the training script, the same for every network; the generator fills in only DEFAULTS (the document's
 * training settings). Distributed through torch.distributed: torchrun, or --nproc N local processes.
 */
export const TRAIN_PY = String.raw`"""Train the network with PyTorch: one CPU, one GPU, several GPUs, several machines.

  python3 train.py                        one process (on a GPU when there is one)
  python3 train.py --nproc 4              four local processes with DistributedDataParallel
  torchrun --nproc_per_node=4 train.py    the same, started by torchrun
  torchrun --nnodes=2 --node_rank=R --master_addr=HOST --master_port=29500 --nproc_per_node=4 train.py
                                          on each of two machines (R = 0 on HOST, 1 on the other)

Each process trains a replica on its share of every batch (DistributedSampler); DistributedDataParallel averages
the gradients (NCCL on GPUs, gloo on CPUs). --batch-size is per process, so the effective batch is
batch size × processes; the learning rate is used as given. Rank 0 logs, evaluates, writes a checkpoint after
every epoch and, at the end, the Convas document with the trained weights (--out), which opens in Convas.
"""
import argparse
import datetime
import io
import json
import os
import socket
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

import convas_io
import data
from model import CONVAS_TENSORS, INPUT_SHAPE, NAME, OUTPUT_SOFTMAX, Net

HERE = os.path.dirname(os.path.abspath(__file__))

# The document's training settings (Convas' defaults where it had none). Every one has a flag.
DEFAULTS = __DEFAULTS__


def parse_args(argv=None):
    d = DEFAULTS
    p = argparse.ArgumentParser(
        description=f"Train {NAME} with PyTorch.", formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument("--data", default=d["dataset"], help="mnist, shapes, an IDX folder, or a folder of class subfolders")
    p.add_argument("--epochs", type=int, default=d["epochs"], help="passes over the training samples")
    p.add_argument("--batch-size", type=int, default=d["batchSize"], help="samples per step in each process")
    p.add_argument("--optimizer", choices=["sgd", "adam"], default=d["optimizer"], help="adam decays weights as AdamW")
    p.add_argument("--lr", type=float, default=d["lr"], help="learning rate (never rescaled for more processes)")
    p.add_argument("--momentum", type=float, default=d["momentum"], help="SGD momentum")
    p.add_argument("--weight-decay", type=float, default=d["weightDecay"], help="on kernels and matrices only")
    p.add_argument("--seed", type=int, default=d["seed"], help="shuffling, the validation split and dropout")
    p.add_argument("--val-split", type=float, default=d["valSplit"], help="share of training samples held out")
    p.add_argument("--nproc", type=int, default=1, help="local processes to start, without torchrun")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="auto: CUDA when available")
    p.add_argument("--sync-bn", action="store_true", help="batch norm over the whole batch, across GPU processes")
    p.add_argument("--start", default=os.path.join(HERE, "network.json"), help="Convas document to start from")
    p.add_argument("--out", default="trained.json", help="Convas document to write at the end ('' for none)")
    p.add_argument("--onnx", default="", help="also write the trained network as ONNX (torch.onnx.export, opset 17)")
    p.add_argument("--checkpoints", default="checkpoints", help="folder for a checkpoint per epoch ('' for none)")
    p.add_argument("--resume", default="", help="a checkpoint (checkpoints/last.pt) to continue from")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    a = p.parse_args(argv)
    checks = [
        (a.epochs >= 1, "--epochs must be at least 1"),
        (a.batch_size >= 1, "--batch-size must be at least 1"),
        (a.lr > 0, "--lr must be above 0"),
        (0 <= a.momentum < 1, "--momentum must be in [0, 1)"),
        (0 <= a.weight_decay < 1, "--weight-decay must be in [0, 1)"),
        (0 <= a.val_split < 1, "--val-split must be in [0, 1)"),
        (a.nproc >= 1, "--nproc must be at least 1"),
    ]
    for ok, message in checks:
        if not ok:
            p.error(message)
    return a


def main():
    args = parse_args()
    if args.sync_bn and (args.device == "cpu" or not torch.cuda.is_available()):
        raise SystemExit("--sync-bn needs GPUs: PyTorch's SyncBatchNorm runs on CUDA only")
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:  # started by torchrun (or another launcher)
        run(args, int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", 0)))
    elif args.nproc > 1:
        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", str(free_port()))
        mp.spawn(spawned, args=(args,), nprocs=args.nproc)
    else:
        run(args, 0, 1, 0)


def spawned(local_rank, args):
    run(args, local_rank, args.nproc, local_rank)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Log:
    """Rank 0 speaks; the others stay quiet."""

    def __init__(self, rank, as_json):
        self.on, self.as_json = rank == 0, as_json

    def say(self, text, **record):
        if self.on:
            print(json.dumps(record) if self.as_json else text, flush=True)


def pick_device(want, local_rank):
    if want == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: PyTorch sees no CUDA GPU here")
    if want == "cpu" or not torch.cuda.is_available():
        return torch.device("cpu")
    return torch.device("cuda", local_rank % torch.cuda.device_count())


def make_optimizer(net, args):
    decays = {key for key, _layout, decay in CONVAS_TENSORS.values() if decay}
    named = list(net.named_parameters())
    groups = [
        {"params": [p for k, p in named if k in decays], "weight_decay": args.weight_decay},
        {"params": [p for k, p in named if k not in decays], "weight_decay": 0.0},
    ]
    groups = [g for g in groups if g["params"]]
    if not groups:
        raise SystemExit(f"{NAME} has no trainable layers")
    if args.optimizer == "sgd":
        # v ← μ·v + g + wd·w; w ← w − lr·v: Convas' SGD, with L2 weight decay.
        return torch.optim.SGD(groups, lr=args.lr, momentum=args.momentum)
    # Convas' Adam decouples weight decay (w ← w − lr·wd·w, then the Adam step): that is PyTorch's AdamW.
    return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)


@torch.no_grad()
def evaluate(net, x, y, device, batch=1024):
    """Mean cross-entropy and accuracy over (x, y), in eval mode (no dropout, batch norm's running statistics)."""
    net.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(x), batch):
        logits = net(x[i : i + batch].to(device))
        target = y[i : i + batch].to(device)
        loss += F.cross_entropy(logits, target, reduction="sum").item()
        correct += (logits.argmax(1) == target).sum().item()
    return loss / max(len(x), 1), correct / max(len(x), 1)


def run(args, rank, world, local_rank):
    device = pick_device(args.device, local_rank)
    backend = "nccl" if device.type == "cuda" else "gloo"
    if world > 1:
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group(backend, rank=rank, world_size=world)  # MASTER_ADDR / MASTER_PORT from the env
    log = Log(rank, args.json)
    torch.manual_seed(args.seed + rank)  # each process draws its own dropout masks

    doc = convas_io.read_document(args.start)
    net = Net()
    convas_io.load_weights(net, doc, args.start)
    net.to(device)
    train_x, train_y, test_x, test_y, classes, folder = data.load(args.data, INPUT_SHAPE, HERE)
    fit_idx, val_idx = data.split_indices(len(train_x), args.val_split, args.seed)
    if not fit_idx:
        raise SystemExit("no training samples are left after the validation split")
    x, y = torch.from_numpy(train_x[fit_idx]), torch.from_numpy(train_y[fit_idx])
    val_x, val_y = torch.from_numpy(train_x[val_idx]), torch.from_numpy(train_y[val_idx])
    # The same permutation of the training samples in every process; each takes every world-th of it, so the
    # processes' batches together are what one process with the effective batch would take.
    sampler = DistributedSampler(range(len(x)), num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    model = net
    if args.sync_bn and world > 1:
        # The same module names, so CONVAS_TENSORS still finds every tensor.
        net = torch.nn.SyncBatchNorm.convert_sync_batchnorm(net)
    if world > 1:
        model = DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(net, args)
    first = 1
    if args.resume:
        state = torch.load(args.resume, map_location=device)
        net.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        first = state["epoch"] + 1
    bs = min(args.batch_size, len(x))
    log.say(
        f"{NAME}: {len(x)} training, {len(val_x)} validation, {len(test_x)} test samples from {folder}; "
        f"{world} process(es) on {device.type} ({backend if world > 1 else 'no'} all-reduce); batch {bs} per process, "
        f"effective batch {bs * world}; learning rate {args.lr} as given",
        start=True, processes=world, device=device.type, batchPerProcess=bs, effectiveBatch=bs * world, lr=args.lr,
    )

    epochs = []
    for epoch in range(first, args.epochs + 1):
        sampler.set_epoch(epoch)
        order = torch.tensor(list(sampler), dtype=torch.long)
        model.train()
        t0 = time.time()
        sums = torch.zeros(3, dtype=torch.float64)  # loss × samples, correct, samples
        for b in range(0, len(order), bs):
            idx = order[b : b + bs]
            xb, yb = x[idx].to(device), y[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            check = loss.detach().reshape(1).to(torch.float64).cpu()
            if world > 1:
                dist.all_reduce(check)  # every process stops together
            if not torch.isfinite(check).all():
                where = f"epoch {epoch}, batch {b // bs + 1}"
                raise SystemExit(f"the loss became {loss.item()} at {where}; try a lower --lr, e.g. {args.lr / 10}")
            optimizer.step()
            correct = (logits.argmax(1) == yb).sum().item()
            sums += torch.tensor([loss.item() * len(idx), correct, len(idx)], dtype=torch.float64)
        if world > 1:
            dist.all_reduce(sums)
        seconds = time.time() - t0
        count = sums[2].item()
        m = {"epoch": epoch, "loss": sums[0].item() / count, "accuracy": sums[1].item() / count, "valLoss": None,
             "valAccuracy": None, "samplesPerSecond": count / max(seconds, 1e-9), "seconds": seconds}
        if rank == 0:
            if len(val_x):
                m["valLoss"], m["valAccuracy"] = evaluate(net, val_x, val_y, device)
            m["seconds"] = time.time() - t0
            if args.checkpoints:
                save_checkpoint(args.checkpoints, epoch, net, optimizer, args)
        epochs.append(m)
        val = ""
        if m["valLoss"] is not None:
            val = f"  val loss {m['valLoss']:.4f}  val acc {m['valAccuracy'] * 100:.2f}%"
        log.say(f"epoch {epoch}/{args.epochs}  loss {m['loss']:.4f}  acc {m['accuracy'] * 100:.2f}%{val}  "
                f"{m['samplesPerSecond']:.0f} samples/s  {m['seconds']:.1f} s", **m)
        if world > 1:
            dist.barrier()

    if world > 1:
        replicas_agree(net, world, log)
    if rank == 0:
        test_loss, test_acc = evaluate(net, torch.from_numpy(test_x), torch.from_numpy(test_y), device)
        log.say(f"test accuracy {test_acc * 100:.2f}%  loss {test_loss:.4f}  ({len(test_x)} samples)",
                done=True, testAccuracy=test_acc, testLoss=test_loss, testCount=len(test_x))
        settings = {"dataset": folder, "epochs": args.epochs, "batchSize": bs * world, "optimizer": args.optimizer,
                    "lr": args.lr, "momentum": args.momentum, "weightDecay": args.weight_decay, "seed": args.seed,
                    "valSplit": args.val_split}
        if args.out:
            record = {"id": f"pytorch-{int(time.time() * 1000)}", "label": f"PyTorch, {world} process(es)",
                      "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(), "settings": settings,
                      "backend": "pytorch", "provider": device.type, "epochs": epochs, "testAccuracy": test_acc,
                      "testLoss": test_loss}
            convas_io.write_document(args.out, doc, net.cpu(), settings, classes, record)
            log.say(f"wrote {args.out}: open it in Convas, or run: convas eval {args.out}", wrote=args.out)
        if args.onnx:
            export_onnx(net.cpu(), args.onnx)
            log.say(f"wrote {args.onnx} (torch.onnx.export, opset 17)", wrote=args.onnx)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


def replicas_agree(net, world, log):
    """DistributedDataParallel keeps the replicas equal; say by how much they differ (0 when all is well)."""
    mine = torch.cat([p.detach().reshape(-1).cpu() for p in net.parameters()])
    first = mine.clone()
    dist.broadcast(first, 0)
    diff = (mine - first).abs().max().reshape(1)
    dist.all_reduce(diff, op=dist.ReduceOp.MAX)
    log.say(f"replicas agree: max |weight difference| across {world} processes = {diff.item():.3g}",
            replicas=world, maxDifference=diff.item())


def save_checkpoint(folder, epoch, net, optimizer, args):
    os.makedirs(folder, exist_ok=True)
    state = {"epoch": epoch, "model": net.state_dict(), "optimizer": optimizer.state_dict(), "args": vars(args)}
    convas_io.atomic_write(os.path.join(folder, "last.pt"), lambda f: torch.save(state, f))


class WithOutput(torch.nn.Module):
    """The network as Convas exports it: the output layer's softmax applied when the document has one."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        y = self.net(x)
        return F.softmax(y, dim=1) if OUTPUT_SOFTMAX else y


def export_onnx(net, path):
    buffer = io.BytesIO()
    torch.onnx.export(WithOutput(net).eval(), torch.zeros(1, *INPUT_SHAPE), buffer, opset_version=17,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    convas_io.atomic_write(path, lambda f: f.write(buffer.getvalue()))


if __name__ == "__main__":
    main()
`;
