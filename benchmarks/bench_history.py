"""The history pass against a bare `git log --name-status` over the same repository.

Usage: python benchmarks/bench_history.py [RECORDS] [COMMITS]
Builds (with git fast-import) a repository of RECORDS record files added over
COMMITS first-parent commits, one in ten commits also editing an earlier
record, then times, in the same run: the bare `git log --name-status`, and
lvyue's one-pass `history.read`. Target (issue 5): lvyue ≤ 1.5× the bare log.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))


def make(repo: Path, records: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    lines: list[bytes] = []
    per = records / commits
    made = 0
    t0 = 1720800000  # 2024-07-12
    for c in range(commits):
        when = t0 + c * 1500
        lines.append(f"commit refs/heads/main\ncommitter 周演示 <zhou.demo@vendor.example.com> {when} +0800\n".encode())
        msg = f"记录 {c}".encode()
        lines.append(b"data %d\n%s\n" % (len(msg), msg))
        target = int((c + 1) * per)
        while made < target:
            body = f"id: T-{made}\nkind: ticket\nn: {made}\n".encode()
            path = f"records/tickets/2024-{made % 12 + 1:02d}/T-{made:06d}.yaml"
            lines.append(f"M 100644 inline {path}\n".encode() + b"data %d\n%s\n" % (len(body), body))
            made += 1
        if c % 10 == 9 and made:
            n = (c * 7919) % made
            body = f"id: T-{n}\nkind: ticket\nn: {n}\nedited: {c}\n".encode()
            path = f"records/tickets/2024-{n % 12 + 1:02d}/T-{n:06d}.yaml"
            lines.append(f"M 100644 inline {path}\n".encode() + b"data %d\n%s\n" % (len(body), body))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(lines), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    from lvyue.history import open_repo, read

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        start = time.perf_counter()
        make(repo, records, commits)
        print(f"repository: {records} records over {commits} commits, made in {time.perf_counter() - start:.1f} s")
        bare = best(lambda: subprocess.run(["git", "log", "--name-status", "--", "records"], cwd=repo, check=True,
                                           stdout=subprocess.DEVNULL))
        holder = {}

        def ours():
            with open_repo(repo) as r:
                holder["h"] = read(r, repo / "records")
        mine = best(ours)
        h = holder["h"]
        assert len(h.files) == records and len(h.commits) == commits, (len(h.files), len(h.commits))
        print(f"bare git log --name-status: {bare:.2f} s")
        print(f"lvyue history pass:         {mine:.2f} s  ({mine / bare:.2f}× bare; target ≤ 1.5×)")


if __name__ == "__main__":
    main()
