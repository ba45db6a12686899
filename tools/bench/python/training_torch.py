"""PyTorch CPU baseline of mtlkit-bench's training suite (tools/bench/src/training.ts).

Same shapes, losses, optimiser and steps as the TypeScript side, written the way LibMTL and torchjd
do them in PyTorch:
- summed: (sum of the task losses).backward(), Adam step;
- jacobian-upgrad: one forward, one torch.autograd.grad per task (retain_graph, LibMTL's
  _compute_grad), J = rows over the shared parameters, UPGrad weights (torchjd's method: the
  Gramian normalised by its trace, + 1e-4 I, one dual-cone projection per task, here solved by an
  exact active-set method), shared .grad = J^T w, heads their own task gradient, Adam step;
- representation-upgrad: the same on the shared features z (MGDA-UB, LibMTL's rep_grad), then
  z.backward(direction);
- forward1000 (LeNet only): outputs of 1000 images, no gradient.
Usage: python3 training_torch.py '<json config>'; prints one JSON object per line:
{"model": ..., "step": ..., "threads": ..., "wall_ms": median, "cpu_ms": median, "runs": n}.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from bench_timing import measure


def mlp(cfg):
    widths = [cfg["input"]] + cfg["hidden"]
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    encoder = nn.Sequential(*layers)
    heads = nn.ModuleList([nn.Linear(widths[-1], cfg["output"]) for _ in range(cfg["tasks"])])
    x = torch.randn(cfg["batch"], cfg["input"])
    ys = [torch.randn(cfg["batch"], cfg["output"]) for _ in range(cfg["tasks"])]
    losses = [F.mse_loss] * cfg["tasks"]
    return encoder, heads, x, ys, losses


class Lenet(nn.Module):
    def __init__(self, size, channels, features):
        super().__init__()
        c1, c2 = channels
        self.conv1 = nn.Conv2d(1, c1, 5)
        self.conv2 = nn.Conv2d(c1, c2, 5)
        pooled = ((size - 4) // 2 - 4) // 2
        self.fc = nn.Linear(c2 * pooled * pooled, features)

    def forward(self, x):
        h = F.relu(F.max_pool2d(self.conv1(x), 2))
        h = F.relu(F.max_pool2d(self.conv2(h), 2))
        return F.relu(self.fc(torch.flatten(h, 1)))


def lenet(cfg):
    encoder = Lenet(cfg["size"], cfg["channels"], cfg["features"])
    heads = nn.ModuleList(
        [nn.Sequential(nn.Linear(cfg["features"], 50), nn.ReLU(), nn.Linear(50, cfg["classes"])) for _ in range(cfg["tasks"])]
    )
    x = torch.rand(cfg["batch"], 1, cfg["size"], cfg["size"])
    ys = [torch.randint(0, cfg["classes"], (cfg["batch"],)) for _ in range(cfg["tasks"])]
    losses = [F.cross_entropy] * cfg["tasks"]
    return encoder, heads, x, ys, losses


def project_weights(G, b):
    """argmin_v v^T G v subject to v >= b (G positive definite, float64), by an exact active set
    on s = v - b >= 0: min 1/2 s^T G s + (G b)^T s."""
    m = G.shape[0]
    c = G @ b
    free = torch.zeros(m, dtype=torch.bool)
    s = torch.zeros(m, dtype=torch.float64)
    for _ in range(4 * m + 10):
        grad = G @ s + c
        candidates = (~free) & (grad < -1e-15)
        if not candidates.any():
            break
        free[torch.argmin(torch.where(candidates, grad, torch.zeros_like(grad)))] = True
        while True:
            idx = free.nonzero().flatten()
            target = torch.zeros(m, dtype=torch.float64)
            target[idx] = torch.linalg.solve(G[idx][:, idx], -c[idx])
            if (target[idx] > 0).all():
                s = target
                break
            # Step from s towards target until a free coordinate hits zero, and drop it.
            d = target - s
            ratios = torch.where(free & (d < 0), s / (s - target), torch.full_like(s, float("inf")))
            alpha = float(ratios.min())
            s = s + alpha * d
            free &= s > 1e-15
            s = torch.where(free, s, torch.zeros_like(s))
    return b + s


def upgrad_weights(J):
    G = (J @ J.T).double()
    m = G.shape[0]
    trace = float(torch.trace(G))
    G = G / trace if trace >= 1e-4 else torch.zeros_like(G)
    G = G + 1e-4 * torch.eye(m, dtype=torch.float64)
    u = torch.full((m,), 1.0 / m, dtype=torch.float64)
    return sum(project_weights(G, u[i] * torch.eye(m, dtype=torch.float64)[i]) for i in range(m)).float()


def make_steps(encoder, heads, x, ys, losses, lr):
    shared = list(encoder.parameters())
    params = shared + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=lr)

    def summed():
        opt.zero_grad(set_to_none=True)
        z = encoder(x)
        sum(loss(h(z), y) for h, y, loss in zip(heads, ys, losses)).backward()
        opt.step()

    def jacobian_upgrad():
        opt.zero_grad(set_to_none=True)
        z = encoder(x)
        rows = []
        for i, (h, y, loss) in enumerate(zip(heads, ys, losses)):
            head = list(h.parameters())
            grads = torch.autograd.grad(loss(h(z), y), shared + head, retain_graph=i < len(heads) - 1)
            rows.append(torch.cat([g.reshape(-1) for g in grads[: len(shared)]]))
            for p, g in zip(head, grads[len(shared):]):
                p.grad = g
        J = torch.stack(rows)
        d = upgrad_weights(J) @ J
        at = 0
        for p in shared:
            p.grad = d[at : at + p.numel()].view_as(p)
            at += p.numel()
        opt.step()

    def representation_upgrad():
        opt.zero_grad(set_to_none=True)
        z = encoder(x)
        zd = z.detach().requires_grad_(True)
        rows = []
        for h, y, loss in zip(heads, ys, losses):
            head = list(h.parameters())
            grads = torch.autograd.grad(loss(h(zd), y), [zd] + head)
            rows.append(grads[0].reshape(-1))
            for p, g in zip(head, grads[1:]):
                p.grad = g
        J = torch.stack(rows)
        z.backward((upgrad_weights(J) @ J).view_as(z))
        opt.step()

    return {"summed": summed, "jacobian-upgrad": jacobian_upgrad, "representation-upgrad": representation_upgrad}


def main():
    cfg = json.loads(sys.argv[1])
    torch.manual_seed(0)
    for threads in cfg["threads"]:
        torch.set_num_threads(threads)
        for model in cfg["models"]:
            encoder, heads, x, ys, losses = (mlp if model["kind"] == "mlp" else lenet)(model)
            steps = make_steps(encoder, heads, x, ys, losses, 1e-3)
            for name in model["steps"]:
                if name == "forward1000":
                    xf = torch.rand(1000, 1, model["size"], model["size"])

                    def f():
                        with torch.no_grad():
                            heads[0](encoder(xf))
                else:
                    f = steps[name]
                wall, cpu, runs = measure(f, cfg["runs"])
                print(json.dumps({"model": model["name"], "step": name, "threads": threads, "wall_ms": wall, "cpu_ms": cpu, "runs": runs}), flush=True)


if __name__ == "__main__":
    main()
