"""Reference values for the validation engine tests, computed independently with scikit-learn and scipy.

Rerun from the repository root after changing a definition (needs python3-sklearn and python3-scipy):

    /usr/bin/python3 tests/Validation.Engine.Tests/Reference/make_reference.py

It rewrites the small CSV inputs and reference.json next to this script; commit them together.
Seeds are fixed, so an unchanged script reproduces the committed files.
"""
import json
import os
import warnings

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.special import gammaln
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261129)


def write_csv(name, columns):
    names = list(columns)
    n = len(columns[names[0]])
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            f.write(",".join(repr(float(columns[c][i])) if isinstance(columns[c][i], (float, np.floating)) else str(int(columns[c][i])) for c in names) + "\n")


def delong_ci(scores, labels, level):
    # Sun & Xu (2014): placement values from midranks among all rows, among positives, among negatives.
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    m, n = len(pos), len(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    tx = stats.rankdata(pos)
    ty = stats.rankdata(neg)
    auc = (tz[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (tz[:m] - tx) / n
    v01 = 1 - (tz[m:] - ty) / m
    var = np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n
    z = stats.norm.ppf(0.5 + level / 2)
    half = z * np.sqrt(var)
    return auc, [max(0.0, auc - half), min(1.0, auc + half)]


def ece(scores, labels):
    edges = np.arange(11) / 10
    bins = np.clip(np.searchsorted(edges, scores, side="right") - 1, 0, 9)
    total = 0.0
    out = []
    for b in range(10):
        mask = bins == b
        if mask.sum() == 0:
            continue
        ms = scores[mask].mean()
        ml = labels[mask].mean()
        total += mask.sum() / len(scores) * abs(ml - ms)
        out.append({"lower": b / 10, "upper": (b + 1) / 10, "count": int(mask.sum()), "meanScore": ms, "meanLabel": ml})
    return total, out


def binary_case(name, scores, labels):
    write_csv(f"{name}.csv", {"score": scores, "label": labels})
    fpr, tpr, _ = metrics.roc_curve(labels, scores)
    pred = (scores >= 0.5).astype(int)
    auc, ci = delong_ci(scores, labels, 0.95)
    e, bins = ece(scores, labels)
    return {
        "rows": len(scores),
        "positives": int(labels.sum()),
        "rocAuc": metrics.roc_auc_score(labels, scores),
        "rocAucDeLong": auc,
        "rocAucCi": ci,
        "averagePrecision": metrics.average_precision_score(labels, scores),
        "ks": float(np.max(tpr - fpr)),
        "brier": metrics.brier_score_loss(labels, scores),
        "logLoss": metrics.log_loss(labels, np.clip(scores, 1e-15, 1 - 1e-15)),
        "ece": e,
        "reliability": bins,
        "accuracy": metrics.accuracy_score(labels, pred),
        "precision": metrics.precision_score(labels, pred),
        "recall": metrics.recall_score(labels, pred),
        "f1": metrics.f1_score(labels, pred),
    }


ref = {}

latent = rng.normal(size=600)
continuous = 1 / (1 + np.exp(-(latent + rng.normal(scale=1.2, size=600))))
continuous_labels = (latent > 0.3).astype(int)
ref["binaryContinuous"] = binary_case("binary_continuous", continuous, continuous_labels)

tied = np.round(rng.beta(2, 3, size=400), 1)
tied_labels = (rng.random(400) < 0.2 + 0.6 * tied).astype(int)
ref["binaryTied"] = binary_case("binary_tied", tied, tied_labels)

# Regression
targets = rng.normal(10, 3, size=300)
predictions = targets + rng.normal(0, 1.5, size=300)
write_csv("regression.csv", {"prediction": predictions, "target": targets})
ref["regression"] = {
    "rmse": float(np.sqrt(metrics.mean_squared_error(targets, predictions))),
    "mae": metrics.mean_absolute_error(targets, predictions),
    "r2": metrics.r2_score(targets, predictions),
    "mape": metrics.mean_absolute_percentage_error(targets, predictions),
}

# Ranking: 25 queries of 12 documents, scores rounded so that ties occur, rows shuffled.
q, d = 25, 12
relevance = rng.integers(0, 4, size=(q, d)).astype(float)
relevance[3] = 0
scores = np.round(relevance + rng.normal(0, 1.5, size=(q, d)), 0)
order = rng.permutation(q * d)
write_csv("ranking.csv", {
    "query": np.repeat(np.arange(q) * 7 + 3, d)[order],
    "score": scores.ravel()[order],
    "relevance": relevance.ravel()[order],
})
ref["ranking"] = {f"ndcgAt{k}": metrics.ndcg_score(relevance, scores, k=k) for k in (1, 5, 12, 50)}

# Numeric drift
reference = rng.normal(0, 1, size=1000)
current = np.concatenate([rng.normal(0.3, 1.2, size=700), np.round(rng.normal(0, 1, size=100), 1)])
reference[:50] = np.round(reference[:50], 1)
write_csv("drift_reference.csv", {"value": reference})
write_csv("drift_current.csv", {"value": current})
edges = np.quantile(reference, np.arange(1, 10) / 10)
ref_counts = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=10)
cur_counts = np.bincount(np.searchsorted(edges, current, side="right"), minlength=10)
p = ref_counts / len(reference)
c = cur_counts / len(current)
ps = np.where(p == 0, 1e-4, p)
cs = np.where(c == 0, 1e-4, c)
ks = stats.ks_2samp(reference, current)
ref["numericDrift"] = {
    "edges": edges.tolist(),
    "referenceCounts": ref_counts.tolist(),
    "currentCounts": cur_counts.tolist(),
    "psi": float(np.sum((cs - ps) * np.log(cs / ps))),
    "jsDistance": float(jensenshannon(ref_counts, cur_counts, base=2)),
    "ks": float(ks.statistic),
    "ksPValue": float(ks.pvalue),
    "ksPValueAsymp": float(stats.ks_2samp(reference, current, method="asymp").pvalue),
    "wasserstein": float(stats.wasserstein_distance(reference, current)),
}

# Kolmogorov survival function (what ks_2samp's asymptotic method evaluates) over a grid of n and n*d^2 that
# reaches every branch of scipy's _kolmogn: Ruben-Gambino ends, Durbin matrix, Pomeranz, Pelz-Good, and the
# Smirnov tail down to where it leaves double range (scipy writes 0 from n*d^2 = 370).
ref["kolmogorovSf"] = [
    {"n": n, "d": float(np.sqrt(s / n)), "sf": float(stats.kstwo.sf(np.sqrt(s / n), n))}
    for n in (1, 2, 3, 10, 60, 140, 141, 500, 5000, 5001, 100_000, 150_000, 1_000_000, 5_000_000)
    for s in (0.01, 0.05, 0.3, 0.75, 1.0, 2.0, 2.5, 3.9, 5.0, 20.0, 46.0, 113.5, 200.0, 350.0, 400.0)
    if np.sqrt(s / n) < 1
]

# Categorical drift: a category missing from the current sample and one new in it.
ref_cat = np.array([500, 300, 150, 50, 0])
cur_cat = np.array([420, 330, 180, 0, 20])
table = np.vstack([ref_cat, cur_cat])
chi2, pvalue, dof, _ = stats.chi2_contingency(table, correction=False)
rp = ref_cat / ref_cat.sum()
cp = cur_cat / cur_cat.sum()
rps = np.where(rp == 0, 1e-4, rp)
cps = np.where(cp == 0, 1e-4, cp)
ref["categoricalDrift"] = {
    "reference": ref_cat.tolist(),
    "current": cur_cat.tolist(),
    "chiSquare": float(chi2),
    "pValue": float(pvalue),
    "dof": int(dof),
    "psiByCategory": ((cps - rps) * np.log(cps / rps)).tolist(),
    "psi": float(np.sum((cps - rps) * np.log(cps / rps))),
}

# Fairness: three groups and one under the minimum slice size.
groups = rng.choice(4, size=900, p=[0.45, 0.35, 0.18, 0.02])
g_latent = rng.normal(size=900) + 0.4 * (groups == 1)
g_scores = 1 / (1 + np.exp(-(g_latent + rng.normal(scale=1.0, size=900) - 0.2 * groups)))
g_labels = (g_latent > 0).astype(int)
write_csv("fairness.csv", {"score": g_scores, "label": g_labels, "group": groups})
slices = {}
eligible = []
for g in range(4):
    m = groups == g
    y, s = g_labels[m], g_scores[m]
    pred = s >= 0.5
    slc = {
        "rows": int(m.sum()),
        "rocAuc": metrics.roc_auc_score(y, s) if 0 < y.sum() < len(y) else None,
        "selectionRate": float(pred.mean()),
        "tpr": float(pred[y == 1].mean()),
        "fpr": float(pred[y == 0].mean()),
    }
    slices[f"g{g}"] = slc
    if m.sum() >= 30:
        eligible.append(slc)
sel = [e["selectionRate"] for e in eligible]
tprs = [e["tpr"] for e in eligible]
fprs = [e["fpr"] for e in eligible]
ref["fairness"] = {
    "groups": slices,
    "demographicParityDifference": max(sel) - min(sel),
    "demographicParityRatio": min(sel) / max(sel),
    "equalizedOddsDifference": max(max(tprs) - min(tprs), max(fprs) - min(fprs)),
}

# Special functions
ref["special"] = {
    "normalQuantile": [[p, float(stats.norm.ppf(p))] for p in (1e-10, 0.001, 0.02, 0.025, 0.3, 0.5, 0.8, 0.975, 0.995, 1 - 1e-9)],
    "chiSquareSf": [[x, k, float(stats.chi2.sf(x, k))] for x, k in ((0.5, 1), (3.84, 1), (10, 4), (25, 10), (120, 90), (300, 200), (1e-3, 3))],
    "logGamma": [[x, float(gammaln(x))] for x in (0.1, 0.5, 1, 1.5, 3, 10.5, 100, 12345.6)],
}

# Two-sample KS p-values with ks_2samp's default method="auto": exact while max(n1, n2) <= 10000,
# asymptotic above. A separate generator keeps the draws above (and so the files they write) unchanged.
ks_rng = np.random.default_rng(20261130)
ks_small = [
    ("one_vs_one", np.array([0.5]), np.array([1.5])),
    ("one_vs_one_tied", np.array([2.0]), np.array([2.0])),
    ("one_vs_two", np.array([0.0]), np.array([1.0, 2.0])),
    ("two_vs_two", np.array([0.0, 1.0]), np.array([2.0, 3.0])),
    ("two_vs_three", np.array([0.0, 2.0]), np.array([1.0, 3.0, 4.0])),
    ("one_vs_five", np.array([10.0]), np.array([1.0, 2.0, 3.0, 4.0, 5.0])),
    ("three_vs_seven", ks_rng.normal(size=3), ks_rng.normal(0.5, 1, size=7)),
    ("equal_50", ks_rng.normal(size=50), ks_rng.normal(0.4, 1, size=50)),
    ("equal_40_far", ks_rng.normal(size=40), ks_rng.normal(2.5, 1, size=40)),
    ("unequal_37_53", ks_rng.normal(size=37), ks_rng.normal(0.3, 1.3, size=53)),
    ("ties_120_80", np.round(ks_rng.normal(size=120), 0), np.round(ks_rng.normal(0.3, 1, size=80), 0)),
    ("ties_300_200", np.round(ks_rng.normal(size=300), 1), np.round(ks_rng.normal(0.1, 1, size=200), 1)),
    ("unequal_200_300_far", ks_rng.normal(size=200), ks_rng.normal(1.5, 1, size=300)),
    ("unequal_7_1000", ks_rng.normal(size=7), ks_rng.normal(size=1000)),
    # D = 1/200: the exact sum rounds to 1.0000000000000004, so scipy warns and falls back to asymp.
    ("equal_200_interleaved", 2.0 * np.arange(200), 2.0 * np.arange(200) + 1),
]
write_csv("ks_samples.csv", {
    "case": np.concatenate([np.full(len(a) + len(b), k) for k, (_, a, b) in enumerate(ks_small)]),
    "sample": np.concatenate([np.r_[np.zeros(len(a), int), np.ones(len(b), int)] for _, a, b in ks_small]),
    "value": np.concatenate([np.r_[a, b] for _, a, b in ks_small]),
})


def lattice(n, mult, add, mod, shift):
    # Integer-valued samples the tests rebuild from these parameters (exact in doubles), so no large files.
    return ((np.arange(n, dtype=np.int64) * mult + add) % mod + shift).astype(float)


ks_lattice = [
    ("unequal_5000_4999", (5000, 7919, 13, 10007, 0), (4999, 6007, 3, 10009, 400)),
    ("equal_5000", (5000, 7919, 13, 10007, 0), (5000, 6007, 3, 10009, 150)),
    ("ties_5000_4000", (5000, 7919, 13, 1009, 0), (4000, 6007, 3, 1013, 40)),
    ("equal_10000", (10000, 7919, 13, 10007, 0), (10000, 6007, 3, 10009, 100)),
    ("unequal_10000_9999", (10000, 7919, 13, 10007, 0), (9999, 6007, 3, 10009, 300)),
    ("unequal_10000_9999_far", (10000, 7919, 13, 10007, 0), (9999, 6007, 3, 10009, 800)),
    ("unequal_10000_10001", (10000, 7919, 13, 10007, 0), (10001, 6007, 3, 10009, 250)),
    # Asymptotic tail: two samples of 10 001 (p near 1e-40 and 1e-99), a small sample beside a large one
    # (effective size under 140), and a large pair close to identical (Durbin's matrix near p = 1).
    ("tail_10001_1e-40", (10001, 7919, 13, 10007, 0), (10001, 6007, 3, 10009, 964)),
    ("tail_10001_1e-99", (10001, 7919, 13, 10007, 0), (10001, 6007, 3, 10009, 1509)),
    ("tail_10001_far", (10001, 7919, 13, 10007, 0), (10001, 6007, 3, 10009, 6000)),
    ("small_beside_large_10001_60", (10001, 7919, 13, 10007, 0), (60, 6007, 3, 10009, 1500)),
    ("small_beside_large_10001_3", (10001, 7919, 13, 10007, 0), (3, 6007, 3, 10009, 9000)),
    ("close_20000_15000", (20000, 7919, 13, 10007, 0), (15000, 6007, 3, 10009, 20)),
    ("centre_20000_15000", (20000, 7919, 13, 10007, 0), (15000, 6007, 3, 10009, 80)),
]


def ks_case(name, a, b, **extra):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.ks_2samp(a, b)
    return dict(name=name, n1=len(a), n2=len(b), ks=float(res.statistic), pValue=float(res.pvalue),
                withinExactLimit=max(len(a), len(b)) <= 10000, **extra)


ref["ksTwoSample"] = [ks_case(name, a, b, case=k) for k, (name, a, b) in enumerate(ks_small)] + [
    ks_case(name, lattice(*pa), lattice(*pb), reference=list(pa), current=list(pb)) for name, pa, pb in ks_lattice
]

# BCa bootstrap interval of a demographic parity ratio (min/max selection rate over groups) with a small
# group taking part, by scipy.stats.bootstrap's own BCa step (_bca_interval) on given resample values. The
# replicates and the leave-one-row-out values are stored, so the test feeds the same numbers to the engine.
from scipy.stats._resampling import _bca_interval  # noqa: E402

bca_rng = np.random.default_rng(20261201)
bca_groups = np.r_[np.zeros(150, int), np.ones(150, int), np.full(40, 2)]
bca_selected = np.r_[bca_rng.random(150) < 0.30, bca_rng.random(150) < 0.31, bca_rng.random(40) < 0.30].astype(int)


def parity_ratio(rows, axis=-1):
    def one(r):
        rates = [bca_selected[r][bca_groups[r] == g].mean() for g in range(3)]
        return min(rates) / max(rates)
    rows = np.asarray(rows)
    return np.apply_along_axis(one, axis, rows) if rows.ndim > 1 else np.float64(one(rows))


bca_rows = np.arange(len(bca_groups))
bca_replicates = np.array([parity_ratio(bca_rng.integers(0, len(bca_rows), len(bca_rows))) for _ in range(2000)])
bca_jackknife = np.array([parity_ratio(np.delete(bca_rows, i)) for i in range(len(bca_rows))])
a1, a2, a_hat = _bca_interval((bca_rows,), parity_ratio, -1, 0.025, bca_replicates[None, :], None)
ref["bca"] = {
    "estimate": float(parity_ratio(bca_rows)),
    "replicates": bca_replicates.tolist(),
    "jackknife": bca_jackknife.tolist(),
    "level": 0.95,
    "acceleration": float(np.ravel(a_hat)[0]),
    "low": float(np.percentile(bca_replicates, float(np.ravel(a1)[0]) * 100)),
    "high": float(np.percentile(bca_replicates, float(np.ravel(a2)[0]) * 100)),
    "percentileLow": float(np.percentile(bca_replicates, 2.5)),
    "percentileHigh": float(np.percentile(bca_replicates, 97.5)),
}

with open(os.path.join(HERE, "reference.json"), "w", encoding="utf-8") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")
