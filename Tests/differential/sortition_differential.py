# coprod — co-production toolkit. Apache-2.0.
"""Differential suite, sortition: coprod's panel draw against sortition-algorithms.

For each seeded generated pool (written by `coprod-bench sortition --write DIR`, the same
generator as the benchmark), compares the minimum selection probability of
`coprod panel select` (maximin, exact for its distribution) with the Sortition Foundation's
`sortition-algorithms`:

- legacy: estimated from repeated draws, per type of person (people with the same feature
  values are treated alike by legacy, so pooling them gives a steadier estimate);
- maximin: exact for the distribution the library computes (HiGHS).

coprod must be at least as fair as legacy (its minimum no lower than legacy's estimate minus
the estimate's sampling error) and is reported beside maximin. Prints `N passed, N failed`
last and exits 1 on any failure. Environment: COPROD, COPROD_BENCH (binaries), SORTITION_DRAWS
(legacy draws per pool, default 200).
"""

import copy
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from sortition_algorithms import Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy_single_attempt
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.errors import SelectionError
from sortition_algorithms.utils import set_random_provider

REPO = Path(__file__).resolve().parents[2]
# (people, features, panel size, seed). Two pools keep the suite near a minute: the library's
# maximin (HiGHS) took 13 s and 20 s of these on the shared machine, 25 s and 46 s on the
# 200- and 240-person pools that docs/performance.md also records.
CASES = [(120, 2, 12, 1), (160, 3, 16, 2)]


def read_csv(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def library_inputs(folder, size):
    f_head, f_body = read_csv(folder / "quotas.csv")
    features, _, _ = read_in_features(f_head, f_body, size)
    p_head, p_body = read_csv(folder / "pool.csv")
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(p_head, p_body, features, settings)
    types = {row["id"]: tuple(row[h] for h in p_head if h != "id") for row in p_body}
    return features, people, types


def legacy_minimum(features, people, types, size, draws):
    """Legacy's minimum probability over types, estimated from `draws` draws, and its
    standard error."""
    set_random_provider(12345)
    counts = Counter()
    done = 0
    for _ in range(draws * 2):
        try:
            committees, _ = find_random_sample_legacy_single_attempt(copy.deepcopy(people), copy.deepcopy(features), size, [])
        except SelectionError:
            continue
        counts.update(types[p] for p in committees[0])
        done += 1
        if done == draws:
            break
    members = Counter(types.values())
    estimates = {t: counts[t] / (done * n) for t, n in members.items()}
    worst = min(estimates, key=estimates.get)
    p = estimates[worst]
    error = math.sqrt(max(p * (1 - p), 1e-9) / (done * members[worst]))
    return p, error, done


def maximin_minimum(features, people, size):
    committees, probabilities, _ = find_distribution_maximin(features, people, size, [], "highspy")
    marginal = defaultdict(float)
    for committee, p in zip(committees, probabilities):
        for person in committee:
            marginal[person] += p
    return min(marginal.get(person, 0.0) for person in people)


def main():
    coprod = os.environ.get("COPROD", str(REPO / ".build/debug/coprod"))
    bench = os.environ.get("COPROD_BENCH", str(Path(coprod).parent / "coprod-bench"))
    draws = int(os.environ.get("SORTITION_DRAWS", "200"))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for people_count, feature_count, size, seed in CASES:
            folder = Path(tmp) / f"pool-{seed}"
            subprocess.run(
                [bench, "sortition", "--people", str(people_count), "--features", str(feature_count), "--size", str(size),
                 "--seed", str(seed), "--runs", "1", "--write", str(folder)],
                check=True, capture_output=True)
            out = subprocess.run(
                [coprod, "panel", "select", "--pool", str(folder / "pool.csv"), "--quotas", str(folder / "quotas.csv"),
                 "--size", str(size), "--seed", str(seed), "--json"],
                check=True, capture_output=True, text=True, cwd=tmp)
            ours = json.loads(out.stdout)["draw"]["minimumProbability"]
            features, people, types = library_inputs(folder, size)
            legacy, error, done = legacy_minimum(features, people, types, size, draws)
            try:
                maximin = f"{maximin_minimum(features, people, size):.4f}"
            except Exception as exc:  # the solver is optional; report, do not fail
                maximin = f"unavailable ({type(exc).__name__})"
            name = f"pool {people_count} people, {feature_count} features, panel {size}, seed {seed}"
            line = f"coprod maximin {ours:.4f}; legacy {legacy:.4f} ± {error:.4f} ({done} draws); library maximin {maximin}"
            if ours >= legacy - 2 * error:
                passed += 1
                print(f"ok   {name}: {line}")
            else:
                failed += 1
                print(f"FAIL {name}: {line}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
