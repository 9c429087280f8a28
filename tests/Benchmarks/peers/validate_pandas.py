"""The peer for `mrp validate`: the same numbers with pandas, scikit-learn and scipy.

Usage: validate_pandas.py DATA REFERENCE > result.json

Reads the score, label, group and three drift columns with pandas.read_csv and computes the metrics
mrp reports without bootstrap intervals: performance at threshold 0.5, per-group rates and fairness
gaps, and PSI / JS distance / KS / Wasserstein drift against the reference over reference deciles.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, wasserstein_distance
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)

THRESHOLD = 0.5
DRIFT = ["income", "age", "utilization"]
BINS = 10
EMPTY_SHARE = 1e-4


def ece(score: np.ndarray, label: np.ndarray) -> float:
    bins = np.clip((score * BINS).astype(int), 0, BINS - 1)
    rows = np.bincount(bins, minlength=BINS)
    score_sum = np.bincount(bins, weights=score, minlength=BINS)
    label_sum = np.bincount(bins, weights=label, minlength=BINS)
    used = rows > 0
    return float(np.sum(np.abs(score_sum[used] - label_sum[used])) / len(score))


def binary(score: np.ndarray, label: np.ndarray) -> dict:
    predicted = score >= THRESHOLD
    return {
        "roc_auc": roc_auc_score(label, score),
        "average_precision": average_precision_score(label, score),
        "ks": ks_2samp(score[label == 1], score[label == 0]).statistic,
        "brier": brier_score_loss(label, score),
        "log_loss": log_loss(label, score),
        "ece": ece(score, label),
        "accuracy": accuracy_score(label, predicted),
        "precision": precision_score(label, predicted),
        "recall": recall_score(label, predicted),
        "f1": f1_score(label, predicted),
    }


def groups(score: np.ndarray, label: np.ndarray, group: pd.Series) -> tuple[dict, dict]:
    result = {}
    for name, index in group.groupby(group).indices.items():
        s, y = score[index], label[index]
        predicted = s >= THRESHOLD
        result[name] = {
            "rows": int(len(index)),
            "roc_auc": roc_auc_score(y, s),
            "selection_rate": float(predicted.mean()),
            "tpr": float(predicted[y == 1].mean()),
            "fpr": float(predicted[y == 0].mean()),
        }
    selection = [g["selection_rate"] for g in result.values()]
    tpr = [g["tpr"] for g in result.values()]
    fpr = [g["fpr"] for g in result.values()]
    fairness = {
        "demographic_parity_difference": max(selection) - min(selection),
        "demographic_parity_ratio": min(selection) / max(selection),
        "equalized_odds_difference": max(max(tpr) - min(tpr), max(fpr) - min(fpr)),
    }
    return result, fairness


def drift(reference: np.ndarray, current: np.ndarray) -> dict:
    edges = np.quantile(reference, np.arange(1, BINS) / BINS)
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=BINS) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=BINS) / len(current)
    ps, qs = np.where(p == 0, EMPTY_SHARE, p), np.where(q == 0, EMPTY_SHARE, q)
    ks = ks_2samp(reference, current, method="asymp")
    return {
        "psi": float(np.sum((qs - ps) * np.log(qs / ps))),
        "js_distance": float(jensenshannon(p, q, base=2)),
        "ks": float(ks.statistic),
        "ks_p_value": float(ks.pvalue),
        "wasserstein": float(wasserstein_distance(reference, current)),
    }


def main() -> None:
    data_path, reference_path = sys.argv[1], sys.argv[2]
    data = pd.read_csv(data_path, usecols=["score", "label", "segment", *DRIFT])
    reference = pd.read_csv(reference_path, usecols=DRIFT)
    score = data["score"].to_numpy()
    label = data["label"].to_numpy()
    group_metrics, fairness = groups(score, label, data["segment"])
    result = {
        "rows": int(len(data)),
        "metrics": binary(score, label),
        "groups": group_metrics,
        "fairness": fairness,
        "drift": {c: drift(reference[c].dropna().to_numpy(), data[c].dropna().to_numpy()) for c in DRIFT},
    }
    json.dump(result, sys.stdout, indent=2, default=float)


if __name__ == "__main__":
    main()
