"""A deterministic, realistic year of records for the demo contract.

Reads the contract data (term, people, deliverables) from records/contract.yaml
and writes a full service year into `out`: daily checks on every working day,
monthly and full inspections with findings and real PNG screenshots, about
150 tickets with a few service-level misses, changes and releases, monthly
security scans, a certificate renewal, a personnel change noticed too late, a
rectification, deliverables (one late), both payments and the acceptance.
The same seed gives the same bytes. Everyone in it is fictional.
"""
from __future__ import annotations

import random
import struct
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from .clock import add_months, month_periods
from .newrecord import KIND_DIRS
from .workdays import WorkingDays
from .yamlload import Document, load_file
from .yamlwrite import dump

SITE = "https://www.hrss.example.gov.cn"
PAGES = ["/", "/zwgk/tzgg/", "/bsfw/shbx/", "/zwgk/zcjd/", "/hdjl/zxzx/", "/zwgk/rsxx/", "/bsfw/jyfw/",
         "/ztzl/", "/zwgk/zfxxgk/", "/bsfw/rcfw/"]
FAULTS = ["首页轮播图不显示", "政策解读栏目打不开", "在线咨询提交失败", "附件下载报 404", "搜索结果为空",
          "页面排版错乱", "办事指南链接失效", "图片加载缓慢", "站点访问超时", "统计数据显示异常"]
REQUESTS = ["发布节日专题图片", "调整通知公告栏目顺序", "更新办事指南内容", "导出月度访问统计", "替换首页宣传图",
            "新增政策文件附件", "修改栏目名称", "处理错别字", "下架过期通知", "制作活动专题页"]
FINDINGS = [("link_availability", "页面存在断链"), ("wording", "页面存在错别字"), ("content_update", "栏目超过 2 周未更新"),
            ("interpretation", "政策文件缺少解读"), ("services", "办事指南要素不全"), ("interaction", "留言超期未回复"),
            ("function", "站内搜索无法检索附件"), ("site_availability", "二级页面偶发 502"), ("security", "后台登录页暴露版本号")]
VULNS = [("CVE-2024-38816", None, "Spring Framework 路径遍历", "high"),
         ("CVE-2024-21733", None, "Tomcat 信息泄露", "medium"),
         (None, "CNVD-2024-30211", "某 CMS 组件 SQL 注入", "high"),
         ("CVE-2024-45801", None, "DOMPurify 原型污染导致 XSS", "medium"),
         (None, "CNVD-2025-01873", "jQuery 组件跨站脚本", "low"),
         ("CVE-2025-24813", None, "Tomcat 部分 PUT 远程代码执行", "critical")]


def png(width: int, height: int, seed: int) -> bytes:
    """A small real PNG: a mock page with a header bar and text lines."""
    rng = random.Random(seed)
    header = (rng.randrange(40, 200), rng.randrange(40, 120), rng.randrange(120, 220))
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if y < height // 6:
                px = header
            elif (y // 4) % 2 == 0 and 4 < x < width - 4 and x < width * (0.5 + 0.4 * ((y * 7) % 5) / 5):
                px = (120, 120, 120)
            else:
                px = (250, 250, 248)
            if y in (height // 2, height // 2 + 1) and width // 4 < x < width // 2:
                px = (220, 30, 30)  # the marked problem
            row += bytes(px)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


class Demo:
    def __init__(self, contract: dict, out: Path, seed: int):
        self.c = contract
        self.out = out
        self.rng = random.Random(seed)
        self.tz = ZoneInfo(contract["time_zone"])
        self.start = date.fromisoformat(contract["term"]["start"])
        self.end = date.fromisoformat(contract["term"]["end"])
        self.days = WorkingDays.from_contract(
            {**contract["calendar"], "extra_working_days": [date.fromisoformat(d) for d in contract["calendar"].get("extra_working_days", [])],
             "extra_rest_days": [date.fromisoformat(d) for d in contract["calendar"].get("extra_rest_days", [])]})
        members = {m["code"]: m for side in ("client", "vendor") for m in contract["parties"][side]["members"]}
        self.people = members
        self.client = [m["name"] for m in contract["parties"]["client"]["members"]]
        self.vendor = [m for m in contract["parties"]["vendor"]["members"]]
        self.count = 0
        self.seq: dict[str, int] = {}
        self.ticket_ids: list[str] = []
        self.finding_ids: list[str] = []

    # ---- helpers -------------------------------------------------------
    def vendor_member(self, index: int) -> dict:
        return self.vendor[index % len(self.vendor)]

    def onsite(self, day: date) -> dict:
        """The stationed engineer: the first one, replaced mid-year (see staff records)."""
        return self.vendor[3] if day >= self.handover else self.vendor[2]

    def new_id(self, prefix: str, when: datetime | date, code: str) -> str:
        head = f"{prefix}-{when:%Y%m%d}-{code}"
        self.seq[head] = self.seq.get(head, 0) + 1
        return f"{head}-{self.seq[head]:02d}"

    def write(self, kind: str, record: dict, month: str) -> None:
        folder = self.out / KIND_DIRS[kind] / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.yaml").write_bytes(dump(record).encode("utf-8"))
        self.count += 1

    def attach(self, rel: str, data: bytes) -> str:
        path = self.out / "files" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return f"files/{rel}"

    @staticmethod
    def t(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M")

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour)) + timedelta(minutes=minute)

    def working_days(self) -> list[date]:
        out, day = [], self.start
        while day <= self.end:
            if self.days.is_working(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def months(self, n: int) -> list[tuple[date, date]]:
        return month_periods(self.start, self.end, n)

    # ---- the year ----------------------------------------------------------
    def run(self) -> int:
        self.handover = add_months(self.start, 6)
        while not self.days.is_working(self.handover):
            self.handover += timedelta(days=1)
        self.staff()
        self.daily_checks()
        self.monthly_inspections()
        self.quarterly_inspections()
        self.tickets()
        self.changes()
        self.security_scans()
        self.certificates()
        self.rectification()
        self.deliverables()
        self.payments_and_acceptance()
        self.notices()
        return self.count

    def staff(self) -> None:
        roster = [
            (self.vendor[0]["name"], ["项目经理"], False),
            (self.vendor[1]["name"], ["技术经理", "实施工程师"], False),
            (self.vendor[4]["name"], ["软件开发工程师", "UI设计师"], False),
        ]
        first = {"id": self.new_id("ST", self.start, self.vendor[0]["code"]), "kind": "staff", "schema_version": 1,
                 "effective_from": self.start.isoformat(),
                 "members": [{"name": n, "roles": r, "onsite": o} for n, r, o in roster]
                 + [{"name": self.vendor[2]["name"], "roles": ["服务工程师"], "onsite": True}],
                 "note": "服务期开始时的团队名单。"}
        self.write("staff", first, f"{self.start:%Y-%m}")
        noticed = self.handover - timedelta(days=4)
        while not self.days.is_working(noticed):
            noticed -= timedelta(days=1)
        second = {"id": self.new_id("ST", noticed, self.vendor[0]["code"]), "kind": "staff", "schema_version": 1,
                  "effective_from": self.handover.isoformat(),
                  "members": [{"name": n, "roles": r, "onsite": o} for n, r, o in roster]
                  + [{"name": self.vendor[3]["name"], "roles": ["服务工程师"], "onsite": True}],
                  "change_notice": {"noticed_on": noticed.isoformat(),
                                    "summary": f"驻场工程师{self.vendor[2]['name']}因家庭原因离职，由{self.vendor[3]['name']}接替。",
                                    "consent": {"by": self.client[0], "at": self.t(self.at(noticed, 16, 30)),
                                                "note": "同意更换，请做好交接。"}},
                  "note": "通知日期距生效不足 5 个工作日。"}
        self.write("staff", second, f"{noticed:%Y-%m}")

    def daily_checks(self) -> None:
        items = ["首页及主要栏目可正常访问", "通知公告栏目按时更新", "互动交流留言已处理", "错敏词检查", "SSL 证书有效"]
        for day in self.working_days():
            engineer = self.onsite(day)
            when = self.at(day, 8, 40 + self.rng.randrange(0, 30))
            issue = self.rng.random() < 0.06
            checks = [{"item": item, "result": "ok"} for item in items]
            if issue:
                k = self.rng.randrange(len(items) - 1)
                checks[k] = {"item": items[k], "result": "issue", "note": "已现场处理并复核。"}
            rec = {"id": self.new_id("IN", day, engineer["code"]), "kind": "inspection", "schema_version": 1,
                   "type": "daily", "performed_at": self.t(when), "finished_at": self.t(when + timedelta(minutes=25)),
                   "inspector": engineer["name"], "checks": checks,
                   "summary": "发现问题已处理。" if issue else "运行正常。"}
            self.write("inspection", rec, f"{day:%Y-%m}")

    def monthly_inspections(self) -> None:
        for i, (begin, end) in enumerate(self.months(1)):
            day = end - timedelta(days=self.rng.randrange(2, 6))
            if i == 4:
                day = end + timedelta(days=2)  # done two days late: a 九.5 entry
            while not self.days.is_working(day):
                day += timedelta(days=1)
            engineer = self.onsite(day)
            when = self.at(day, 14, 0)
            rec = {"id": self.new_id("IN", day, engineer["code"]), "kind": "inspection", "schema_version": 1,
                   "type": "monthly", "performed_at": self.t(when), "finished_at": self.t(when + timedelta(hours=3)),
                   "inspector": engineer["name"],
                   "checks": [{"item": x, "result": "ok"} for x in ("服务器资源", "应用日志", "备份恢复演练", "栏目更新情况", "链接可用性")],
                   "summary": f"第 {i + 1} 个服务月系统性巡检，整体运行平稳。"}
            if i == 4:
                rec["note"] = "因重大会议保障推迟两天完成。"
            self.write("inspection", rec, f"{day:%Y-%m}")

    def quarterly_inspections(self) -> None:
        for q, (begin, end) in enumerate(self.months(3)):
            day = end - timedelta(days=10)
            while not self.days.is_working(day):
                day -= timedelta(days=1)
            engineer = self.onsite(day)
            rid = self.new_id("IN", day, engineer["code"])
            findings = []
            for n in range(3 + q % 2):
                indicator, text = FINDINGS[(q * 3 + n) % len(FINDINGS)]
                fid = f"F-{day:%Y%m%d}-{engineer['code']}-{n + 1:02d}"
                shot = self.attach(f"{day:%Y-%m}/{fid}.png", png(96, 60, seed=q * 10 + n))
                fixed = day + timedelta(days=3 + n)
                finding = {"id": fid, "url": SITE + PAGES[(q + n) % len(PAGES)], "description": text,
                           "screenshot": shot, "indicator": indicator,
                           "severity": ["high", "medium", "low"][n % 3], "status": "rectified",
                           "rectified_on": fixed.isoformat()}
                if q == 3 and n == 0:
                    finding["status"] = "open"
                    del finding["rectified_on"]
                findings.append(finding)
                self.finding_ids.append(fid)
            report = self.attach(f"{day:%Y-%m}/{rid}-report.txt",
                                 f"网站监测报告（第 {q + 1} 次全面检查）\n检查日期：{day}\n发现问题 {len(findings)} 个，详见巡检记录 {rid}。\n".encode("utf-8"))
            when = self.at(day, 9, 0)
            rec = {"id": rid, "kind": "inspection", "schema_version": 1, "type": "quarterly",
                   "performed_at": self.t(when), "finished_at": self.t(when + timedelta(hours=7)),
                   "inspector": engineer["name"],
                   "summary": f"第 {q + 1} 次网站全面检查，覆盖站点可用性、链接、内容更新、解读、办事、互动、功能、错敏信息和安全。",
                   "findings": findings, "report": report}
            self.write("inspection", rec, f"{day:%Y-%m}")

    def tickets(self) -> None:
        total_days = (self.end - self.start).days + 1
        # Which tickets miss which limit: index -> scenario (see README's demo section).
        misses = {17: "late_arrival", 41: "late_both", 73: "slow_emergency", 96: "slow_response",
                  118: "slow_response", 131: "inadequate", 142: "slow_response"}
        emergencies = {5, 29, 41, 58, 73, 88, 109, 127}
        for i in range(150):
            day = self.start + timedelta(days=int(i * total_days / 150) + self.rng.randrange(0, 2))
            day = min(day, self.end)
            hour = self.rng.choice([9, 9, 10, 10, 11, 14, 15, 16, 17, 20])
            reported = self.at(day, hour, self.rng.randrange(0, 60))
            emergency = i in emergencies
            fault = emergency or self.rng.random() < 0.45
            channel = "phone" if emergency else self.rng.choice(["phone", "phone", "onsite", "email", "remote"])
            engineer = self.onsite(day)
            code = engineer["code"]
            scenario = misses.get(i)
            response = timedelta(minutes=self.rng.randrange(2, 10))
            if scenario == "slow_response":
                response = timedelta(minutes=14 + i % 7)
            if channel in ("email", "remote") and not self.days.is_working(day):
                channel = "phone"  # on rest days the client phones; remote support is 5×8
            responded = reported + response
            rec = {"id": self.new_id("T", day, code), "kind": "ticket", "schema_version": 1,
                   "title": self.rng.choice(FAULTS if fault else REQUESTS),
                   "category": "fault" if fault else "request",
                   "severity": "emergency" if emergency else self.rng.choice(["normal", "normal", "high", "low"]),
                   "channel": channel, "reported_by": self.rng.choice(self.client),
                   "reported_at": self.t(reported), "responded_by": engineer["name"], "responded_at": self.t(responded)}
            work = timedelta(minutes=self.rng.randrange(30, 200))
            if emergency or scenario in ("late_arrival", "late_both"):
                requested = reported + timedelta(minutes=self.rng.randrange(0, 5))
                travel = timedelta(minutes=self.rng.randrange(20, 100))
                if scenario in ("late_arrival", "late_both"):
                    travel = timedelta(hours=2, minutes=25 + i % 20)
                rec["onsite_requested_at"] = self.t(requested)
                rec["arrived_at"] = self.t(requested + travel)
                work = max(work, travel + timedelta(minutes=20))
                if emergency:
                    work = min(travel + timedelta(minutes=self.rng.randrange(20, 80)), timedelta(hours=3, minutes=40))
                if scenario in ("late_both", "slow_emergency"):
                    work = timedelta(hours=4, minutes=50 + i % 30)
            resolved = responded + work
            rec["resolved_at"] = self.t(resolved)
            rec["handled_by"] = [engineer["name"]]
            rec["resolution"] = "已定位原因并修复，甲方确认恢复正常。" if fault else "已按要求完成。"
            if scenario == "inadequate":
                reopen = resolved + timedelta(days=1, hours=1)
                rec["reopens"] = [{"reopened_at": self.t(reopen), "reason": "同一问题再次出现。",
                                   "resolved_at": self.t(reopen + timedelta(hours=2))}]
                rec["inadequate"] = {"by": self.client[0], "at": self.t(reopen + timedelta(hours=3)),
                                     "reason": "同一故障一周内第二次出现，处理不彻底。"}
            if scenario:
                rec["note"] = {"late_arrival": "交通管制，到场超时。", "late_both": "交通拥堵，到场和修复均超时。",
                               "slow_emergency": "数据库主从切换耗时较长。", "slow_response": "值班人员正在处理其他故障，响应超时。",
                               "inadequate": "甲方认定维护不到位。"}[scenario]
            self.ticket_ids.append(rec["id"])
            self.write("ticket", rec, f"{day:%Y-%m}")

    def changes(self) -> None:
        types = ["ui", "column", "image", "content", "link_fix", "data"]
        for i in range(60):
            ticket = self.ticket_ids[(i * 5 + 3) % len(self.ticket_ids)]
            day = date(int(ticket[2:6]), int(ticket[6:8]), int(ticket[8:10])) + timedelta(days=1)
            while not self.days.is_working(day):
                day += timedelta(days=1)
            if day > self.end:
                continue
            engineer = self.vendor[4] if i % 3 else self.onsite(day)
            kind = types[i % len(types)]
            answers = [ticket]
            if kind == "link_fix" and self.finding_ids:
                answers.append(self.finding_ids[i % len(self.finding_ids)])
            rec = {"id": self.new_id("CH", day, engineer["code"]), "kind": "change", "schema_version": 1,
                   "type": kind, "title": {"ui": "调整首页版式", "column": "调整栏目结构", "image": "制作专题图片",
                                           "content": "更新栏目内容", "link_fix": "修复断链", "data": "整理访问统计"}[kind],
                   "requested_by": self.client[i % len(self.client)], "approved_by": self.client[0],
                   "done_at": self.t(self.at(day, 16, self.rng.randrange(0, 59))), "done_by": engineer["name"],
                   "pages": [SITE + PAGES[i % len(PAGES)]], "answers": answers}
            self.write("change", rec, f"{day:%Y-%m}")
        for i, (begin, end) in enumerate(self.months(1)):
            day = end - timedelta(days=1)
            while not self.days.is_working(day):
                day -= timedelta(days=1)
            rec = {"id": self.new_id("CH", day, self.vendor[1]["code"]), "kind": "change", "schema_version": 1,
                   "type": "release", "title": f"月度版本发布 v2.{i + 1}", "version": f"2.{i + 1}.0",
                   "approved_by": self.client[0], "done_at": self.t(self.at(day, 19, 0)),
                   "done_by": self.vendor[1]["name"], "description": "合并本月页面优化与缺陷修复。"}
            self.write("change", rec, f"{day:%Y-%m}")

    def security_scans(self) -> None:
        for i, (begin, end) in enumerate(self.months(1)):
            day = begin + timedelta(days=8)
            while not self.days.is_working(day):
                day += timedelta(days=1)
            engineer = self.vendor[1]
            findings = []
            if i % 2 == 0:
                cve, cnvd, title, sev = VULNS[(i // 2) % len(VULNS)]
                vid = f"V-{day:%Y%m%d}-{engineer['code']}-01"
                finding = {"id": vid, "title": title, "severity": sev, "url": SITE + "/",
                           "status": "fixed", "fixed_on": (day + timedelta(days=2 + i % 3)).isoformat()}
                if cve:
                    finding["cve"] = cve
                if cnvd:
                    finding["cnvd"] = cnvd
                if i == 10:
                    finding["status"] = "open"
                    del finding["fixed_on"]
                findings.append(finding)
            rec = {"id": self.new_id("SEC", day, engineer["code"]), "kind": "security_scan", "schema_version": 1,
                   "performed_at": self.t(self.at(day, 10, 0)), "performed_by": engineer["name"],
                   "tool": "演示扫描器 3.2", "scope": [SITE + "/", SITE + "/bsfw/"],
                   "checks": ["sql_injection", "xss", "components", "info_leak", "bulletins"], "findings": findings,
                   "note": "已对照本月 CNVD、CVE 通报排查。"}
            self.write("security_scan", rec, f"{day:%Y-%m}")

    def certificates(self) -> None:
        old_start = add_months(self.start, -7)
        old_end = add_months(old_start, 12)
        renewed = old_end - timedelta(days=12)
        for n, (nb, na, installed) in enumerate([(old_start, old_end, old_start), (renewed, add_months(renewed, 12), renewed)]):
            rec = {"id": self.new_id("CERT", installed, self.vendor[1]["code"]), "kind": "certificate", "schema_version": 1,
                   "domain": "www.hrss.example.gov.cn", "issuer": "演示证书签发机构 OV CA",
                   "serial": f"0{n + 1}A7F3C9", "not_before": f"{nb} 08:00", "not_after": f"{na} 07:59",
                   "installed_at": f"{installed} 21:00"}
            self.write("certificate", rec, f"{installed:%Y-%m}")

    def rectification(self) -> None:
        raised = add_months(self.start, 4) + timedelta(days=2)
        while not self.days.is_working(raised):
            raised += timedelta(days=1)
        rec = {"id": self.new_id("RE", raised, self.client and "zs" or "zs"), "kind": "rectification", "schema_version": 1,
               "raised_at": self.t(self.at(raised, 10, 0)), "raised_by": self.client[0],
               "deadline": self.t(self.at(raised + timedelta(days=10), 18, 0)),
               "requirement": "第二次全面检查发现的断链和错别字须全部整改，并提交整改报告。",
               "refs": self.finding_ids[3:5],
               "completed_at": self.t(self.at(raised + timedelta(days=8), 17, 0)),
               "response": "已修复全部断链，更正错别字，并建立发布前错敏词检查。",
               "verdict": {"result": "done", "by": self.client[0], "at": self.t(self.at(raised + timedelta(days=9), 10, 0)),
                           "note": "整改合格。"}}
        self.write("rectification", rec, f"{raised:%Y-%m}")

    def deliverables(self) -> None:
        late = {"service_report": 3}
        for d in self.c["deliverables"]:
            due = date.fromisoformat(d["due"])
            day = due + timedelta(days=late.get(d["key"], -1))
            self._deliver(d["key"], d["name"], day)
        for s in self.c["schedules"]:
            if s["evidence"]["kind"] == "deliverable":
                item = s["evidence"]["where"]["item"]
                day = self.end - timedelta(days=60 if item == "self_inspection" else 45)
                self._deliver(item, s["name"] + "报告", day)

    def _deliver(self, item: str, name: str, day: date) -> None:
        pm = self.vendor[0]
        rid = self.new_id("DL", day, pm["code"])
        file = self.attach(f"{day:%Y-%m}/{rid}.txt", f"{name}\n提交日期：{day}\n（演示文件）\n".encode("utf-8"))
        rec = {"id": rid, "kind": "deliverable", "schema_version": 1, "item": item, "name": name,
               "delivered_at": self.t(self.at(day, 15, 0)), "delivered_by": pm["name"],
               "received_by": self.client[1], "files": [file]}
        self.write("deliverable", rec, f"{day:%Y-%m}")

    def payments_and_acceptance(self) -> None:
        applied = self.end + timedelta(days=2)
        held = self.end + timedelta(days=13)
        acc = {"id": self.new_id("AC", applied, "zs"), "kind": "acceptance", "schema_version": 1,
               "applied_on": applied.isoformat(), "held_on": held.isoformat(),
               "attendees": self.client + [self.vendor[0]["name"]],
               "result": {"outcome": "passed", "by": self.client[0], "at": self.t(self.at(held, 16, 0))},
               "note": "现场验收，资料齐全。"}
        self.write("acceptance", acc, f"{applied:%Y-%m}")
        signed = date.fromisoformat(self.c["signed_on"])
        plans = {"first": (signed + timedelta(days=16), signed + timedelta(days=28)),
                 "final": (held + timedelta(days=3), held + timedelta(days=21))}
        for p in self.c["payments"]:
            invoiced, paid = plans.get(p["key"], (held, held))
            amount = Decimal(str(p["amount"])).quantize(Decimal("0.01"))
            rec = {"id": self.new_id("PA", invoiced, self.vendor[0]["code"]), "kind": "payment", "schema_version": 1,
                   "milestone": p["key"], "invoice": {"number": f"DEMO{invoiced:%Y%m%d}", "issued_on": invoiced.isoformat(),
                                                      "amount": amount},
                   "paid_on": paid.isoformat(), "amount": amount}
            self.write("payment", rec, f"{invoiced:%Y-%m}")

    def notices(self) -> None:
        day = self.handover - timedelta(days=4)
        while not self.days.is_working(day):
            day -= timedelta(days=1)
        rec = {"id": self.new_id("NO", day, self.vendor[0]["code"]), "kind": "notice", "schema_version": 1,
               "from": "vendor", "to": "client", "method": "ems", "sent_at": self.t(self.at(day, 11, 0)),
               "tracking_no": "EDEMO0001CN", "subject": "关于驻场工程师变更的函",
               "body": "因人员离职，拟更换驻场工程师，详见人员名单记录。"}
        self.write("notice", rec, f"{day:%Y-%m}")


def write_demo(out: Path, seed: int = 20240713, contract_path: Path | None = None) -> int:
    """Write the demo year into `out` (a records folder holding contract.yaml)."""
    contract_path = contract_path or out / "contract.yaml"
    doc = load_file(contract_path, str(contract_path))
    if not isinstance(doc, Document):
        raise ValueError(f"{contract_path}: cannot read the contract data")
    for kind_dir in set(KIND_DIRS.values()) | {"files"}:
        _clear(out / kind_dir)
    return Demo(doc.data, out, seed).run()


def _clear(folder: Path) -> None:
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()
    folder.rmdir()
