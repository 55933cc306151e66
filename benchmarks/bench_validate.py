"""`lvyue validate` against check-jsonschema and bare libyaml parsing, on the same files.

Usage: python benchmarks/bench_validate.py [N] [--skip-peer]
Prints records per second and peak memory for each, and the two ratios the
issue names: lvyue's throughput over check-jsonschema's (target ≥ 5×) and
lvyue's time over the bare parse (target ≤ 1.5×).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import make  # noqa: E402


def child(step: str, repo: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, str(HERE / "_measure.py"), step, str(repo)], capture_output=True,
                         text=True, check=True).stdout.split()
    values = dict(item.split("=") for item in out if "=" in item)
    return float(values["seconds"]), float(values["peak_mib"])


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), "50000"))
    with tempfile.TemporaryDirectory() as tmp:
        repo = make(Path(tmp) / "repo", n)
        files = n + 1
        bare_s, bare_m = child("bare", repo)
        ours_s, ours_m = child("validate", repo)
        print(f"records: {files}  (cores: {os.cpu_count()})")
        print(f"bare libyaml parse (CSafeLoader): {bare_s:7.2f} s  {files / bare_s:9.0f} rec/s  peak {bare_m:6.0f} MiB")
        print(f"lvyue validate:                   {ours_s:7.2f} s  {files / ours_s:9.0f} rec/s  peak {ours_m:6.0f} MiB")
        print(f"lvyue / bare parse time:          {ours_s / bare_s:7.2f} x   (target <= 1.5)")
        if "--skip-peer" not in sys.argv:
            peer_s, peer_m = child("peer", repo)
            print(f"check-jsonschema:                 {peer_s:7.2f} s  {n / peer_s:9.0f} rec/s  peak {peer_m:6.0f} MiB")
            print(f"lvyue / check-jsonschema speed:   {(files / ours_s) / (n / peer_s):7.2f} x   (target >= 5)")


if __name__ == "__main__":
    main()
