"""PyTorch CPU baseline of mtlkit-bench's aggregators suite (tools/bench/src/aggregators-suite.ts).

The same Gramian-based methods at the same defaults, computed the way torchjd does them:
the Gramian G = J J^T by one float32 matMul in torch, the small m x m problem in float64 (numpy),
the direction w^T J by one float32 matMul in torch. torchjd calls quadprog (UPGrad, DualProj),
cvxpy (CAGrad) and a Frank-Wolfe loop (MGDA); those are not in Debian, so the solvers here are
written out, exact, in numpy:
- mean: w = 1/m, no Gramian (torchjd's Mean);
- mgda: the min-norm point over the simplex, argmin w^T G w, w >= 0, sum w = 1 (primal active set);
- upgrad: G / tr(G) (0 if tr(G) < 1e-4) + 1e-4 I, then for every task i the dual-cone projection
  v_i = argmin v^T G v subject to v >= e_i / m (active set on s = v - e_i / m >= 0), w = sum_i v_i;
- dualProj: the same projection of the mean, v >= 1/m;
- imtlG: w = G^+ sqrt(diag G) / sum(G^+ sqrt(diag G)) (pinv with rcond m * 2^-23, as mtlkit's
  default), 0 when the sum vanishes;
- alignedMtl: G = V L V^T, B = sqrt(l_R) V_R L_R^-1/2 V_R^T over the eigenvalues above
  l_max * m * 2^-23, w = B 1/m;
- cagrad (c = 0.5, no rescale, normEps 1e-4 on G / tr(G)): the dual
  min over the simplex of w^T r + s ||g_w|| (r = G 1/m, s = c ||g_0||) written as
  min_t>0 min_w w^T r + s (w^T G w / (2t) + t / 2), jointly convex; the inner problem is a simplex
  QP (active set, warm-started from the previous t) and the outer optimum t* = ||g_w|| is the root
  of t^2 - w_t^T G w_t, found by a safeguarded secant on log t; w = 1/m + (s / ||g_w||) w*.
Every solve is checked against the directions mtlkit computed on small matrices (config "checks").

Usage: python3 aggregators_torch.py '<json config>', config
{"threads": [n], "runs": r, "shapes": [[m, d], ...], "methods": [...],
 "checks": [{"J": [[...]], "directions": {"mgda": [...], ...}}, ...]}.
Prints one JSON object per line: {"step": method, "m", "d", "threads", "wall_ms", "cpu_ms",
"solve_ms", "runs"} (steps "gramian" and "combine" too) and {"check": method, "case": k,
"rel_diff": max|d - d_mtlkit| / max|d_mtlkit|}.
"""
import json
import math
import sys

import numpy as np
import torch

from bench_timing import measure

FLOAT32_EPS = 2.0 ** -23


def kkt_solve(A, b):
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(A, b, rcond=None)[0]


def active_set_qp(G, c, simplex, x0=None):
    """argmin 1/2 x^T G x + c^T x over x >= 0 (and sum x = 1 when simplex), G symmetric positive
    semi-definite (definite without the simplex), by a primal active-set method from the feasible x0
    (default: the best vertex of the simplex, or 0)."""
    m = G.shape[0]
    scale = max(np.abs(G).max(), np.abs(c).max(), 1e-300)
    tol = 1e-13 * scale
    if x0 is None:
        x = np.zeros(m)
        if simplex:
            x[int(np.argmin(0.5 * np.diag(G) + c))] = 1.0
    else:
        x = x0.copy()
    free = x > 0
    for _ in range(50 * m + 50):
        idx = np.flatnonzero(free)
        k = len(idx)
        z = np.zeros(m)
        mu = 0.0
        if simplex:
            A = np.zeros((k + 1, k + 1))
            A[:k, :k] = G[np.ix_(idx, idx)]
            A[:k, k] = -1.0
            A[k, :k] = 1.0
            sol = kkt_solve(A, np.concatenate([-c[idx], [1.0]]))
            z[idx], mu = sol[:k], sol[k]
        elif k > 0:
            z[idx] = kkt_solve(G[np.ix_(idx, idx)], -c[idx])
        if (z[idx] >= 0).all():
            x = z
            multipliers = G @ x + c - mu
            multipliers[free] = 0.0
            j = int(np.argmin(multipliers))
            if multipliers[j] >= -tol:
                return x
            free[j] = True
        else:
            # Step from x towards z until a free coordinate reaches 0, and fix it there.
            shrinking = free & (z < x)
            ratios = np.full(m, np.inf)
            ratios[shrinking] = x[shrinking] / (x[shrinking] - z[shrinking])
            alpha = min(1.0, ratios.min())
            x = x + alpha * (z - x)
            free &= x > 1e-15 * max(1.0, np.abs(x).max())
            x[~free] = 0.0
    raise RuntimeError("active set did not converge")


def normalize(G, eps):
    t = float(np.trace(G))
    return G / t if t >= eps and t > 0 else np.zeros_like(G)


def mgda_weights(G):
    return active_set_qp(G, np.zeros(G.shape[0]), simplex=True)


def dual_cone_projection(G, u):
    """argmin v^T G v subject to v >= u, as b + argmin_{s >= 0} 1/2 s^T G s + (G u)^T s."""
    return u + active_set_qp(G, G @ u, simplex=False)


def regularized(G):
    return normalize(G, 1e-4) + 1e-4 * np.eye(G.shape[0])


def upgrad_weights(G):
    m = G.shape[0]
    Gr = regularized(G)
    total = np.zeros(m)
    for i in range(m):
        u = np.zeros(m)
        u[i] = 1.0 / m
        total += dual_cone_projection(Gr, u)
    return total


def dual_proj_weights(G):
    m = G.shape[0]
    return dual_cone_projection(regularized(G), np.full(m, 1.0 / m))


def imtl_g_weights(G):
    m = G.shape[0]
    v = np.linalg.pinv(G, rcond=m * FLOAT32_EPS, hermitian=True) @ np.sqrt(np.maximum(np.diag(G), 0.0))
    total = v.sum()
    return np.zeros(m) if abs(total) <= 1e-12 * np.abs(v).sum() or not np.abs(v).sum() > 0 else v / total


def aligned_mtl_weights(G):
    m = G.shape[0]
    w = np.full(m, 1.0 / m)
    values, vectors = np.linalg.eigh(G)
    values, vectors = values[::-1], vectors[:, ::-1]
    keep = (values > values[0] * m * FLOAT32_EPS) & (values > 0)
    rank = int(np.argmin(keep)) if not keep.all() else m
    if rank == 0:
        return w
    V = vectors[:, :rank]
    B = math.sqrt(values[rank - 1]) * (V / np.sqrt(values[:rank])) @ V.T
    return B @ w


def cagrad_weights(G0, c=0.5, norm_eps=1e-4):
    m = G0.shape[0]
    G = normalize(G0, norm_eps)
    r = G.sum(axis=1) / m
    s = c * math.sqrt(max(0.0, r.sum() / m))
    max_norm = math.sqrt(max(0.0, np.diag(G).max()))
    if max_norm == 0:
        return np.zeros(m)
    if not s > 0:
        return np.full(m, 1.0 / m)
    state = {"w": None}

    def inner(t):
        # argmin_w w^T r + s w^T G w / (2t) over the simplex, i.e. 1/2 w^T G w + (t/s) r^T w.
        w = active_set_qp(G, (t / s) * r, simplex=True, x0=state["w"])
        state["w"] = w
        return w, math.sqrt(max(0.0, w @ G @ w))

    def excess(t):
        w, norm = inner(t)
        return math.log(t) - math.log(max(norm, 1e-300)), w, norm

    floor = max(norm_eps, 1e-6 * max_norm)
    f_lo, w, norm = excess(floor)
    if norm <= floor:
        return np.zeros(m)
    lo, hi = math.log(floor), math.log(max_norm)
    f_hi, w, norm = excess(max_norm)
    # log t - log ||g_w(t)|| increases with t; its root is t* = ||g_w||.
    for iteration in range(200):
        if f_hi == 0 or hi - lo <= 1e-15:
            break
        x = hi - f_hi * (hi - lo) / (f_hi - f_lo) if f_hi != f_lo else 0.5 * (lo + hi)
        if not lo < x < hi or iteration % 4 == 3:
            x = 0.5 * (lo + hi)
        f, w, norm = excess(math.exp(x))
        if abs(f) <= 1e-14:
            break
        if f < 0:
            lo, f_lo = x, f
        else:
            hi, f_hi = x, f
    if not norm >= floor:
        return np.zeros(m)
    return 1.0 / m + (s / norm) * w


SOLVERS = {
    "mgda": mgda_weights,
    "upgrad": upgrad_weights,
    "dualProj": dual_proj_weights,
    "imtlG": imtl_g_weights,
    "alignedMtl": aligned_mtl_weights,
    "cagrad": cagrad_weights,
}


def gramian(J):
    """G = J J^T: one float32 matMul in torch, then float64 for the solve (torchjd's order)."""
    return (J @ J.T).double().numpy()


def combine(J, w):
    return torch.from_numpy(w).to(J.dtype) @ J


def aggregate(method, J):
    """The direction of one method (a float32 torch tensor of length d)."""
    m = J.shape[0]
    if method == "mean":
        return torch.full((m,), 1.0 / m, dtype=J.dtype) @ J
    return combine(J, SOLVERS[method](gramian(J)))


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    cfg = json.loads(sys.argv[1])
    for case, check in enumerate(cfg.get("checks", [])):
        J = torch.tensor(check["J"], dtype=torch.float32)
        for method, expected in check["directions"].items():
            e = np.asarray(expected, dtype=np.float64)
            got = aggregate(method, J).double().numpy()
            emit(check=method, case=case, rel_diff=float(np.abs(got - e).max() / max(np.abs(e).max(), 1e-30)))
    torch.manual_seed(0)
    for threads in cfg["threads"]:
        torch.set_num_threads(threads)
        for m, d in cfg["shapes"]:
            J = torch.randn(m, d)
            G = gramian(J)
            w = np.full(m, 1.0 / m)
            row = {"m": m, "d": d, "threads": threads}

            def record(step, f, solve_ms=None):
                wall, cpu, runs = measure(f, cfg["runs"])
                emit(step=step, **row, wall_ms=wall, cpu_ms=cpu, solve_ms=solve_ms, runs=runs)

            record("gramian", lambda: gramian(J))
            record("combine", lambda: combine(J, w))
            for method in cfg["methods"]:
                solve_ms = None
                if method in SOLVERS:
                    solve = SOLVERS[method]
                    solve_ms = measure(lambda: solve(G), max(cfg["runs"], 11))[1]
                record(method, lambda: aggregate(method, J), solve_ms)
            del J


if __name__ == "__main__":
    main()
