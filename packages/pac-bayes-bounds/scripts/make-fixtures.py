#!/usr/bin/env python3
"""Reference values for @mtlkit/pac-bayes-bounds, written to src/fixtures/reference.json.

Run once from the package folder:  python3 scripts/make-fixtures.py
Independent of the TypeScript code: mpmath at 60 significant digits (binary kl and its inverses
by bisection, Gaussian KLs, the bounds' formulas, chi-square tails from mpmath.gammainc), and
scipy.stats.chi2 for the quantiles (ppf / isf). Every value is rounded to float64 at the end.
"""
import json
import math
import platform
import sys

import mpmath as mp
import numpy
import scipy
from scipy.stats import chi2

mp.mp.dps = 60


def f(x):
    return float(x)


def kl(q, p):
    q, p = mp.mpf(q), mp.mpf(p)
    a = mp.mpf(0) if q == 0 else q * mp.log(q / p)
    b = mp.mpf(0) if q == 1 else (1 - q) * mp.log((1 - q) / (1 - p))
    return a + b


def bisect(g, lo, hi, steps=400):
    """Root of an increasing g on [lo, hi] by bisection in mpmath."""
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    for _ in range(steps):
        mid = (lo + hi) / 2
        if g(mid) >= 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def kl_inv_upper(q, c):
    q, c = mp.mpf(q), mp.mpf(c)
    if q == 1 or c == 0:
        return q
    return bisect(lambda p: kl(q, p) - c, q, 1)


def kl_inv_lower(q, c):
    """Bisection on ln p over [1e-1000, q] (roots below 1e-324 round to 0.0 in float64)."""
    q, c = mp.mpf(q), mp.mpf(c)
    if q == 0 or c == 0:
        return q
    return mp.exp(bisect(lambda u: c - kl(q, mp.exp(u)), mp.log(mp.mpf(10) ** -1000), mp.log(q), steps=600))


kl_cases = [(0.1, 0.2), (0.5, 0.5000001), (0.3, 0.9), (0.0, 0.4), (1.0, 0.25), (0.01, 0.011), (1e-8, 0.5), (0.999, 0.5), (0.2, 1e-9)]
inverse_cases = [(0.1, 0.05), (0.0, 0.5), (0.3, 1e-6), (0.05, 2.0), (0.9, 0.01), (1e-6, 1e-3), (1e-3, 1e-3), (0.5, 1e-14), (0.25, 0.3), (0.999, 1e-4)]

chi_points = [(3.841458820694124, 1), (0.5, 1), (18.307, 10), (5.0, 10), (124.342, 100), (80.0, 100), (1100.0, 1000), (100500.0, 100000), (1e6 + 3000.0, 1e6)]
chi_quantiles = [(0.95, 1), (0.01, 1), (1e-10, 1), (0.5, 2), (0.95, 10), (0.05, 10), (0.99, 100), (0.999, 1000), (0.5, 100000), (0.9999, 1e6), (0.999, 1.1e7)]
chi_tail_quantiles = [(1 / math.sqrt(60000), 1), (1 / math.sqrt(60000), 2000), (1 / math.sqrt(1000), 11e6), (0.5, 7), (0.7, 3)]


def chi_cdf(x, k):
    return mp.gammainc(mp.mpf(k) / 2, 0, mp.mpf(x) / 2, regularized=True)


def chi_sf(x, k):
    return mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)


def gauss_kl_diag(mq, sq, mp_, sp):
    total = mp.mpf(0)
    for a, s, b, t in zip(mq, sq, mp_, sp):
        a, s, b, t = map(mp.mpf, (a, s, b, t))
        total += s**2 / t**2 - 1 - mp.log(s**2 / t**2) + (a - b) ** 2 / t**2
    return total / 2


def maurer(n, delta):
    return mp.log(2 * mp.sqrt(n) / delta)


classic_cases = [dict(empirical=0.1, kl=5.0, n=1000, delta=0.05), dict(empirical=0.0, kl=0.0, n=100, delta=0.01), dict(empirical=0.35, kl=120.5, n=60000, delta=0.025)]


def classic(case):
    r, K, n, d = (mp.mpf(case[k]) for k in ("empirical", "kl", "n", "delta"))
    budget = (K + maurer(n, d)) / n
    lam = 2 / (mp.sqrt(2 * r / budget + 1) + 1)
    c = mp.mpf(2)
    catoni_budget = (K + mp.log(1 / d)) / n
    return dict(
        **case,
        mcallester=f(r + mp.sqrt((K + maurer(n, d)) / (2 * n))),
        kl_bound=f(kl_inv_upper(r, budget)),
        catoni_c=2.0,
        catoni=f((1 - mp.exp(-c * r - catoni_budget)) / (1 - mp.exp(-c))),
        lambda_star=f(lam),
        lambda_bound=f(r / (1 - lam / 2) + budget / (lam * (1 - lam / 2))),
    )


theorem2_cases = [
    dict(empirical=0.2, parameters=1000, squaredNorm=50.0, sigma=0.05, n=60000, delta=0.05, lossBound=1.0),
    dict(empirical=0.0, parameters=10, squaredNorm=0.0, sigma=1.0, n=100, delta=0.1, lossBound=2.0),
    dict(empirical=1.3, parameters=250000, squaredNorm=812.25, sigma=0.01, n=50000, delta=0.01, lossBound=3.0),
]


def theorem2(case):
    r, T, sq, s, n, d, L = (mp.mpf(case[k]) for k in ("empirical", "parameters", "squaredNorm", "sigma", "n", "delta", "lossBound"))
    comp = (mp.mpf(1) / 2 + T / 2 * mp.log(1 + sq / (T * s**2)) + mp.log(1 / d) + 6 * mp.log(n + T) + L**2 / 8) / mp.sqrt(n)
    out = dict(**case, complexity=f(comp), bound=f(r + comp))
    if sq <= T * s**2 * (mp.exp(4 * n / T) - 1):
        c = s**2 * (1 + mp.exp(4 * n / T))
        j = mp.floor(1 + T * mp.log(c / (s**2 + sq / T)))
        v = c * mp.exp((1 - j) / T)
        K = ((T * s**2 + sq) / v - T + T * mp.log(v / s**2)) / 2
        log_inv_dj = mp.log(j**2 * mp.pi**2 / (6 * d))
        out.update(prior_index=int(j), prior_variance=f(v), prior_kl=f(K), unrelaxed=f(r + (K + log_inv_dj) / mp.sqrt(n) + L**2 / (8 * mp.sqrt(n))))
    return out


theorem4_cases = [
    dict(n=60000, delta=0.05, lossBound=1.0, rho_shared=0.05, rho_task=0.02, shared_parameters=5000, shared_norm=40.0, task_parameters=[510, 1020], task_norms=[3.5, 6.0], empirical=[0.3, 0.45]),
    dict(n=200, delta=0.1, lossBound=2.0, rho_shared=0.5, rho_task=0.5, shared_parameters=3, shared_norm=1.0, task_parameters=[1], task_norms=[0.25], empirical=[1.0]),
]


def theorem4(case):
    n = mp.mpf(case["n"])
    t = mp.log(mp.sqrt(n))
    tail = 1 / math.sqrt(case["n"])
    blocks = [case["shared_parameters"]] + case["task_parameters"]
    rhos = [case["rho_shared"]] + [case["rho_task"]] * len(case["task_parameters"])
    seed = [mp.mpf(r) / mp.sqrt(2 * t + T + 2 * mp.sqrt(T * t)) for r, T in zip(rhos, blocks)]
    exact = [r / math.sqrt(chi2.isf(tail, T)) for r, T in zip(rhos, blocks)]
    out = dict(**case, sigma_seed=[f(x) for x in seed], sigma_chi_square=exact)
    sigma = min(exact)
    L, d = mp.mpf(case["lossBound"]), mp.mpf(case["delta"])
    bounds = []
    for Tn, norm, r in zip(case["task_parameters"], case["task_norms"], case["empirical"]):
        T = mp.mpf(case["shared_parameters"] + Tn)
        sq = mp.mpf(case["shared_norm"]) + mp.mpf(norm)
        f3 = (mp.mpf(1) / 2 + T / 2 * mp.log(1 + sq / (T * mp.mpf(sigma) ** 2)) + mp.log(1 / d) + 6 * mp.log(n + T) + L**2 / 8) / mp.sqrt(n)
        f4 = (1 - 1 / mp.sqrt(n)) * L / mp.sqrt(n) + 1 / mp.sqrt(n) + f3
        bounds.append(dict(complexity=f(f4), bound=f(mp.mpf(r) + f4)))
    out["bounds_chi_square"] = bounds
    return out


gauss_cases = [
    dict(mq=[0.5, -1.0, 2.0], sq=[0.3, 1.0, 0.01], mp=[0.0, 0.0, 0.0], sp=[1.0, 2.0, 0.5]),
    dict(mq=[1e-3, 2e-3], sq=[0.1, 0.1000001], mp=[0.0, 0.0], sp=[0.1, 0.1]),
]

fixture = dict(
    source="packages/pac-bayes-bounds/scripts/make-fixtures.py",
    versions=dict(python=platform.python_version(), scipy=scipy.__version__, numpy=numpy.__version__, mpmath=mp.__version__),
    note="mpmath at 60 digits unless a field says scipy; values rounded to float64.",
    xMinusLog1p=[dict(x=x, value=f(mp.mpf(x) - mp.log1p(mp.mpf(x)))) for x in (1e-10, -3e-5, 0.01, -0.1, 0.1249, 0.1251, -0.1251, 0.5, -0.9, 3.0, 1e6)],
    binaryKl=[dict(q=q, p=p, value=f(kl(q, p))) for q, p in kl_cases],
    klInverse=[dict(q=q, c=c, upper=f(kl_inv_upper(q, c)), lower=f(kl_inv_lower(q, c))) for q, c in inverse_cases],
    chiSquareTails=[dict(x=x, k=k, cdf=f(chi_cdf(x, k)), sf=f(chi_sf(x, k))) for x, k in chi_points],
    chiSquareQuantiles_scipy=[dict(p=p, k=k, ppf=float(chi2.ppf(p, k))) for p, k in chi_quantiles],
    chiSquareTailQuantiles_scipy=[dict(q=q, k=k, isf=float(chi2.isf(q, k))) for q, k in chi_tail_quantiles],
    gaussianKlDiagonal=[dict(**g, value=f(gauss_kl_diag(g["mq"], g["sq"], g["mp"], g["sp"]))) for g in gauss_cases],
    classic=[classic(c) for c in classic_cases],
    theorem2=[theorem2(c) for c in theorem2_cases],
    theorem4=[theorem4(c) for c in theorem4_cases],
)

with open("src/fixtures/reference.json", "w") as out:
    json.dump(fixture, out, indent=1)
    out.write("\n")
print("wrote src/fixtures/reference.json", file=sys.stderr)
