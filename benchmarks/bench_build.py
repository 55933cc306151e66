"""`lvyue build` on the demo year and on N synthetic records, with MkDocs alone as the peer.

Usage: python benchmarks/bench_build.py [N]
Target (issue 4): 50,000 records build in under 60 s on a 2-core machine.
Prints total time per phase, peak memory and site size; the peer is a plain
MkDocs build of the same generated pages, i.e. what lvyue adds on top.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synth import make  # noqa: E402


def run(step: str, repo: Path) -> dict[str, str]:
    out = subprocess.run([sys.executable, str(HERE / "_measure.py"), step, str(repo)], capture_output=True,
                         text=True, check=True).stdout.split()
    return dict(item.split("=", 1) for item in out if "=" in item)


def demo(tmp: Path) -> Path:
    repo = tmp / "demo"
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    return repo


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    with tempfile.TemporaryDirectory() as tmp:
        for label, repo in (("demo year", demo(Path(tmp))), (f"{n} records", make(Path(tmp) / "synth", n))):
            b = run("build", repo)
            peer = run("mkdocs", repo)
            total = sum(float(b[k]) for k in ("validate", "metrics", "pages", "mkdocs"))
            print(f"{label:>14}: total {total:6.1f} s  (validate {float(b['validate']):.1f}, metrics "
                  f"{float(b['metrics']):.1f}, pages {float(b['pages']):.1f}, mkdocs {float(b['mkdocs']):.1f})  "
                  f"peak {float(b['peak_mib']):.0f} MiB  {b['pages_n']} pages  site {b['site_mib']} MiB")
            print(f"{'':>14}  peer: mkdocs alone on the same pages {float(peer['seconds']):.1f} s, "
                  f"peak {float(peer['peak_mib']):.0f} MiB")


if __name__ == "__main__":
    main()
