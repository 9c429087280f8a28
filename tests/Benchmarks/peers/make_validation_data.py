"""Writes the evaluation and reference CSVs used by mrp-validate.sh.

Usage: make_validation_data.py OUT_DIR ROWS

Columns: id, score (a probability), label (0/1), segment (4 groups), and three numeric features,
income, age and utilization, whose distribution shifts a little between reference and evaluation.
"""
import sys

import numpy as np
import pandas as pd


def sample(rows: int, seed: int, shift: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    label = (rng.random(rows) < 0.3).astype(np.int8)
    segment = rng.choice(np.array(["north", "south", "east", "west"]), size=rows, p=[0.4, 0.3, 0.2, 0.1])
    logit = -0.8 + 1.5 * (label - 0.3) + rng.normal(size=rows) + np.where(segment == "west", 0.3, 0.0)
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "score": 1 / (1 + np.exp(-logit)),
            "label": label,
            "segment": segment,
            "income": rng.lognormal(10.8 + shift, 0.5, size=rows),
            "age": rng.normal(42 + 10 * shift, 12, size=rows),
            "utilization": rng.beta(2 + shift, 5, size=rows),
        }
    )


def main() -> None:
    out_dir, rows = sys.argv[1], int(sys.argv[2])
    sample(rows, seed=1, shift=0.05).to_csv(f"{out_dir}/data.csv", index=False, float_format="%.6g")
    sample(rows, seed=2, shift=0.0).to_csv(f"{out_dir}/reference.csv", index=False, float_format="%.6g")


if __name__ == "__main__":
    main()
