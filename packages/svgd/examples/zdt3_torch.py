"""An independent PyTorch (float32) re-computation of the ZDT3 runs of examples/zdt3.ts, to check
@mtlkit/svgd against: the same maths written separately (not the package's code paths), started
from the same initial particles.

    node examples/run.mjs run-zdt3 10 0 moo-released --dump /tmp/init.json   # seed 0's particles
    python3 examples/zdt3_torch.py /tmp/init.json 0 moo-released 10000

Variants (as in run-zdt3.ts):
- moo-released: MOO-SVGD as in Liu, Tong & Liu's zdt/run_zdt_moosvgd.py: gradients normalised per
  coordinate over the particles, per-particle two-task min-norm weights, the kernel on the objective
  vectors k = exp(-r h / 5e-6), h = median(r) / ln M, repulsion -grad_theta sum_a k(F(theta_a), F_b)
  with the second argument held fixed;
- mt-paper: MT-SGD, eq. (3) of seed 002's appendix, RBF on theta with the median heuristic
  h^2 = 0.5 med / ln(M + 1) (med over the full matrix, zeros included);
- moo-recommended / mt-recommended: zdt3Settings — RBF on theta with h = 0.003, scores of the
  coordinates blocked by the box zeroed (on a bound, every target pointing out); MT-SGD with the
  released matrix Q_ij = sum_ab k_ab <s^_i(a), s^_j(b)> of per-coordinate normalised scores.
Targets p_i ∝ exp(-f_i) (scores -grad f_i), Adam lr 5e-4 on -phi, clamp to [1e-6, 1 - 1e-6].
Prints mean f1, f2, g - 1, the hypervolume (reference point (0.99022638, 6.54635266)) and the
particles per segment every 1,000 steps.
"""
import json
import math
import sys

import numpy as np
import torch

LOW, HIGH = 1e-6, 1 - 1e-6
REF = (0.99022638, 6.54635266)
SEGMENTS = [(0, 0.0830015), (0.1822287, 0.2577623), (0.4093136, 0.4538821), (0.6183967, 0.6525117), (0.8233317, 0.8518328)]


def objectives(x):
    f1 = x[:, 0]
    g = 1 + 9.0 / 29.0 * x[:, 1:].sum(1)
    r = f1 / g
    return torch.stack([f1, g * (1 - torch.sqrt(r) - r * torch.sin(10 * math.pi * f1))], 1)


def hypervolume(F):
    area, best = 0.0, REF[1]
    for a, b in sorted((float(a), float(b)) for a, b in F if a < REF[0] and b < REF[1]):
        if b < best:
            area += (REF[0] - a) * (best - b)
            best = b
    return area


def per_segment(F):
    front = lambda f1: 1 - math.sqrt(f1) - f1 * math.sin(10 * math.pi * f1)
    return [sum(1 for f1, f2 in F.tolist() if a - 1e-3 <= f1 <= b + 1e-3 and f2 - front(f1) <= 0.05) for a, b in SEGMENTS]


def scores(x):
    x = x.clone().requires_grad_(True)
    F = objectives(x)
    return [-torch.autograd.grad(F[:, i].sum(), x, retain_graph=True)[0] for i in range(2)]


def mask_blocked(x, S):
    low = x <= LOW + (HIGH - LOW) * 2.0**-20
    high = x >= HIGH - (HIGH - LOW) * 2.0**-20
    blocked = (low & (S[0] <= 0) & (S[1] <= 0)) | (high & (S[0] >= 0) & (S[1] >= 0))
    return [s.masked_fill(blocked, 0.0) for s in S]


def normalized(s):
    return s / s.norm(dim=0, keepdim=True).clamp_min(1e-12)


def rbf(x, h=None):
    """K and the repulsion sum_a grad_{theta_a} k(theta_a, theta_b) (float32), with the trace term."""
    m, d = x.shape
    r = ((x[:, None, :] - x[None, :, :]) ** 2).sum(2)
    s = h * h if h is not None else max(5e-9, 0.5 * float(np.median(r.numpy())) / math.log(m + 1))
    K = torch.exp(-r / (2 * s))
    rep = (K[:, :, None] * (x[None, :, :] - x[:, None, :])).sum(0) / s  # row b: sum_a k_ab (x_b - x_a) / s
    c = float((K * (d / s - r / (s * s))).sum())  # sum_ab tr d2k/dx dy for the RBF kernel
    return K, rep, c


def objective_kernel(x):
    xx = x.clone().requires_grad_(True)
    F = objectives(xx)
    r = ((F[:, None, :] - F.detach()[None, :, :]) ** 2).sum(2)
    h = max(1e-12, float(np.median(r.detach().numpy())) / math.log(x.shape[0]))
    K = torch.exp(-r * h / 5e-6)
    return K.detach(), -torch.autograd.grad(K.sum(), xx)[0]


def min_norm_2(U):
    a, b, c = U[0][0], U[0][1], U[1][1]
    den = a + c - 2 * b
    g = 0.5 if den <= 0 else min(1.0, max(0.0, (c - b) / den))
    return g, 1 - g


def direction(variant, x):
    m = x.shape[0]
    S = scores(x)
    if variant == "moo-released":
        S = [normalized(s) for s in S]
        K, rep = objective_kernel(x)
    elif variant == "mt-paper":
        K, rep, c = rbf(x)
    else:
        S = mask_blocked(x, S)
        K, rep, c = rbf(x, 0.003)
    if variant.startswith("moo"):
        v11, v12, v22 = (S[0] * S[0]).sum(1), (S[0] * S[1]).sum(1), (S[1] * S[1]).sum(1)
        den = v11 + v22 - 2 * v12
        gam = torch.where(den > 0, (v22 - v12) / den.clamp_min(1e-30), torch.full_like(v11, 0.5)).clamp(0, 1)[:, None]
        return (K @ (gam * S[0] + (1 - gam) * S[1]) + rep) / m, None
    if variant == "mt-paper":
        A = [[float((S[i] * (K @ S[j])).sum()) for j in range(2)] for i in range(2)]
        b = [float((S[i] * rep).sum()) for i in range(2)]
        U = [[(A[i][j] + b[i] + b[j] + c) / (m * m) for j in range(2)] for i in range(2)]
    else:
        N = [normalized(s) for s in S]
        U = [[float((N[i] * (K @ N[j])).sum()) for j in range(2)] for i in range(2)]
    w = min_norm_2(U)
    return (K @ (w[0] * S[0] + w[1] * S[1]) + rep) / m, w


def main():
    init, seed, variant = sys.argv[1], sys.argv[2], sys.argv[3]
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    torch.set_num_threads(1)
    x = torch.tensor(json.load(open(init))[seed], dtype=torch.float32).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=5e-4)
    w = None
    for t in range(steps + 1):
        if t % 1000 == 0 or t == steps:
            with torch.no_grad():
                F = objectives(x)
                gap = 9 / 29 * x[:, 1:].sum(1)
            weights = "" if w is None else " w (%.4f, %.4f)" % w
            print(f"{variant} seed {seed} step {t}: mean f1 {F[:, 0].mean():.3f} f2 {F[:, 1].mean():.3f} g-1 {gap.mean():.4f} hv {hypervolume(F):.4f} per segment {per_segment(F)}{weights}", flush=True)
        if t == steps:
            break
        phi, w = direction(variant, x.detach())
        opt.zero_grad()
        x.grad = -phi
        opt.step()
        with torch.no_grad():
            x.clamp_(LOW, HIGH)


if __name__ == "__main__":
    main()
