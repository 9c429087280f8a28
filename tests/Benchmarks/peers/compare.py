"""Checks that mrp and the pandas peer computed the same numbers.

Usage: compare.py MRP_JSON PEER_JSON [TOLERANCE]

Walks every number in the peer's output and finds the same key in mrp's; exits 1 when any differs
by more than the tolerance (relative, or absolute near zero).
"""
import json
import math
import sys


def walk(peer, mrp, path, rows):
    if isinstance(peer, dict):
        for key, value in peer.items():
            walk(value, mrp.get(key) if isinstance(mrp, dict) else None, f"{path}.{key}".lstrip("."), rows)
    else:
        rows.append((path, float(peer), None if mrp is None else float(mrp)))


def main() -> None:
    mrp, peer = (json.load(open(p)) for p in sys.argv[1:3])
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
    rows = []
    walk(peer, mrp, "", rows)
    worst = 0.0
    failures = 0
    for path, expected, actual in rows:
        if actual is None:
            print(f"missing in mrp: {path}")
            failures += 1
            continue
        error = abs(actual - expected) / max(1.0, abs(expected))
        worst = max(worst, error)
        if error > tolerance or math.isnan(actual):
            print(f"{path}: mrp {actual!r} vs peer {expected!r}")
            failures += 1
    print(f"{len(rows)} numbers compared, largest relative difference {worst:.2e}, {failures} beyond {tolerance:g}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
