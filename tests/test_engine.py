"""The engine, rule by rule, with the numbers worked by hand in each test."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_cli
from lvyue.clock import Clock, add_working_days, calendar_deadline, parse_hours
from lvyue.engine import compute
from lvyue.schemas import SchemaSet
from lvyue.validate import validate
from lvyue.workdays import CalendarGap, WorkingDays

TZ = ZoneInfo("Asia/Shanghai")
SCHEMAS = SchemaSet.load(ROOT / "schemas")
CHINA = WorkingDays()


def run(repo: Path, files: dict[str, str], as_of: str = "2025-07-31") -> dict:
    for rel, text in files.items():
        path = repo / "records" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    result = validate(repo / "records", SCHEMAS)
    assert result.ok, result.problems
    return compute(result.contract, result.records, date.fromisoformat(as_of))


def ticket(id: str, reported: str, responded: str | None = None, **extra: str) -> str:
    lines = [f"id: {id}", "kind: ticket", "schema_version: 1", "title: 故障", "category: fault",
             f"severity: {extra.pop('severity', 'normal')}", f"channel: {extra.pop('channel', 'phone')}",
             "reported_by: 钱示例", f"reported_at: {reported}"]
    if responded:
        lines.append(f"responded_at: {responded}")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


# --- calendar and clocks ---------------------------------------------------------

def test_make_up_days_and_holidays():
    assert CHINA.is_working(date(2024, 9, 29)) and CHINA.is_working(date(2024, 10, 12))  # Sunday, Saturday
    assert CHINA.is_working(date(2025, 2, 8))  # Saturday
    for d in range(28, 32):
        assert not CHINA.is_working(date(2025, 1, d))
    for d in range(1, 5):
        assert not CHINA.is_working(date(2025, 2, d))


def test_five_working_days_across_national_day():
    # 09-27 notice: 09-29 (Sun, make-up) 1, 09-30 2, [10-01..07 holiday], 10-08 3, 10-09 4, 10-10 5
    assert add_working_days(CHINA, date(2024, 9, 27), 5) == date(2024, 10, 10)


def test_calendar_day_deadline_moves_off_rest_days():
    assert calendar_deadline(CHINA, date(2024, 9, 25), 10) == date(2024, 10, 8)  # 10-05 is a holiday


def test_uncovered_year_is_an_error_not_a_guess():
    with pytest.raises(CalendarGap) as err:
        CHINA.is_working(date(2031, 3, 3))
    assert err.value.day == date(2031, 3, 3)
    assert WorkingDays(extra_working=frozenset({date(2031, 3, 3)})).is_working(date(2031, 3, 3))


def test_business_clock_deadline_across_holiday_and_period_end():
    clock = Clock("business", TZ, CHINA, parse_hours([["09:00", "12:00"], ["13:00", "18:00"]]))
    assert clock.deadline(at("2024-09-30 17:55"), 600) == at("2024-10-08 09:05")
    assert clock.deadline(at("2024-09-30 17:50"), 600) == at("2024-09-30 18:00")  # exactly at the period's end
    assert clock.elapsed(at("2024-09-30 11:00"), at("2024-09-30 14:00")) == 2 * 3600


def test_force_majeure_pauses_and_overlaps_merge():
    pauses = ((at("2024-08-01 10:00"), at("2024-08-01 12:00")),)
    clock = Clock("24x7", TZ, CHINA, (), pauses)
    assert clock.deadline(at("2024-08-01 09:00"), 2 * 3600) == at("2024-08-01 13:00")
    long = Clock("24x7", TZ, CHINA, (), ((at("2024-08-01 00:00"), at("2024-11-01 00:00")),))
    assert long.elapsed(at("2024-07-31 23:00"), at("2024-11-01 01:00")) == 7200


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 90 * 86400), st.integers(0, 90 * 86400), st.integers(0, 90 * 86400))
def test_splitting_an_interval_never_changes_elapsed(a, b, c):
    clock = Clock("business", TZ, CHINA, parse_hours([["09:00", "12:00"], ["13:00", "18:00"]]))
    base = at("2024-07-13 00:00")
    x, y, z = sorted((a, b, c))
    t0, t1, t2 = (base + timedelta(seconds=s) for s in (x, y, z))
    assert clock.elapsed(t0, t1) + clock.elapsed(t1, t2) == clock.elapsed(t0, t2)
    if clock.elapsed(t0, t2) > 0:
        assert clock.elapsed(t0, clock.deadline(t0, clock.elapsed(t0, t2))) == clock.elapsed(t0, t2)


# --- tickets and 九.2 ---------------------------------------------------------

def test_response_boundary_to_the_second(repo):
    m = run(repo, {"a.yaml": ticket("T-1", "2024-08-01 09:50", "2024-08-01 10:00"),
                   "b.yaml": ticket("T-2", "2024-08-01 09:50", "2024-08-01 10:00:01")})
    res = {r["ticket"]: r for r in m["service_levels"]["results"] if r["rule"] == "response"}
    assert res["T-1"]["status"] == "met" and res["T-1"]["elapsed_s"] == 600
    assert res["T-2"]["status"] == "breached" and res["T-2"]["overrun_s"] == 1
    # a missed response is a non-conformity, not a 九.2 occurrence
    assert m["nine_two"]["count"] == 0 and not [e for e in m["ledger"]["entries"] if e["clause"] == "九.2"]
    assert [n["subject"] for n in m["nonconformities"] if n["rule"] == "response"] == ["工单 T-2 超时 1 秒"]


def test_late_arrival_500_and_missing_both_counts_once(repo):
    m = run(repo, {
        "a.yaml": ticket("T-1", "2024-08-01 09:00", "2024-08-01 09:05", onsite_requested_at="2024-08-01 09:05",
                         arrived_at="2024-08-01 11:06", resolved_at="2024-08-01 12:00"),
        "b.yaml": ticket("T-2", "2024-08-02 09:00", "2024-08-02 09:05", severity="emergency",
                         onsite_requested_at="2024-08-02 09:05", arrived_at="2024-08-02 12:00",
                         resolved_at="2024-08-02 13:01")})
    assert m["nine_two"]["count"] == 2
    nine_two = [e for e in m["ledger"]["entries"] if e["clause"] == "九.2"]
    assert [e["amount"] for e in nine_two] == ["500.00", "500.00"]
    assert nine_two[1]["subject"] == "工单 T-2：到场时间超时、紧急故障修复超时"
    assert next(r for r in m["ledger"]["by_clause"] if r["clause"] == "九.2")["amount"] == "1000.00"


def _late_arrivals(n: int) -> dict[str, str]:
    return {f"t{i}.yaml": ticket(f"T-{i}", f"2024-08-{i + 1:02d} 09:00", f"2024-08-{i + 1:02d} 09:01",
                                 onsite_requested_at=f"2024-08-{i + 1:02d} 09:00",
                                 arrived_at=f"2024-08-{i + 1:02d} 11:30") for i in range(n)}


def test_five_occurrences_allow_termination_four_do_not(repo, tmp_path):
    four = run(repo, _late_arrivals(4))
    assert four["nine_two"]["count"] == 4 and not four["nine_two"]["terminable"]
    five = run(repo, _late_arrivals(5))
    assert five["nine_two"]["count"] == 5 and five["nine_two"]["terminable"]
    assert {"clause": "九.2", "name": "未按时到场或维护不到位", "amount": "2500.00", "count": 5} in five["ledger"]["by_clause"]


def test_open_ticket_as_of(repo):
    files = {"a.yaml": ticket("T-1", "2024-08-01 09:00", "2024-08-01 09:05", severity="emergency",
                              resolved_at="2024-08-03 09:00")}
    early = run(repo, files, as_of="2024-08-01")
    repair = next(r for r in early["service_levels"]["results"] if r["rule"] == "emergency_repair")
    assert repair["status"] == "open_breached" and repair["stop"] is None  # resolution is after the as-of date
    assert run(repo, files, as_of="2024-07-31")["service_levels"]["results"] == []


# --- schedules, deliverables, rectification, payments ----------------------------------

def test_late_deliverable_241_90_per_day(repo):
    m = run(repo, {"d.yaml": "id: DL-1\nkind: deliverable\nschema_version: 1\nitem: ops_manual\n"
                             "delivered_at: 2025-07-15 10:00\ndelivered_by: 孙演示\n"})
    row = next(d for d in m["deliverables"] if d["key"] == "ops_manual")
    assert (row["status"], row["days_late"]) == ("late", 3)
    entry = next(e for e in m["ledger"]["entries"] if "运维手册" in e["subject"])
    assert (entry["amount"], entry["formula"]) == ("725.70", "3 天 × 241.90 元")


def test_not_yet_due_is_not_late(repo):
    m = run(repo, {}, as_of="2024-08-10")
    monthly = next(s for s in m["schedules"] if s["key"] == "monthly_inspection")
    assert monthly["periods"][0]["status"] == "pending" and monthly["due"] == 0
    m = run(repo, {}, as_of="2024-08-15")  # first service month ended 08-12: 3 days missing
    entry = next(e for e in m["ledger"]["entries"] if "月度系统性巡检" in e["subject"])
    assert entry["formula"] == "3 天 × 241.90 元" and entry["amount"] == "725.70"


def test_met_on_due_date_is_zero_days_late(repo):
    m = run(repo, {"i.yaml": "id: IN-1\nkind: inspection\nschema_version: 1\ntype: monthly\n"
                             "performed_at: 2024-08-12 23:59\ninspector: 周演示\n"}, as_of="2024-08-20")
    period = next(s for s in m["schedules"] if s["key"] == "monthly_inspection")["periods"][0]
    assert (period["status"], period["days_late"]) == ("done", 0)


RECT = ("id: RE-1\nkind: rectification\nschema_version: 1\nraised_at: 2024-11-01 10:00\nraised_by: 赵示例\n"
        "deadline: 2024-11-10 18:00\nrequirement: 修复断链\n")


def test_rectification_exposure_then_charge(repo):
    m = run(repo, {"r.yaml": RECT}, as_of="2024-11-11")
    assert m["rectifications"][0]["status"] == "overdue" and m["rectifications"][0]["exposure"] == "24190.00"
    assert all(e["clause"] != "九.3" for e in m["ledger"]["entries"])  # exposure shown, not charged
    failed = RECT + "verdict:\n  result: failed\n  by: 赵示例\n  at: 2024-11-12 10:00\n"
    m = run(repo, {"r.yaml": failed}, as_of="2024-11-30")
    entry = next(e for e in m["ledger"]["entries"] if e["clause"] == "九.3")
    assert entry["amount"] == "24190.00" and entry["date"] == "2024-11-12"


def test_first_payment_due_and_invoice_first(repo):
    m = run(repo, {}, as_of="2024-07-30")
    first = m["payments"][0]
    assert first["due"] == "2024-07-24" and first["amount"] == "193520.00"
    assert first["status"] == "awaiting_invoice"  # the client is not late while the invoice is missing


def test_short_personnel_notice(repo):
    base = "kind: staff\nschema_version: 1\nmembers:\n  - name: 周演示\n    roles: [项目经理, 技术经理, 软件开发工程师, UI设计师, 实施工程师, 服务工程师]\n    onsite: true\n"
    m = run(repo, {"a.yaml": "id: ST-1\neffective_from: 2024-07-13\n" + base,
                   "b.yaml": "id: ST-2\neffective_from: 2024-10-08\nchange_notice:\n  noticed_on: 2024-09-27\n"
                             "  summary: 更换\n  consent: {by: 赵示例, at: 2024-09-27 10:00}\n" + base}, as_of="2024-10-31")
    notice = m["staffing"]["notices"][0]
    assert notice["earliest_allowed"] == "2024-10-10" and notice["short"]
    assert m["staffing"]["gaps"] == []


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 400))
def test_delaying_arrival_never_lowers_the_penalty(tmp_path_factory, delay):
    import shutil
    repo = tmp_path_factory.mktemp("r")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    (repo / "records").mkdir()
    shutil.copy(ROOT / "records" / "contract.yaml", repo / "records" / "contract.yaml")

    def total(minutes: int) -> Decimal:
        arrived = at("2024-08-01 09:00") + timedelta(minutes=minutes)
        m = run(repo, {"a.yaml": ticket("T-1", "2024-08-01 09:00", "2024-08-01 09:01",
                                        onsite_requested_at="2024-08-01 09:00", arrived_at=arrived.strftime("%Y-%m-%d %H:%M"))})
        return sum((Decimal(e["amount"]) for e in m["ledger"]["entries"] if e["clause"] == "九.2"), Decimal(0))

    assert total(delay) <= total(delay + 30)


def test_demo_year_ledger_and_determinism_under_any_tz(tmp_path):
    outs = []
    for tz in ("UTC", "America/New_York", "Asia/Shanghai"):
        out = tmp_path / f"{tz.replace('/', '_')}.json"
        result = run_cli("metrics", "--no-history", "--as-of", "2025-07-31", "--out", str(out), cwd=ROOT, env={"TZ": tz})
        assert result.returncode == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert "九.2 计次：4 / 5（未达解除条件）" in result.stdout
    assert "合计：3693.30 元" in result.stdout
    gate = run_cli("metrics", "--no-history", "--as-of", "2025-07-31", "--out", str(tmp_path / "g.json"), "--fail-on", "breach", cwd=ROOT)
    assert gate.returncode == 1


def test_metrics_conform_to_their_schema():
    from jsonschema import Draft202012Validator, FormatChecker
    result = validate(ROOT / "records", SCHEMAS)
    m = compute(result.contract, result.records, date(2025, 7, 31))
    validator = Draft202012Validator(SCHEMAS.documents["metrics"], format_checker=FormatChecker())
    assert not list(validator.iter_errors(m))
    entry = m["ledger"]["entries"][0]
    entry_bad = {**m, "ledger": {**m["ledger"], "entries": [{**entry, "amount": "500"}]}}
    assert list(validator.iter_errors(entry_bad))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 600), st.integers(-300, 600), st.integers(1, 2000))
def test_adding_a_force_majeure_window_never_raises_a_penalty(tmp_path_factory, late, offset, length):
    import shutil
    repo = tmp_path_factory.mktemp("fm")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    (repo / "records").mkdir()
    shutil.copy(ROOT / "records" / "contract.yaml", repo / "records" / "contract.yaml")
    reported = at("2024-08-01 09:00")
    stamp = lambda t: t.strftime("%Y-%m-%d %H:%M")  # noqa: E731
    files = {"tickets/a.yaml": ticket("T-1", stamp(reported), stamp(reported + timedelta(minutes=5)), severity="emergency",
                                      onsite_requested_at=stamp(reported),
                                      arrived_at=stamp(reported + timedelta(minutes=100 + late)),
                                      resolved_at=stamp(reported + timedelta(minutes=200 + 2 * late)))}

    def total(extra: dict) -> Decimal:
        for old in (repo / "records" / "fm").glob("*.yaml"):
            old.unlink()
        m = run(repo, {**files, **extra}, as_of="2024-08-31")
        return Decimal(m["ledger"]["total"])

    start = reported + timedelta(minutes=offset)
    fm = "\n".join(["id: FM-20240801-sy-01", "kind: force_majeure", "schema_version: 1",
                    f"start: {stamp(start)}", f"end: {stamp(start + timedelta(minutes=length))}",
                    "event: 暴雨导致道路中断", "claimed_by: vendor", "noticed_on: 2024-08-02",
                    "confirmed_by_client: {by: 赵示例, at: 2024-08-03 10:00}",
                    "confirmed_by_vendor: {by: 孙演示, at: 2024-08-03 10:00}"]) + "\n"
    assert total({"fm/f.yaml": fm}) <= total({})
