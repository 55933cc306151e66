"""The engine's time against the time to load the same records, at N and 2N.

Usage: python benchmarks/bench_engine.py [N]
Target (issue 3): engine time <= load time, and doubling the records at most
doubles the engine time. Prints both sizes and peak memory.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import make  # noqa: E402


def measure(n: int, tmp: Path) -> dict[str, float]:
    repo = make(tmp / f"repo{n}", n)
    out = subprocess.run([sys.executable, str(HERE / "_measure.py"), "metrics", str(repo)], capture_output=True,
                         text=True, check=True).stdout.split()
    return {k: float(v) for k, v in (item.split("=") for item in out if "=" in item)}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    with tempfile.TemporaryDirectory() as tmp:
        rows = [(size, measure(size, Path(tmp))) for size in (n, 2 * n)]
    for size, r in rows:
        print(f"{size:>7} records: load {r['load']:6.2f} s  engine {r['engine']:6.2f} s  "
              f"engine/load {r['engine'] / r['load']:.2f}  peak {r['peak_mib']:.0f} MiB")
    print(f"engine time at 2N / N: {rows[1][1]['engine'] / rows[0][1]['engine']:.2f}  (target <= 2)")


if __name__ == "__main__":
    main()
