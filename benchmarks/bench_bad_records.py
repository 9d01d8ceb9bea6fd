"""Time loading a document whose every record is bad (issue #18).

A document with N agents, each with five problems (a number for its id, four
required fields missing); the error must list every problem.  Target: 100,000
bad agents in under 3 s.  Prints the time per run and the best.
"""

from __future__ import annotations

import json
import sys
import time

from iso18295 import load_scope_text
from iso18295.errors import LoadError

RUNS = 3


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    text = json.dumps({"name": "Demo", "agents": [{"id": 5}] * n})
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        try:
            load_scope_text(text, format="json")
        except LoadError as error:
            times.append(time.perf_counter() - start)
            if len(error.problems) != 5 * n:
                raise SystemExit(
                    f"expected {5 * n} problems, found {len(error.problems)}"
                ) from None
    print(f"{n:,} bad agents ({5 * n:,} problems): " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"best {min(times):.2f} s")


if __name__ == "__main__":
    main()
