"""Time `import iso18295` plus loading the bundled example, in fresh interpreters.

Target (issue #3): under 0.5 s including import.  Also times the interpreter
start alone (the floor) and checks which heavy modules the import pulls in.
Prints the figures and writes them to benchmarks/results/load.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = 9
PROGRAM = """
import time
t0 = time.perf_counter()
import iso18295
t1 = time.perf_counter()
iso18295.examples.load_example()
t2 = time.perf_counter()
import sys
heavy = sorted(m for m in ("numpy", "pyarrow", "pandas", "polars", "dask", "matplotlib")
               if m in sys.modules)
print(t1 - t0, t2 - t1, ",".join(heavy))
"""


def main() -> None:
    imports, loads, heavy = [], [], set()
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
        heavy.update(x for x in (out[2] if len(out) > 2 else "").split(",") if x)
    total = [a + b for a, b in zip(imports, loads, strict=True)]
    result = {
        "runs": RUNS,
        "import_seconds_median": statistics.median(imports),
        "load_example_seconds_median": statistics.median(loads),
        "total_seconds_median": statistics.median(total),
        "total_seconds_max": max(total),
        "target_seconds": 0.5,
        "heavy_modules_imported": sorted(heavy),
    }
    for key, value in result.items():
        print(f"{key:32} {value:.3f}" if isinstance(value, float) else f"{key:32} {value}")
    out = Path(__file__).parent / "results" / "load.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
