"""Python peers for tests/Benchmarks/Engine.Benchmarks: the same workloads with scikit-learn, numpy and scipy.

Called by the benchmark with: engine_peers.py DATA_DIR RUNS BOOTSTRAP_ROWS
Reads the raw arrays the benchmark wrote (scores.f64, labels.u8, reference.f64, current.f64) and prints
one JSON object: for each workload the median wall time over RUNS runs and the values it computed.
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
from sklearn import metrics


def timed(runs, fn):
    times = []
    values = None
    for _ in range(runs):
        start = time.perf_counter()
        values = fn()
        times.append(time.perf_counter() - start)
    return {"seconds": float(np.median(times)), "values": [float(v) for v in values]}


def ranking(y, s):
    auc = metrics.roc_auc_score(y, s)
    ap = metrics.average_precision_score(y, s)
    fpr, tpr, _ = metrics.roc_curve(y, s)
    metrics.precision_recall_curve(y, s)
    return [auc, ap, float(np.max(tpr - fpr))]


def delong(y, s):
    # Sun & Xu's fast DeLong: midranks among all rows, among positives and among negatives.
    pos = s[y == 1]
    neg = s[y == 0]
    m, n = len(pos), len(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    tx = stats.rankdata(pos)
    ty = stats.rankdata(neg)
    auc = (tz[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (tz[:m] - tx) / n
    v01 = 1 - (tz[m:] - ty) / m
    se = np.sqrt(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n)
    z = stats.norm.ppf(0.975)
    return [auc, max(0.0, auc - z * se), min(1.0, auc + z * se)]


def bootstrap(y, s, resamples=1000, seed=12345):
    rng = np.random.default_rng(seed)
    n = len(y)
    values = []
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        yy = y[idx]
        if 0 < yy.sum() < n:
            values.append(metrics.roc_auc_score(yy, s[idx]))
    return np.percentile(values, [2.5, 97.5])


def drift(reference, current):
    edges = np.quantile(reference, np.arange(1, 10) / 10)
    r = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=10)
    c = np.bincount(np.searchsorted(edges, current, side="right"), minlength=10)
    p = r / len(reference)
    q = c / len(current)
    ps = np.where(p == 0, 1e-4, p)
    qs = np.where(q == 0, 1e-4, q)
    psi = np.sum((qs - ps) * np.log(qs / ps))
    js = jensenshannon(r, c, base=2)
    ks = stats.ks_2samp(reference, current, method="asymp")
    w = stats.wasserstein_distance(reference, current)
    return [psi, ks.statistic, w, js, ks.pvalue]


def main():
    directory, runs, bootstrap_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = np.fromfile(os.path.join(directory, "scores.f64"), dtype="<f8")
    y = np.fromfile(os.path.join(directory, "labels.u8"), dtype=np.uint8).astype(np.int64)
    reference = np.fromfile(os.path.join(directory, "reference.f64"), dtype="<f8")
    current = np.fromfile(os.path.join(directory, "current.f64"), dtype="<f8")
    bs, by = s[:bootstrap_rows], y[:bootstrap_rows]

    out = {
        "auc": timed(runs, lambda: [metrics.roc_auc_score(y, s)]),
        "ranking": timed(runs, lambda: ranking(y, s)),
        "delong": timed(runs, lambda: delong(y, s)),
        "bootstrap": timed(runs, lambda: bootstrap(by, bs)),
        "drift": timed(runs, lambda: drift(reference, current)),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
