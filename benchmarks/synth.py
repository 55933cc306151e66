"""Synthetic records of the real kinds, for benchmarks: N files, deterministic.

Tickets, daily inspections and changes in the proportions a large site would
have, spread over the demo contract's term so that cross-record checks and the
engine do real work.
"""
from __future__ import annotations

import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from lvyue.yamlwrite import dump  # noqa: E402

START = date(2024, 7, 13)
DAYS = 365


def make(root: Path, n: int, seed: int = 1) -> Path:
    """A repository at `root` with schemas/, records/contract.yaml and n records."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "records").mkdir(parents=True)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copy(ROOT / "records" / "contract.yaml", root / "records" / "contract.yaml")
    tickets: list[str] = []
    for i in range(n):
        day = START + timedelta(days=i * DAYS // max(n, 1))
        moment = datetime(day.year, day.month, day.day, 9) + timedelta(minutes=rng.randrange(0, 600))
        t = lambda m: (moment + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M")  # noqa: E731
        r = i % 10
        if r < 6:
            rid = f"T-{day:%Y%m%d}-s{i}"
            tickets.append(rid)
            rec = {"id": rid, "kind": "ticket", "schema_version": 1, "title": f"合成工单 {i}",
                   "category": "fault", "severity": "emergency" if r == 0 else "normal", "channel": "phone",
                   "reported_by": "钱示例", "reported_at": t(0), "responded_by": "周演示",
                   "responded_at": t(rng.randrange(1, 15)), "onsite_requested_at": t(15),
                   "arrived_at": t(15 + rng.randrange(30, 150)), "resolved_at": t(200 + rng.randrange(0, 100)),
                   "handled_by": ["周演示"], "resolution": "已处理。"}
            folder = "tickets"
        elif r < 9:
            rid = f"IN-{day:%Y%m%d}-s{i}"
            rec = {"id": rid, "kind": "inspection", "schema_version": 1, "type": "daily", "performed_at": t(0),
                   "finished_at": t(25), "inspector": "周演示",
                   "checks": [{"item": f"检查项 {k}", "result": "ok"} for k in range(5)], "summary": "运行正常。"}
            folder = "inspections"
        else:
            rid = f"CH-{day:%Y%m%d}-s{i}"
            rec = {"id": rid, "kind": "change", "schema_version": 1, "type": "content", "title": f"合成变更 {i}",
                   "done_at": t(30), "done_by": "郑演示", "answers": [tickets[-1]] if tickets else []}
            folder = "changes"
        path = root / "records" / folder / f"{day:%Y-%m}" / f"{rid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(rec), "utf-8")
    return root


if __name__ == "__main__":
    make(Path(sys.argv[1]), int(sys.argv[2]))
