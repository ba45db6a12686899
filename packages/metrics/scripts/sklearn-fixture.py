#!/usr/bin/python3
"""Prints the scikit-learn reference values that src/sklearn-reference.test.ts checks.

Run with Debian's python3-sklearn (apt-get install python3-sklearn), from packages/metrics:
    /usr/bin/python3 scripts/sklearn-fixture.py > src/fixtures/sklearn-reference.json

Probabilities are rounded to float32 first and scikit-learn sees those float32 values as float64,
so both sides work on the same numbers. Seeded: the output is the same on every run.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn import metrics


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def float32_probs(p):
    p32 = p.astype(np.float32)
    return p32.astype(np.float64)


def classification_case(name, probs, labels):
    C = probs.shape[1]
    classes = list(range(C))
    pred = probs.argmax(axis=1)
    case = {
        "name": name,
        "probs": probs.tolist(),
        "labels": labels.tolist(),
        "accuracy": metrics.accuracy_score(labels, pred),
        "top2_accuracy": metrics.top_k_accuracy_score(labels, probs, k=2, labels=classes) if C > 2 else None,
        "confusion_matrix": metrics.confusion_matrix(labels, pred, labels=classes).tolist(),
        "cohen_kappa": metrics.cohen_kappa_score(labels, pred, labels=classes),
        "cohen_kappa_linear": metrics.cohen_kappa_score(labels, pred, labels=classes, weights="linear"),
        "cohen_kappa_quadratic": metrics.cohen_kappa_score(labels, pred, labels=classes, weights="quadratic"),
        "log_loss": metrics.log_loss(labels, probs, labels=classes),
        "brier_by_class": [metrics.brier_score_loss((labels == c).astype(int), probs[:, c]) for c in classes],
    }
    for average in ("macro", "micro", "weighted"):
        p, r, f, _ = metrics.precision_recall_fscore_support(labels, pred, average=average, zero_division=0)
        case[average] = {"precision": p, "recall": r, "f1": f}
    p, r, f, s = metrics.precision_recall_fscore_support(labels, pred, labels=classes, average=None, zero_division=0)
    case["per_class"] = {"precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist()}
    return case


def main():
    rng = np.random.default_rng(20240601)
    cases = []
    # Uninformative Dirichlet predictions, 4 classes.
    cases.append(classification_case("dirichlet-4", float32_probs(rng.dirichlet(np.ones(4), size=50)), rng.integers(0, 4, size=50)))
    # Informative logits (label class boosted), 3 classes.
    y = rng.integers(0, 3, size=37)
    z = rng.normal(size=(37, 3))
    z[np.arange(37), y] += 1.5
    cases.append(classification_case("informative-3", float32_probs(softmax(z)), y))
    # 5 classes: class 4 never true and never predicted, class 3 predicted but never true.
    y = rng.integers(0, 3, size=24)
    z = rng.normal(size=(24, 5))
    z[:, 4] -= 20.0
    z[:6, 3] += 5.0
    cases.append(classification_case("absent-classes-5", float32_probs(softmax(z)), y))
    # Binary, sharp predictions.
    y = rng.integers(0, 2, size=30)
    z = rng.normal(scale=3.0, size=(30, 2))
    z[np.arange(30), y] += 1.0
    cases.append(classification_case("binary", float32_probs(softmax(z)), y))
    # 6 classes, many samples, mild signal.
    y = rng.integers(0, 6, size=120)
    z = rng.normal(size=(120, 6))
    z[np.arange(120), y] += 0.8
    cases.append(classification_case("informative-6", float32_probs(softmax(z)), y))

    # Regression: N x T predictions and targets (float32 values), per-task errors.
    t = rng.normal(size=(40, 3)).astype(np.float32).astype(np.float64)
    yhat = (t + rng.normal(scale=[0.1, 0.5, 2.0], size=(40, 3))).astype(np.float32).astype(np.float64)
    regression = {
        "predictions": yhat.tolist(),
        "targets": t.tolist(),
        "mse": metrics.mean_squared_error(t, yhat, multioutput="raw_values").tolist(),
        "mae": metrics.mean_absolute_error(t, yhat, multioutput="raw_values").tolist(),
        "rmse": metrics.mean_squared_error(t, yhat, multioutput="raw_values", squared=False).tolist(),
        "rmse_uniform_average": metrics.mean_squared_error(t, yhat, squared=False),
    }

    json.dump(
        {
            "source": "packages/metrics/scripts/sklearn-fixture.py",
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "classification": cases,
            "regression": regression,
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
