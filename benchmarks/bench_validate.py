"""`lvyue validate` against check-jsonschema and bare libyaml parsing, on the same files.

Usage: python benchmarks/bench_validate.py [N] [--skip-peer]
Prints records per second and peak memory for each, and the two ratios the
issue names: lvyue's throughput over check-jsonschema's (target ≥ 5×) and
lvyue's time over the bare parse (target ≤ 1.5×).
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import make  # noqa: E402


def child(step: str, repo: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, str(HERE / "_measure.py"), step, str(repo)], capture_output=True,
                         text=True, check=True).stdout.split()
    values = dict(item.split("=") for item in out if "=" in item)
    return float(values["seconds"]), float(values["peak_mib"])


def peer(repo: Path) -> tuple[float, float]:
    """check-jsonschema, one invocation per kind, with the same schemas and no network."""
    total = 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    for kind, folder in (("ticket", "tickets"), ("inspection", "inspections"), ("change", "changes")):
        files = sorted(str(p) for p in (repo / "records" / folder).rglob("*.yaml"))
        schema = repo / "schemas" / f"{kind}.schema.json"
        for i in range(0, len(files), 5000):  # batches: a 50,000-file argv is too long
            start = time.perf_counter()
            subprocess.run(["check-jsonschema", "--schemafile", str(schema), "--base-uri", schema.as_uri(),
                            "--disable-formats", "*", *files[i:i + 5000]], check=True, capture_output=True)
            total += time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return total, peak


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
            peer_s, peer_m = peer(repo)
            print(f"check-jsonschema:                 {peer_s:7.2f} s  {n / peer_s:9.0f} rec/s  peak {peer_m:6.0f} MiB")
            print(f"lvyue / check-jsonschema speed:   {(files / ours_s) / (n / peer_s):7.2f} x   (target >= 5)")


if __name__ == "__main__":
    main()
