"""The demo year: deterministic, complete, and what is committed is what it makes."""
from __future__ import annotations

import filecmp
import shutil
from datetime import date, timedelta

import chinese_calendar

from conftest import ROOT, run_cli
from lvyue.demoyear import png, write_demo
from lvyue.schemas import SchemaSet
from lvyue.validate import validate


def _make(tmp_path, name):
    out = tmp_path / name / "records"
    out.mkdir(parents=True)
    shutil.copy(ROOT / "records" / "contract.yaml", out / "contract.yaml")
    write_demo(out)
    return out


def test_same_seed_same_bytes_and_matches_committed(tmp_path):
    a, b = _make(tmp_path, "a"), _make(tmp_path, "b")
    cmp = filecmp.dircmp(a, ROOT / "records")
    assert _same_tree(filecmp.dircmp(a, b)), "two runs differ"
    assert _same_tree(cmp), "records/ differs from the generator's output: run `lvyue generate-demo records`"


def _same_tree(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(sub) for sub in cmp.subdirs.values())


def test_demo_year_contents():
    result = validate(ROOT / "records", SchemaSet.load(ROOT / "schemas"))
    assert result.ok
    by_kind: dict[str, list] = {}
    for rec in result.records:
        by_kind.setdefault(rec.kind, []).append(rec)
    daily = {r["performed_at"].date() for r in by_kind["inspection"] if r["type"] == "daily"}
    day, working = date(2024, 7, 13), set()
    while day <= date(2025, 7, 12):
        if chinese_calendar.is_workday(day):
            working.add(day)
        day += timedelta(days=1)
    assert daily == working
    assert date(2024, 9, 29) in daily and date(2025, 2, 8) in daily  # make-up working days (调休)
    assert date(2025, 1, 29) not in daily  # Spring Festival
    assert sum(r["type"] == "monthly" for r in by_kind["inspection"]) == 12
    quarterly = [r for r in by_kind["inspection"] if r["type"] == "quarterly"]
    assert len(quarterly) == 4 and all(f["screenshot"].endswith(".png") for q in quarterly for f in q["findings"])
    assert 140 <= len(by_kind["ticket"]) <= 160
    assert sum(t["severity"] == "emergency" for t in by_kind["ticket"]) >= 5
    assert len(by_kind["security_scan"]) == 12
    assert any(f.get("cve") for s in by_kind["security_scan"] for f in s["findings"])
    assert any(f.get("cnvd") for s in by_kind["security_scan"] for f in s["findings"])
    assert len(by_kind["certificate"]) == 2 and len(by_kind["payment"]) == 2
    assert len(by_kind["staff"]) == 2 and by_kind["rectification"]
    names = " ".join(str(r.data) for r in result.records)
    for real in ("82282994", "88166568", "029-8"):  # the seed contract's phone numbers never appear
        assert real not in names


def test_png_is_real():
    data = png(20, 10, seed=1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data


def test_new_record_ids_do_not_collide(repo):
    first = run_cli("new", "ticket", "--at", "2024-08-01 09:00", "--author", "zhou.demo@vendor.example.com", cwd=repo)
    other = run_cli("new", "ticket", "--at", "2024-08-01 09:00", "--author", "wu.demo@vendor.example.com", cwd=repo)
    again = run_cli("new", "ticket", "--at", "2024-08-01 09:00", "--author", "zhou.demo@vendor.example.com", cwd=repo)
    assert "T-20240801-zy-01" in first.stdout
    assert "T-20240801-wy-01" in other.stdout
    assert "T-20240801-zy-02" in again.stdout
    text = (repo / "records/tickets/2024-08/T-20240801-zy-01.yaml").read_text("utf-8")
    assert "reported_at: 2024-08-01 09:00" in text and "kind: ticket" in text
    result = run_cli("new", "nonsense", cwd=repo)
    assert result.returncode == 2 and "unknown kind" in result.stderr
