"""Every page of the dashboard, from the metrics (what the engine concluded) and the records.

Each builder returns the page's HTML body; `generate` collects them into a
{docs path: (title, body)} map that `build` writes. Summary pages are few and
fixed (they are the navigation); records sit on one page per kind and month.
"""
from __future__ import annotations

import calendar
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from ..clock import calendar_months
from ..model import Record
from ..newrecord import KIND_DIRS
from ..schemas import SchemaSet
from ..workdays import CalendarGap, WorkingDays
from . import charts
from .html import Markup, esc, h, join
from .links import Linker, record_page
from .widgets import (RecordView, alert, badge, card, duration, money, record_links, section, table,
                      when)

KIND_NAMES = {
    "ticket": "工单", "inspection": "巡检", "change": "变更与发布", "security_scan": "安全检测",
    "certificate": "SSL 证书", "staff": "人员名单", "deliverable": "交付物", "rectification": "整改",
    "data_incident": "数据安全事件", "force_majeure": "不可抗力", "notice": "书面通知", "payment": "付款",
    "breach": "违约事件", "acceptance": "验收",
}
NAV = [  # (page, title) in menu order; mkdocs.yml lists the same pages
    ("index.md", "总览"), ("tickets.md", "工单"), ("inspections.md", "巡检"), ("changes.md", "变更与发布"),
    ("security.md", "安全"), ("staff.md", "人员"), ("rectifications.md", "整改"), ("deliverables.md", "交付物"),
    ("payments.md", "付款"), ("ledger.md", "违约金台账"), ("reports.md", "月度报告"), ("events.md", "通知与事件"),
    ("records.md", "全部记录"), ("audit.md", "审计"), ("acceptance.md", "验收"),
]
WEEKDAYS = "一二三四五六日"


@dataclass
class Site:
    metrics: dict
    records: list[Record]
    contract: dict
    schemas: SchemaSet
    served: set[str]
    audit: dict | None = None
    linker: Linker = field(init=False)
    view: RecordView = field(init=False)
    by_id: dict[str, Record] = field(init=False)
    by_page: dict[str, list[Record]] = field(init=False)

    def __post_init__(self) -> None:
        self.linker = Linker(self.records)
        self.view = RecordView(self.schemas.fields, self.linker, self.served)
        self.by_id = {r.id: r for r in self.records}
        self.by_page = defaultdict(list)
        for r in sorted(self.records, key=lambda r: (r.file, r.id)):
            self.by_page[record_page(r)].append(r)

    def link(self, here: str, page: str, text: Any, anchor: str | None = None) -> Markup:
        return h("a", {"href": self.linker.page(here, page, anchor)}, text)

    def rec(self, here: str, record_id: str) -> Markup:
        href = self.linker.record(here, record_id)
        return h("a", {"href": href}, record_id) if href else esc(record_id)

    def months(self) -> list[str]:
        """Calendar months the term touches (records outside them are still on 全部记录)."""
        start, end = (date.fromisoformat(self.metrics["contract"]["term"][k]) for k in ("start", "end"))
        return [f"{d:%Y-%m}" for d in calendar_months(start, end)]

    def counts(self, kind: str) -> Counter:
        """Records of a kind per month (folder month)."""
        return Counter({page.split("/")[1][:-3]: len(recs) for page, recs in self.by_page.items() if recs[0].kind == kind})


def plan(site: Site) -> list[tuple[str, str, Callable[[], Markup]]]:
    """Every page as (docs path, title, how to make its body), so pages can be made in any process."""
    builders: dict[str, Callable[[Site, str], Markup]] = {
        "index.md": overview, "tickets.md": tickets, "inspections.md": inspections, "changes.md": changes,
        "security.md": security, "staff.md": staff, "rectifications.md": rectifications,
        "deliverables.md": deliverables, "payments.md": payments, "ledger.md": ledger, "reports.md": reports,
        "events.md": events, "records.md": all_records, "audit.md": audit, "acceptance.md": acceptance,
    }
    out = [(path, title, functools.partial(builders[path], site, path)) for path, title in NAV]
    for page, recs in site.by_page.items():
        month = page[:-3].split("/")[1]
        kind = recs[0].kind
        title = f"{KIND_NAMES.get(kind, kind)} · {month if month != 'all' else '全部'}"
        out.append((page, title, functools.partial(record_list, site, page, kind, recs)))
    for month in site.months():
        page = f"reports/{month}.md"
        out.append((page, f"月度报告 · {month}", functools.partial(monthly_report, site, page, month)))
    return out


def generate(site: Site) -> dict[str, tuple[str, Markup]]:
    return {path: (title, make()) for path, title, make in plan(site)}


# ---------------------------------------------------------------- overview

def overview(site: Site, here: str) -> Markup:
    m, c = site.metrics, site.metrics["contract"]
    prog = c["term_progress"]
    pct = 100 * prog["days_elapsed"] / max(prog["days_total"], 1)
    head = h("div", {"class": "lv-contract"},
             h("p", None, h("strong", None, c["title"]), "（合同编号 ", c["id"], "）"),
             h("p", None, "甲方：", c["client"], "　乙方：", c["vendor"]),
             h("p", None, "服务期 ", c["term"]["start"], " 至 ", c["term"]["end"], "　合同金额 ", money(c["value"]), " 元",
               "　统计日 ", h("strong", None, m["as_of"])),
             h("div", {"class": "lv-progress", "role": "progressbar", "aria-valuenow": f"{pct:.0f}",
                       "aria-valuemin": "0", "aria-valuemax": "100"},
               h("div", {"class": "lv-progress-bar", "style": f"width:{pct:.1f}%"})),
             h("p", {"class": "lv-muted"}, f"服务期已过 {prog['days_elapsed']} / {prog['days_total']} 天（{pct:.0f}%）"))
    alerts = []
    n2 = m["nine_two"]
    if n2["terminable"]:
        alerts.append(alert("danger", "甲方可解除合同",
                            h("p", None, f"九.2 累计 {n2['count']} 次，已达 {n2['threshold']} 次。", site.link(here, "ledger.md", "查看台账", "nine-two"))))
    if m["upcoming"]:
        alerts.append(alert("warning", "未来 7 天到期", h("ul", None, [
            h("li", None, u["due"], "　", u["what"], "（", u["clause"], "）") for u in m["upcoming"]])))
    if m["nonconformities"]:
        alerts.append(alert("note", f"不符合项 {len(m['nonconformities'])} 项",
                            h("p", None, "不产生违约金，但计入履约评价。", site.link(here, "ledger.md", "查看明细", "nonconformities"))))
    cards = []
    for rule in m["service_levels"]["rules"]:
        tone = "ok" if rule["breached"] == 0 else "warn"
        cards.append(card(rule["name"], f"{rule['compliance']}%" if rule["compliance"] is not None else "—",
                          f"{rule['met']}/{rule['met'] + rule['breached']} 达标 · {rule['clause']}",
                          site.linker.page(here, "tickets.md", f"sla-{rule['key']}"), tone))
    cards.append(card("九.2 到场/修复违约", f"{n2['count']} / {n2['threshold']}", "达到上限甲方可解约",
                      site.linker.page(here, "ledger.md", "nine-two"),
                      "bad" if n2["terminable"] else ("warn" if n2["count"] else "ok")))
    led = m["ledger"]
    cards.append(card("违约金累计", f"{money(led['total'])} 元", f"{len(led['entries'])} 笔",
                      site.linker.page(here, "ledger.md"), "warn" if led["entries"] else "ok"))
    for s in m["schedules"]:
        tone = "bad" if s["missing"] else ("warn" if s["done"] > s["on_time"] else "ok")
        cards.append(card(s["name"], f"{s['done']} / {s['due']}", f"按时 {s['on_time']} · 未完成 {s['missing']}",
                          site.linker.page(here, "inspections.md" if s["key"] not in ("security_testing",) else "security.md",
                                           f"s-{s['key']}"), tone))
    dl = m["deliverables"]
    cards.append(card("交付物", f"{sum(d['status'] in ('done', 'late') for d in dl)} / {len(dl)}",
                      f"逾期 {sum(d['status'] in ('late', 'missing') for d in dl)} 项",
                      site.linker.page(here, "deliverables.md"),
                      "bad" if any(d["status"] == "missing" for d in dl) else "ok"))
    open_rect = [r for r in m["rectifications"] if r["status"] in ("open", "overdue")]
    cards.append(card("未关闭整改", str(len(open_rect)), f"共 {len(m['rectifications'])} 项",
                      site.linker.page(here, "rectifications.md"),
                      "bad" if any(r["status"] == "overdue" for r in open_rect) else ("wait" if open_rect else "ok")))
    cert = m["certificates"]
    left = cert["days_left"]
    cards.append(card("SSL 证书剩余天数", "无有效证书" if left is None else str(left),
                      f"有效至 {when(cert['valid_until'])}", site.linker.page(here, "security.md", "certificate"),
                      "bad" if left is None or left <= 0 else ("warn" if cert["warn"] else "ok")))
    if site.audit is not None:
        a = site.audit
        found = len(a["late"]) + len(a["restatements"]) + len(a["unauthorised"])
        cards.append(card("审计发现", str(found), f"补录 {len(a['late'])} · 更正 {len(a['restatements'])} · 越权 {len(a['unauthorised'])}",
                          site.linker.page(here, "audit.md"), "warn" if found else "ok"))
        if a["unauthorised"]:
            alerts.append(alert("warning", f"{len(a['unauthorised'])} 项甲方决定不是由甲方提交的",
                                h("p", None, "这些决定不计入违约金和履约计算。", site.link(here, "audit.md", "查看审计", "unauthorised"))))
    paid = sum(Decimal(p["paid_amount"] or 0) for p in m["payments"])
    cards.append(card("已付款", f"{money(paid)} 元", f"合同金额 {money(c['value'])} 元", site.linker.page(here, "payments.md")))
    return join([head, alerts, h("div", {"class": "lv-cards"}, cards),
                 section("trend", "趋势", ticket_chart(site), penalty_chart(site))])


def ticket_chart(site: Site) -> Markup:
    months = site.months()
    met, bad = Counter(), Counter()
    for r in site.metrics["service_levels"]["results"]:
        if r["status"] in ("breached", "open_breached"):
            bad[r["month"]] += 1
        elif r["status"] == "met":
            met[r["month"]] += 1
    return charts.bars("每月服务时限考核（次）", months,
                       [("达标", [met[x] for x in months], "s-ok"), ("超时", [bad[x] for x in months], "s-bad")])


def penalty_chart(site: Site) -> Markup:
    months = site.months()
    per = {row["month"]: Decimal(row["amount"]) for row in site.metrics["ledger"]["by_month"]}
    total, values = Decimal(0), []
    for x in months:
        total += per.get(x, Decimal(0))
        values.append(total)
    return charts.steps("违约金累计（元）", months, values)


# ---------------------------------------------------------------- tickets

def tickets(site: Site, here: str) -> Markup:
    m = site.metrics["service_levels"]
    rules = []
    for rule in m["rules"]:
        rules.append(h("div", {"id": f"sla-{rule['key']}", "class": "lv-rule"},
                       h("h3", None, rule["name"], "（", rule["clause"], "）"),
                       h("p", None, f"时限 {duration(rule['limit_s'])}，{'7×24 小时连续' if rule['clock'] == '24x7' else '工作日工作时间'}计时。",
                         rule["reading"]),
                       h("p", None, f"考核 {rule['total']} 次：达标 {rule['met']}，超时 {rule['breached']}，进行中 {rule['open']}；达标率 ",
                         h("strong", None, f"{rule['compliance']}%" if rule["compliance"] is not None else "—"))))
    months = site.months()
    count = site.counts("ticket")
    per = defaultdict(Counter)
    for r in m["results"]:
        per[r["month"]][r["status"]] += 1
    rows = []
    for month in months:
        c = per[month]
        total = c["met"] + c["breached"] + c["open_breached"]
        page = f"{KIND_DIRS['ticket']}/{month}.md"
        rows.append([site.link(here, page, month) if page in site.by_page else esc(month), count[month],
                     c["met"], c["breached"] + c["open_breached"], c["open"],
                     f"{100 * c['met'] / total:.1f}%" if total else "—"])
    missed = [r for r in m["results"] if r["status"] in ("breached", "open_breached")]
    return join([section("sla", "服务时限", rules),
                 section("monthly", "按月", ticket_chart(site),
                         table(["月份", "工单数", "达标", "超时", "进行中", "达标率"], rows)),
                 section("breached", "超时明细", result_table(site, here, missed))])


LIST_LIMIT = 200  # rows of a detail list on a summary page; the rest are on the month pages


def result_table(site: Site, here: str, results: list[dict]) -> Markup:
    names = {r["key"]: r["name"] for r in site.metrics["service_levels"]["rules"]}
    more = (h("p", {"class": "lv-muted"}, f"只列出前 {LIST_LIMIT} 条，另有 {len(results) - LIST_LIMIT} 条见各月工单页。")
            if len(results) > LIST_LIMIT else "")
    results = results[:LIST_LIMIT]
    return more + table(["工单", "考核项", "条款", "起算", "截止", "实际", "用时", "超出", "状态"], [
        [site.rec(here, r["ticket"]), names.get(r["rule"], r["rule"]), r["clause"], when(r["start"]), when(r["deadline"]),
         when(r["stop"]), duration(r["elapsed_s"]), duration(r["overrun_s"]) if r["overrun_s"] else "—", badge(r["status"])]
        for r in results], empty="（没有超时）")


# ---------------------------------------------------------------- inspections

def schedule_block(site: Site, here: str, s: dict) -> Markup:
    rows = [[p["start"] + " 至 " + p["due"] if p["start"] != p["due"] else p["due"], badge(p["status"]),
             p.get("done") or "—", p["days_late"] or "—",
             site.rec(here, p["evidence"]["id"]) if p.get("evidence") else "—"] for p in s["periods"]]
    return h("div", {"id": f"s-{s['key']}", "class": "lv-schedule"},
             h("h3", None, s["name"], "（", s["clause"], "）"),
             h("p", None, s.get("reading", ""), f" 应完成 {s['due']}，已完成 {s['done']}，按时 {s['on_time']}，未完成 {s['missing']}。",
               f"逾期按 {s['penalty']} 计违约金。" if s.get("penalty") else "缺失计为不符合项。"),
             table(["周期", "状态", "完成日", "逾期天数", "证据"], rows))


def inspections(site: Site, here: str) -> Markup:
    by_key = {s["key"]: s for s in site.metrics["schedules"]}
    blocks = []
    if "daily_check" in by_key:
        blocks.append(section("s-daily_check", "日常检查日历", daily_calendar(site, here, by_key["daily_check"]),
                              coverage_chart(site, by_key["daily_check"])))
    others = [schedule_block(site, here, s) for k, s in by_key.items() if k not in ("daily_check", "security_testing")]
    blocks.append(section("scheduled", "定期巡检与检查", others))
    blocks.append(section("findings", "全面检查发现的问题", findings(site, here)))
    return join(blocks)


def coverage_chart(site: Site, s: dict) -> Markup:
    months = site.months()
    done, miss = Counter(), Counter()
    for p in s["periods"]:
        if p["status"] in ("done", "late"):
            done[p["due"][:7]] += 1
        elif p["status"] == "missing":
            miss[p["due"][:7]] += 1
    return charts.bars("每月日常检查（工作日）", months,
                       [("已检查", [done[x] for x in months], "s-ok"), ("缺失", [miss[x] for x in months], "s-bad")])


def daily_calendar(site: Site, here: str, s: dict) -> Markup:
    """One month grid per service month: working days coloured by check status, rest and make-up days marked."""
    status = {p["due"]: p for p in s["periods"]}
    days = WorkingDays.from_contract(site.contract["calendar"])
    start, end = (date.fromisoformat(site.metrics["contract"]["term"][k]) for k in ("start", "end"))
    grids = []
    for month in site.months():
        y, mo = int(month[:4]), int(month[5:])
        cells = [h("th", None, w) for w in WEEKDAYS]
        rows, row = [], [h("td", {"class": "lv-day lv-blank"}) for _ in range(date(y, mo, 1).weekday())]
        for d in range(1, calendar.monthrange(y, mo)[1] + 1):
            day = date(y, mo, d)
            p = status.get(day.isoformat())
            try:
                working = days.is_working(day)
            except CalendarGap:
                working = None
            cls, tip = ["lv-day"], [day.isoformat()]
            if not (start <= day <= end):
                cls.append("lv-out")
                tip.append("服务期外")
            elif p:
                cls.append(f"lv-{p['status']}")
                tip.append({"done": "已检查", "late": "补做", "missing": "缺失", "pending": "未到"}.get(p["status"], p["status"]))
            elif working is None:
                cls.append("lv-unknown")
                tip.append("日历未覆盖")
            elif not working:
                cls.append("lv-rest")
                tip.append("休息日")
            if working and day.weekday() >= 5:
                cls.append("lv-makeup")
                tip.append("调休上班")
            label = str(d)
            content = (h("a", {"href": site.linker.record(here, p["evidence"]["id"])}, label)
                       if p and p.get("evidence") else esc(label))
            row.append(h("td", {"class": " ".join(cls), "title": " ".join(tip)}, content))
            if len(row) == 7:
                rows.append(h("tr", None, row))
                row = []
        if row:
            rows.append(h("tr", None, row + [h("td", {"class": "lv-day lv-blank"}) for _ in range(7 - len(row))]))
        grids.append(h("table", {"class": "lv-cal"}, h("caption", None, month), h("thead", None, h("tr", None, cells)),
                       h("tbody", None, rows)))
    legend = h("p", {"class": "lv-legend"}, [h("span", {"class": f"lv-day {c}"}, t) for c, t in (
        ("lv-done", "已检查"), ("lv-late", "补做"), ("lv-missing", "缺失"), ("lv-pending", "未到"),
        ("lv-rest", "休息日"), ("lv-makeup lv-done", "调休上班日"), ("lv-out", "服务期外"))])
    return join([legend, h("div", {"class": "lv-cals"}, grids)])


def findings(site: Site, here: str) -> Markup:
    rows = []
    for rec in sorted((r for r in site.records if r.kind == "inspection" and r.get("findings")), key=lambda r: r.id):
        info = site.view.fields(rec.kind)
        for f in rec["findings"]:
            shot = site.view.attachment(here, f["screenshot"]) if f.get("screenshot") else "—"
            rows.append([h("a", {"href": site.linker.page(here, record_page(rec), f.get("id"))}, f.get("id", rec.id)),
                         site.rec(here, rec.id),
                         site.view.value(here, info, ("findings", "*", "url"), f.get("url")) if f.get("url") else "—",
                         f.get("description", ""),
                         site.view.value(here, info, ("findings", "*", "severity"), f["severity"]) if f.get("severity") else "—",
                         site.view.value(here, info, ("findings", "*", "status"), f["status"]) if f.get("status") else "—",
                         shot])
    return table(["编号", "巡检", "网址", "问题描述", "严重程度", "状态", "截图"], rows, "lv-findings")


# ---------------------------------------------------------------- other summaries

def monthly_index(site: Site, here: str, kind: str, chart_title: str) -> Markup:
    months = site.months()
    count = site.counts(kind)
    rows = [[site.link(here, f"{KIND_DIRS[kind]}/{x}.md", x) if count[x] else esc(x), count[x]] for x in months]
    return join([charts.bars(chart_title, months, [("数量", [count[x] for x in months], "s-info")]),
                 table(["月份", "记录数"], rows)])


def changes(site: Site, here: str) -> Markup:
    recs = [r for r in site.records if r.kind == "change"]
    info = site.view.fields("change")
    by_type = Counter(info[("type",)].label(r.get("type")) if ("type",) in info else r.get("type") for r in recs)
    return join([section("monthly", "按月", monthly_index(site, here, "change", "每月变更与发布（项）")),
                 section("types", "按类型", table(["类型", "数量"], sorted(by_type.items(), key=lambda kv: -kv[1])))])


def security(site: Site, here: str) -> Markup:
    by_key = {s["key"]: s for s in site.metrics["schedules"]}
    vulns, open_by_sev = [], Counter()
    info = site.view.fields("security_scan")
    for rec in sorted((r for r in site.records if r.kind == "security_scan"), key=lambda r: r.id):
        for v in rec.get("findings") or []:
            sev = info[("findings", "*", "severity")].label(v.get("severity")) if ("findings", "*", "severity") in info else v.get("severity")
            if v.get("status") != "fixed":
                open_by_sev[sev] += 1
                vulns.append([h("a", {"href": site.linker.page(here, record_page(rec), v.get("id"))}, v.get("id")),
                              site.rec(here, rec.id), v.get("title", ""), sev,
                              site.view.value(here, info, ("findings", "*", "status"), v.get("status"))])
    cert = site.metrics["certificates"]
    cert_rows = [[site.rec(here, c["id"]), c["domain"], c["issuer"], when(c["not_before"]), when(c["not_after"])]
                 for c in cert["certificates"]]
    gaps = [[g["from"], g["to"]] for g in cert["gaps"]]
    blocks = [section("scans", "安全检测", schedule_block(site, here, by_key["security_testing"]) if "security_testing" in by_key else "",
                      monthly_index(site, here, "security_scan", "每月安全检测（次）")),
              section("vulns", "未修复漏洞", table(["严重程度", "数量"], sorted(open_by_sev.items())),
                      table(["编号", "检测", "漏洞", "严重程度", "状态"], vulns, empty="（没有未修复的漏洞）")),
              section("certificate", "SSL 证书",
                      h("p", None, f"当前有效至 {when(cert['valid_until'])}，剩余 {cert['days_left']} 天。"
                        if cert["days_left"] is not None else "没有有效证书的记录。",
                        "距到期不足 30 天，须尽快续期。" if cert["warn"] else ""),
                      table(["记录", "域名", "签发机构", "生效", "到期"], cert_rows),
                      table(["无有效证书起", "至"], gaps, empty="（服务期内证书始终有效）"))]
    return join(blocks)


def staff(site: Site, here: str) -> Markup:
    st = site.metrics["staffing"]
    rosters = [h("div", {"class": "lv-roster"},
                 h("h3", None, r["effective_from"], " 起生效 · ", site.rec(here, r["id"])),
                 table(["姓名", "岗位", "驻场"], [[x["name"], "、".join(x["roles"]), "是" if x["onsite"] else "—"]
                                               for x in r["members"]])) for r in st["rosters"]]
    notices = [[site.rec(here, n["id"]), n["noticed_on"], n["effective_from"], n["earliest_allowed"],
                badge("late") if n["short"] else badge("done"), "是" if n["consent"] else "否", n["summary"]]
               for n in st["notices"]]
    gaps = [[g["from"], g["to"], "、".join(g["missing"])] for g in st["gaps"]]
    return join([section("roster", "团队名单（按生效时间）", rosters),
                 section("notices", "人员变动通知", table(["记录", "通知日", "生效日", "最早可生效日", "提前量", "甲方同意", "说明"], notices)),
                 section("gaps", "岗位空缺", table(["起", "止", "空缺岗位"], gaps, empty="（服务期内各岗位均有人）"))])


def rectifications(site: Site, here: str) -> Markup:
    rows = [[site.rec(here, r["id"]), when(r["raised"]), when(r["deadline"]), when(r["completed"]), badge(r["status"]),
             money(r["exposure"]) if r["exposure"] != "0.00" else "—", r["requirement"]] for r in site.metrics["rectifications"]]
    return section("list", "整改通知", h("p", None, "逾期未整改期间显示按 九.3 可能承担的违约金（合同金额 10%）；甲方结论为拒绝或不合格时计入台账。"),
                   table(["整改", "提出", "期限", "完成", "状态", "违约金风险（元）", "要求"], rows))


def deliverables(site: Site, here: str) -> Markup:
    rows = [[d["name"], d["clause"], d["due"] or "—", d["delivered"] or "—", badge(d["status"]), d["days_late"] or "—",
             site.rec(here, d["evidence"]["id"]) if d.get("evidence") else "—", d.get("reading", "")]
            for d in site.metrics["deliverables"]]
    return section("list", "合同约定的交付物", table(["交付物", "条款", "到期", "交付", "状态", "逾期天数", "证据", "约定"], rows))


def payments(site: Site, here: str) -> Markup:
    rows = [[p["name"], p["clause"], money(p["amount"]), p["due"] or "—", p["invoice"] or "—", p["paid"] or "—",
             money(p["paid_amount"]) if p["paid_amount"] else "—", badge(p["status"]), record_links(here, site.linker, p["records"])]
            for p in site.metrics["payments"]]
    return section("list", "付款节点", table(["节点", "条款", "金额（元）", "应付日", "发票", "支付日", "实付（元）", "状态", "记录"], rows))


def ledger(site: Site, here: str) -> Markup:
    led, n2 = site.metrics["ledger"], site.metrics["nine_two"]
    by_clause = table(["条款", "事由", "笔数", "金额（元）"],
                      [[r["clause"], r["name"], r["count"], money(r["amount"])] for r in led["by_clause"]]
                      + [[h("strong", None, "合计"), "", len(led["entries"]), h("strong", None, money(led["total"]))]])
    entries = table(["#", "日期", "条款", "事项", "计算", "金额（元）", "累计（元）", "依据记录"], [
        [i, e["date"], e["clause"], e["subject"], e["formula"], money(e["amount"]), money(e["cumulative"]),
         record_links(here, site.linker, e["records"])] for i, e in enumerate(led["entries"], 1)], "lv-ledger")
    names = {r["key"]: r["name"] + "超时" for r in site.metrics["service_levels"]["rules"]}
    names["inadequate"] = "甲方认定维护不到位"
    occ = table(["次数", "日期", "工单", "原因"], [[o["n"], o["date"], site.rec(here, o["ticket"]), "、".join(
        names.get(x, x) for x in o["reasons"])] for o in n2["occurrences"]])
    ncs = table(["日期", "条款", "事项", "依据记录"], [
        [n["date"], n["clause"], n["subject"], record_links(here, site.linker, n["records"])] for n in site.metrics["nonconformities"]])
    return join([h("p", {"class": "lv-muted"}, f"统计日 {site.metrics['as_of']}。每一笔违约金列出条款、计算方法、发生日期和所依据的记录。"),
                 section("by-clause", "按条款汇总", by_clause),
                 section("entries", "台账明细", entries),
                 section("trend", "累计趋势", penalty_chart(site)),
                 section("nine-two", f"九.2 计数：{n2['count']} / {n2['threshold']}",
                         h("p", None, n2["reading"]), occ,
                         alert("danger", "已达解约条件", h("p", None, "甲方有权解除合同。")) if n2["terminable"] else ""),
                 section("nonconformities", "不符合项（不计违约金）", ncs)])


def events(site: Site, here: str) -> Markup:
    inc = site.metrics["incidents"]
    notices = table(["记录", "方式", "事由", "发出", "视为送达"], [
        [site.rec(here, n["id"]), n["method"], n["subject"], when(n["sent"]), n.get("delivered") or "—"] for n in inc["notices"]])
    leaks = table(["记录", "报告时限", "报告时间", "状态", "缺少的内容"], [
        [site.rec(here, x["id"]), when(x["deadline"]), when(x["reported"]), badge("late" if x["late"] else "done"),
         "、".join(x["missing_items"]) or "—"] for x in inc["data_leaks"]], empty="（无数据安全事件）")
    fm = table(["记录", "开始", "结束", "通知期限", "通知", "证明", "双方确认"], [
        [site.rec(here, x["id"]), when(x["start"]), when(x["end"]), x["notice_due"], badge("late" if x["late_notice"] else "done"),
         "有" if x["proof"] else "缺", "是" if x["confirmed"] else "否（不暂停计时）"] for x in inc["force_majeure"]],
        empty="（无不可抗力）")
    breaches = table(["记录", "条款", "违约金（元）", "退还已收款项"], [
        [site.rec(here, b["id"]), b["clause"], money(b["amount"]), "是" if b["refund"] else "—"] for b in site.metrics["breaches"]],
        empty="（无违约事件）")
    return join([section("notices", "书面通知", notices), section("leaks", "数据安全事件", leaks),
                 section("force-majeure", "不可抗力", fm), section("breaches", "违约事件", breaches)])


def all_records(site: Site, here: str) -> Markup:
    months = sorted({p.split("/")[1][:-3] for p in site.by_page})
    kinds = [k for k in KIND_DIRS if any(r.kind == k for r in site.records)]
    grid = defaultdict(int)
    for page, recs in site.by_page.items():
        grid[(recs[0].kind, page.split("/")[1][:-3])] = len(recs)
    rows = [[KIND_NAMES.get(k, k)] + [site.link(here, f"{KIND_DIRS[k]}/{x}.md", grid[(k, x)]) if grid[(k, x)] else ""
                                      for x in months] for k in kinds]
    return section("matrix", f"共 {len(site.records)} 条记录", table(["类型"] + months, rows, "lv-matrix"))


def audit(site: Site, here: str) -> Markup:
    if site.audit is None:
        return alert("info", "审计信息", h("p", None, "本页根据 git 提交历史显示每条记录由谁、何时录入，补录、月结后修改、越权决定和未签名提交。"
                                                     "当前构建没有读取提交历史。"))
    from .audit_pages import audit_page
    return audit_page(site, here)


def acceptance(site: Site, here: str) -> Markup:
    m, c = site.metrics, site.metrics["contract"]
    accepted = [r for r in site.records if r.kind == "acceptance"]
    dl = m["deliverables"]
    open_rect = [r for r in m["rectifications"] if r["status"] in ("open", "overdue", "awaiting_verdict")]
    ready = [
        ("服务期", c["term_progress"]["days_elapsed"] >= c["term_progress"]["days_total"],
         f"{c['term']['start']} 至 {c['term']['end']}，已过 {c['term_progress']['days_elapsed']}/{c['term_progress']['days_total']} 天"),
        ("交付物", all(d["status"] in ("done", "late") for d in dl), f"{sum(d['status'] in ('done', 'late') for d in dl)}/{len(dl)} 项已交付"),
        ("整改", not open_rect, f"未关闭 {len(open_rect)} 项"),
        ("定期工作", not any(s["missing"] for s in m["schedules"]), f"缺失 {sum(s['missing'] for s in m['schedules'])} 次"),
        ("不符合项", not m["nonconformities"], f"{len(m['nonconformities'])} 项（不影响金额，计入履约评价）"),
    ]
    if site.audit is not None:
        a = site.audit
        ready.append(("记录可信度", not (a["restatements"] or a["unauthorised"]),
                      f"月结后更正 {len(a['restatements'])} 项，越权决定 {len(a['unauthorised'])} 项，补录 {len(a['late'])} 项"))
    rows = [[name, badge("ready" if ok else "not_ready"), note] for name, ok, note in ready]
    results = [[site.rec(here, r.id), r.get("held_on") or "—", site.view.value(here, site.view.fields("acceptance"),
                                                                                ("result", "outcome"), (r.get("result") or {}).get("outcome")) if r.get("result") else "待验收"]
               for r in accepted]
    paid = sum(Decimal(p["paid_amount"] or 0) for p in m["payments"])
    last = accepted[-1] if accepted else None
    form = table(["项目", "内容"], [
        ["项目名称", c["title"]], ["合同编号", c["id"]], ["采购人（甲方）", c["client"]], ["供应商（乙方）", c["vendor"]],
        ["服务期限", f"{c['term']['start']} 至 {c['term']['end']}"], ["合同金额", f"{money(c['value'])} 元"],
        ["已支付", f"{money(paid)} 元"], ["违约金合计（可从应付款中扣除）", f"{money(m['ledger']['total'])} 元"],
        ["服务时限达标率", "；".join(f"{r['name']} {r['compliance']}%" for r in m["service_levels"]["rules"] if r["compliance"] is not None)],
        ["定期工作", "；".join(f"{s['name']} {s['done']}/{s['due']}" for s in m["schedules"])],
        ["交付物", f"{sum(d['status'] in ('done', 'late') for d in dl)}/{len(dl)} 项，逾期 {sum(d['status'] == 'late' for d in dl)} 项"],
        ["验收日期", (last.get("held_on") if last else None) or "—"],
        ["参加人员", "、".join(last.get("attendees") or []) if last else "—"],
        ["验收结论", site.view.fields("acceptance")[("result", "outcome")].label(last["result"]["outcome"])
         if last and last.get("result") else "待验收"],
        ["验收单份数", str(site.contract.get("acceptance", {}).get("copies", "—"))],
    ])
    blocks = [section("readiness", "验收准备", table(["项目", "状态", "说明"], rows)),
              section("result", "验收记录", table(["记录", "验收日", "结论"], results, empty="（尚未验收）")),
              section("form", "政府采购履约验收单所需信息", h("p", {"class": "lv-muted"}, f"数据截至统计日 {m['as_of']}，可打印后填入验收单。"), form),
              section("ledger", "最终违约金", h("p", None, f"截至 {m['as_of']} 违约金合计 {money(m['ledger']['total'])} 元，"
                                                       f"不符合项 {len(m['nonconformities'])} 项。", site.link(here, "ledger.md", "查看台账")))]
    if site.audit is not None:
        from .audit_pages import seal_block
        blocks.append(seal_block(site, here))
    return join(blocks)


def reports(site: Site, here: str) -> Markup:
    return section("list", "月度报告", h("p", None, "每月一页，可直接打印（A4）。"),
                   h("ul", {"class": "lv-months"}, [h("li", None, site.link(here, f"reports/{x}.md", x)) for x in site.months()]))


def monthly_report(site: Site, here: str, month: str) -> Markup:
    m = site.metrics
    results = [r for r in m["service_levels"]["results"] if r["month"] == month]
    c = Counter(r["status"] for r in results)
    sched_rows = []
    for s in m["schedules"]:
        ps = [p for p in s["periods"] if p["due"][:7] == month]
        if ps:
            sched_rows.append([s["name"], len(ps), sum(p["status"] in ("done", "late") for p in ps),
                               sum(p["status"] == "missing" for p in ps)])
    entries = [e for e in m["ledger"]["entries"] if e["date"][:7] == month]
    ncs = [n for n in m["nonconformities"] if n["date"][:7] == month]
    kinds = Counter(r.kind for p, recs in site.by_page.items() if p.endswith(f"/{month}.md") for r in recs)
    return join([
        h("p", None, m["contract"]["title"], "（", m["contract"]["id"], "）", f" {month} 履约情况，统计日 {m['as_of']}。"),
        section("sla", "服务时限", h("p", None, f"考核 {len(results)} 次：达标 {c['met']}，超时 {c['breached'] + c['open_breached']}，进行中 {c['open']}。"),
                result_table(site, here, [r for r in results if r["status"] in ("breached", "open_breached")])),
        section("scheduled", "定期工作", table(["项目", "应完成", "已完成", "缺失"], sched_rows)),
        section("records", "本月记录", table(["类型", "数量"], [
            [site.link(here, f"{KIND_DIRS[k]}/{month}.md", KIND_NAMES.get(k, k)), n] for k, n in sorted(kinds.items())])),
        section("penalties", "本月违约金", table(["日期", "条款", "事项", "计算", "金额（元）", "依据"], [
            [e["date"], e["clause"], e["subject"], e["formula"], money(e["amount"]), record_links(here, site.linker, e["records"])]
            for e in entries], empty="（本月无违约金）"),
                table(["日期", "条款", "不符合项", "依据"], [[n["date"], n["clause"], n["subject"], record_links(here, site.linker, n["records"])]
                                                        for n in ncs], empty="（本月无不符合项）"))])


# ---------------------------------------------------------------- record pages

def record_list(site: Site, here: str, kind: str, recs: list[Record]) -> Markup:
    results = defaultdict(list)
    if kind == "ticket":
        for r in site.metrics["service_levels"]["results"]:
            results[r["ticket"]].append(r)
    names = {r["key"]: r["name"] for r in site.metrics["service_levels"]["rules"]}
    cards = []
    for rec in recs:
        extra = None
        if results.get(rec.id):
            extra = table(["考核项", "起算", "截止", "实际", "用时", "状态"], [
                [names.get(r["rule"], r["rule"]), when(r["start"]), when(r["deadline"]), when(r["stop"]),
                 duration(r["elapsed_s"]), badge(r["status"])] for r in results[rec.id]], "lv-clocks")
        headline = rec.get("title") or rec.get("summary") or rec.get("name") or rec.get("subject") or ""
        if site.audit is not None:
            from .audit_pages import provenance_line
            extra = join([extra, provenance_line(site, rec.id)])
        cards.append(site.view.card(here, rec, extra, headline))
    index = h("p", {"class": "lv-index"}, join([h("a", {"href": site.linker.page(here, here, r.id)}, r.id) for r in recs], " · "))
    return join([h("p", None, f"共 {len(recs)} 条。", site.link(here, "records.md", "全部记录")), index, cards])
