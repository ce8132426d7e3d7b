"""Reference values for crates/domain/src/statistics.rs, computed with SciPy.

Regenerate from the repository root with:

    pip install scipy numpy
    python3 tools/reference/statistics.py > tools/reference/statistics.json

The Rust test `statistics::tests::reference_values_match_scipy` reads the JSON this prints and
checks every figure. Inputs are whole or half numbers so that they are exact in binary floating
point and parse to the same `f64` in Python and Rust.
"""

import json
import math
import sys

import numpy as np
import scipy
from scipy import stats


def datasets():
    rng = np.random.default_rng(20261127)
    yield "small n=6 without ties", [10, 12, 9, 15, 11, 14], [13, 11, 14, 17, 17, 21]
    yield "n=10 with ties in |d|", [3, 4, 2, 5, 3, 1, 4, 2, 3, 3], [5, 6, 1, 7, 4, 3, 5, 4, 1, 6]
    yield "zeros present", [2, 3, 3, 4, 1, 2, 5, 3, 2], [2, 4, 5, 4, 3, 1, 5, 6, 4]
    before = rng.integers(0, 26, 20)
    yield "n=20 with ties and zeros", before, np.clip(before + rng.integers(-3, 6, 20), 0, 25)
    before = rng.integers(20, 80, 60).astype(float) + 0.5 * rng.integers(0, 2, 60)
    yield "n=60", before, before + rng.normal(6, 12, 60).round() + 0.5
    yield "all changes equal", [1, 2, 3, 2, 1, 3, 2], [3, 4, 5, 4, 3, 5, 4]
    yield "n=1", [2], [4]
    yield "n=2", [1, 5], [2.5, 4]
    yield "negative mean", [20, 18, 25, 22, 30, 19, 24, 27], [17, 18.5, 21, 23.5, 24, 12, 25, 19]
    yield "WHO-5 0-100 in steps of 4, n=12", [
        40, 52, 28, 64, 44, 36, 56, 20, 48, 60, 32, 44
    ], [52, 60, 40, 64, 56, 32, 72, 36, 52, 76, 44, 48]
    before = 4 * rng.integers(5, 20, 30)
    yield "WHO-5 0-100 in steps of 4, n=30", before, np.clip(before + 4 * rng.integers(-3, 6, 30), 0, 100)
    # Distinct, non-zero half-number changes: the exact distribution up to its limit of 50.
    for n in (25, 50):
        magnitudes = rng.permutation(np.arange(1, n + 1)) * 0.5
        signs = np.where(rng.random(n) < 0.65, 1, -1)
        before = rng.integers(10, 40, n).astype(float)
        yield f"n={n} without ties or zeros", before, before + signs * magnitudes


def nullable(value):
    value = float(value)
    return None if math.isnan(value) else value


def summary(name, before, after):
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    change = after - before
    n = len(change)
    mean = float(np.mean(change))
    sd = float(np.std(change, ddof=1)) if n >= 2 else None
    if sd is not None:
        half_width = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        ci95 = [mean - half_width, mean + half_width]
    else:
        ci95 = [None, None]
    try:
        p = nullable(stats.wilcoxon(after, before).pvalue)
    except ValueError:
        p = None
    return {
        "name": name,
        "before": before.tolist(),
        "after": after.tolist(),
        "n": n,
        "mean_change": mean,
        "median_change": float(np.median(change)),
        "sd_change": sd,
        "ci95_low": ci95[0],
        "ci95_high": ci95[1],
        "wilcoxon_p": p,
        "effect_size": mean / sd if sd else None,
    }


def main():
    json.dump(
        {
            "generated_by": "tools/reference/statistics.py",
            "python": sys.version.split()[0],
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "datasets": [summary(*dataset) for dataset in datasets()],
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
