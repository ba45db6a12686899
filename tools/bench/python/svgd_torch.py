"""PyTorch CPU baseline of mtlkit-bench's svgd suite (tools/bench/src/svgd.ts).

The same MT-SGD direction as @mtlkit/svgd's defaults (Phan et al. 2022, seed 002 appendix eq. (3)),
written in torch the way the released MT-SGD code (toy/stein.py) computes its pieces:
- the RBF kernel k = exp(-r / (2 h^2)) with the median heuristic h^2 = 0.5 med / ln(M + 1), med the
  numpy median of the full M x M matrix of squared distances (diagonal included), floored at 5e-9,
  distances from the centred particles by one matMul;
- the repulsion sum_a grad_{theta_a} k(theta_a, theta_b) = 2 (k' X - X rowsum(k')) and the trace term
  c = sum_ab (-4 k'' r - 2 d k');
- U_ij = (A_ij + b_i + b_j + c) / M^2 with A_ij = <S_i, K S_j>_F (one matMul K [S_1 ... S_K], one Gram),
  b_i = <S_i, repulsion>_F, assembled in float64;
- w = argmin_{w in simplex} w^T U w, exact (closed form for K = 2, face enumeration otherwise);
- phi = (sum_i w_i K S_i + repulsion) / M (K S_i computed once, for A and for the update).
MOO-SVGD (Liu, Tong & Liu 2021): per-particle Gramians by one batched matMul, the per-particle
min-norm weights (K = 2: the closed form, vectorised over particles as zdt/moosvgd.py does;
otherwise one exact solve per particle), phi = (K g + repulsion) / M.
Steps: "mt-sgd" and "moo-svgd" (the direction from fixed random scores, K targets, M x d) and
"mt-sgd-zdt3" / "moo-svgd-zdt3" (a full ZDT3 step, d = 30: scores -grad f_i by autograd, the
direction, Adam lr 5e-4 on -phi, clamp to [1e-6, 1 - 1e-6]).

Usage: python3 svgd_torch.py '<json config>', config
{"threads": [n], "runs": r, "targets": K, "shapes": [[M, d], ...], "zdt3": [M, ...],
 "steps": ["mt-sgd", "moo-svgd"], "checks": [{"X": [[...]], "S": [[[...]]], "direction": [[...]]}]}.
Prints one JSON object per line: {"model": "svgd", "step", "m", "d", "threads", "wall_ms", "cpu_ms",
"runs"} (milliseconds per step) and {"check": "mt-sgd", "case": k, "rel_diff": max|phi - phi_mtlkit|
/ max|phi_mtlkit|}.
"""
import itertools
import json
import math
import sys
import time

import numpy as np
import torch


def kernel_terms(X):
    m, d = X.shape
    x = X - X.mean(0, keepdim=True)
    n = (x * x).sum(1, keepdim=True)
    r = torch.relu(n + n.T - 2.0 * (x @ x.T))
    r.fill_diagonal_(0.0)
    med = float(np.median(r.numpy()))
    if not med > 0:
        pos = r[r > 0]
        med = float(np.median(pos.numpy())) if pos.numel() > 0 else None
    s = 1.0 if med is None else max(5e-9, 0.5 * med / math.log(m + 1))
    K = torch.exp(r * (-1.0 / (2.0 * s)))
    dk = K * (-1.0 / (2.0 * s))
    d2k = K * (1.0 / (4.0 * s * s))
    repulsion = 2.0 * (dk @ x - x * dk.sum(1, keepdim=True))
    c = float((-4.0 * d2k * r - 2.0 * d * dk).sum())
    return K, repulsion, c


def min_norm(U):
    """argmin_{w in simplex} w^T U w (float64 numpy), exact."""
    k = U.shape[0]
    if k == 1:
        return np.ones(1)
    if k == 2:
        a, b, c = U[0, 0], U[0, 1], U[1, 1]
        den = a + c - 2.0 * b
        g = 0.5 if den <= 0 else min(1.0, max(0.0, (c - b) / den))
        return np.array([g, 1.0 - g])
    best, value = None, math.inf
    for size in range(1, k + 1):
        for face in itertools.combinations(range(k), size):
            idx = list(face)
            A = np.zeros((size + 1, size + 1))
            A[:size, :size] = U[np.ix_(idx, idx)]
            A[:size, size] = 1.0
            A[size, :size] = 1.0
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            try:
                sol = np.linalg.solve(A, rhs)[:size]
            except np.linalg.LinAlgError:
                continue
            if (sol < -1e-12).any():
                continue
            w = np.zeros(k)
            w[idx] = np.maximum(sol, 0.0)
            w /= w.sum()
            v = w @ U @ w
            if v < value:
                best, value = w, v
    return best


def mt_sgd_direction(X, S):
    """S: K x M x d scores. The MT-SGD direction (eq. (3) matrix, one simplex QP), K S_i computed once
    and reused by the update, as @mtlkit/svgd does."""
    nt, m, d = S.shape
    K, repulsion, c = kernel_terms(X)
    KS = (K @ S.permute(1, 0, 2).reshape(m, nt * d)).reshape(m, nt, d).permute(1, 0, 2)
    flat = S.reshape(nt, m * d)
    A = (flat @ KS.reshape(nt, m * d).T).double().numpy()
    b = (flat @ repulsion.reshape(m * d)).double().numpy()
    A = 0.5 * (A + A.T)
    U = (A + b[:, None] + b[None, :] + c) / (m * m)
    w = min_norm(U)
    return ((torch.from_numpy(w).float().view(nt, 1, 1) * KS).sum(0) + repulsion) / m


def moo_svgd_direction(X, S):
    nt, m, d = S.shape
    G = torch.bmm(S.permute(1, 0, 2), S.permute(1, 2, 0))  # M x K x K
    if nt == 2:
        v11, v12, v22 = G[:, 0, 0], G[:, 0, 1], G[:, 1, 1]
        den = v11 + v22 - 2.0 * v12
        gam = torch.where(den > 0, (v22 - v12) / torch.clamp(den, min=1e-30), torch.full_like(v11, 0.5)).clamp(0.0, 1.0)
        W = torch.stack([gam, 1.0 - gam], 0)
    else:
        Gd = G.double().numpy()
        W = torch.from_numpy(np.stack([min_norm(Gd[a]) for a in range(m)], 1)).float()
    g = (W.unsqueeze(2) * S).sum(0)
    K, repulsion, _ = kernel_terms(X)
    return (K @ g + repulsion) / m


DIRECTIONS = {"mt-sgd": mt_sgd_direction, "moo-svgd": moo_svgd_direction}


def zdt3(x):
    f1 = x[:, 0]
    g = 1.0 + 9.0 / 29.0 * x[:, 1:].sum(1)
    r = f1 / g
    return f1, g * (1.0 - torch.sqrt(r) - r * torch.sin(10.0 * math.pi * f1))


def zdt3_stepper(method, m, seed=0):
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand((m, 30), generator=gen).clamp(1e-6, 1 - 1e-6).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=5e-4)
    direction = DIRECTIONS[method]

    def step():
        f1, f2 = zdt3(x)
        g1 = torch.autograd.grad(f1.sum(), x, retain_graph=True)[0]
        g2 = torch.autograd.grad(f2.sum(), x)[0]
        with torch.no_grad():
            phi = direction(x.detach(), torch.stack([-g1, -g2]))
        opt.zero_grad(set_to_none=False)
        x.grad = -phi
        opt.step()
        with torch.no_grad():
            x.clamp_(1e-6, 1 - 1e-6)

    return step


def time_per_call(call, runs):
    """Median wall and CPU ms per call after warm-up calls (at least 3 and 1 s, at most 1,000, as
    the TypeScript side): each sample times enough calls to last about 20 ms."""
    w0 = time.perf_counter()
    i = 0
    while i < 1000 and (i < 3 or time.perf_counter() - w0 < 1.0):
        call()
        i += 1
    w0 = time.perf_counter()
    call()
    once = max(time.perf_counter() - w0, 1e-6)
    reps = max(1, int(0.02 / once))
    walls, cpus = [], []
    total = 0.0
    while len(walls) < runs and not (len(walls) >= 3 and total > 8.0):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            call()
        w = time.perf_counter() - w0
        walls.append(1000.0 * w / reps)
        cpus.append(1000.0 * (time.process_time() - c0) / reps)
        total += w
    return float(np.median(walls)), float(np.median(cpus)), len(walls)


def emit(**row):
    print(json.dumps(row), flush=True)


def main():
    cfg = json.loads(sys.argv[1])
    runs = cfg.get("runs", 5)
    nt = cfg.get("targets", 2)
    steps = cfg.get("steps", ["mt-sgd", "moo-svgd"])
    torch.manual_seed(0)
    for k, case in enumerate(cfg.get("checks", [])):
        X = torch.tensor(case["X"], dtype=torch.float32)
        S = torch.tensor(case["S"], dtype=torch.float32)
        ref = np.array(case["direction"])
        phi = mt_sgd_direction(X, S).numpy()
        emit(check="mt-sgd", case=k, rel_diff=float(np.abs(phi - ref).max() / max(np.abs(ref).max(), 1e-30)))
    for threads in cfg["threads"]:
        torch.set_num_threads(threads)
        if cfg.get("shapes"):
            # One discarded measurement first, as on the TypeScript side.
            m, d = cfg["shapes"][0]
            X, S = torch.rand((m, d)), torch.randn((nt, m, d))
            for step in steps:
                time_per_call(lambda: DIRECTIONS[step](X, S), runs)
        for m, d in cfg.get("shapes", []):
            gen = torch.Generator().manual_seed(1000 * m + d)
            X = torch.rand((m, d), generator=gen)
            S = torch.randn((nt, m, d), generator=gen)
            scale = [1.0]

            def call(step):
                # Fresh scores at every call, as in a sampler (mtlkit's side does the same).
                scale[0] += 1e-7
                return DIRECTIONS[step](X, S * scale[0])

            for step in steps:
                wall, cpu, n = time_per_call(lambda: call(step), runs)
                emit(model="svgd", step=step, m=m, d=d, threads=threads, wall_ms=wall, cpu_ms=cpu, runs=n)
        for m in cfg.get("zdt3", []):
            for step in steps:
                wall, cpu, n = time_per_call(zdt3_stepper(step, m), runs)
                emit(model="svgd", step=step + "-zdt3", m=m, d=30, threads=threads, wall_ms=wall, cpu_ms=cpu, runs=n)


if __name__ == "__main__":
    main()
