# coprod — co-production toolkit. Apache-2.0.
"""Counts a PrefLib file with pref_voting, for scripts/bench.sh.

usage: python bench-pref-voting.py FILE {irv,schulze,stv} [SEATS]

Reads FILE with pref_voting's own PrefLib reader (preflibtools), then runs Instant Runoff,
Beat Path (Schulze) or STV-Scottish. Prints the winners and the read/count split in seconds.
"""
import sys
import time

from pref_voting.io.readers import preflib_to_profile
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path
from pref_voting.proportional_methods import stv_scottish

path, rule = sys.argv[1], sys.argv[2]
seats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
start = time.perf_counter()
profile = preflib_to_profile(path)
read = time.perf_counter()
if rule == "irv":
    winners = instant_runoff(profile)
elif rule == "schulze":
    winners = beat_path(profile)
elif rule == "stv":
    winners = stv_scottish(profile, num_seats=seats)
else:
    sys.exit(f"unknown rule {rule}; use irv, schulze or stv")
done = time.perf_counter()
print(f"winners: {sorted(winners)}")
print(f"read: {read - start:.3f} s  count: {done - read:.3f} s  total: {done - start:.3f} s")
