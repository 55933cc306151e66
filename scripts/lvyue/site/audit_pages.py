"""审计 and the seal part of 验收: what the git history says about the records."""
from __future__ import annotations

from .html import Markup, h, join
from .widgets import alert, badge, section, table, when

STATUS = {"A": "新增", "M": "修改", "R": "改名", "D": "删除"}
PARTY = {"client": "甲方", "vendor": "乙方", "witness": "见证方"}


def _days(seconds: int) -> str:
    return f"{seconds / 86400:.1f} 天"


def who(c: dict) -> Markup:
    party = PARTY.get(c.get("party", ""), "非成员")
    return join([c["author"], "（", party, "）", "" if c["verified"] else h("span", {"class": "lv-unsigned", "title": "未经已知密钥签名：作者和时间是提交者的声明"}, "未签名")])


def commit_cell(c: dict) -> Markup:
    return h("code", {"title": c["sha"]}, c["sha"][:10])


def audit_page(site, here: str) -> Markup:
    a = site.audit
    v = a.get("verify") or {}
    blocks = []
    if not a["signers"]:
        blocks.append(alert("warning", "提交未签名", h("p", None, "合同数据没有登记任何签名密钥：下列作者和时间是提交者自己的声明，"
                                                         "可以伪造；补录只能据此参考。月结后更正按提交图判断，不受日期影响。")))
    summary = table(["检查", "结果"], [
        ["可追溯到提交的记录", len(a["records"])],
        ["补录（晚于时限首次提交）", len(a["late"])],
        ["月结后更正", len(a["restatements"])],
        ["越权决定（不计入计算）", len(a["unauthorised"])],
        ["尚未提交的记录", len(a["untracked"])],
        ["未经已知密钥签名的提交", f"{a['unsigned']['count']} / {a['unsigned']['total']}"],
        ["最近封存", v.get("seal") or "尚未封存"],
    ])
    blocks.append(section("summary", "概况", h("p", {"class": "lv-muted"}, f"依据提交 {a['head'][:10]}（主分支第一父提交链）。"), summary))
    blocks.append(section("late", "补录", table(["记录", "事件时间", "首次提交", "晚于事件", "时限", "提交", "提交人"], [
        [site.rec(here, x["id"]), when(x["event"]), when(x["committed"]), _days(x["gap_s"]), _days(x["limit_s"]),
         commit_cell(x["commit"]), who(x["commit"])] for x in a["late"]], empty="（没有补录）")))
    blocks.append(section("restatements", "月结后更正", table(["记录", "所属月份", "月结标签", "操作", "提交", "提交时间", "提交人"], [
        [site.rec(here, x["id"]), x["month"], x["close_tag"], STATUS.get(x["status"], x["status"]), commit_cell(x["commit"]),
         when(x["commit"]["committed"]), who(x["commit"])] for x in a["restatements"]], empty="（没有月结后的更正）"),
        table(["月份", "标签", "提交", "打标签人", "时间"], [[c["month"], c["tag"], h("code", None, c["commit"][:10]), c["tagger"],
                                                  when(c["tagged"])] for c in a["closes"]], empty="（还没有月结）")))
    blocks.append(section("unauthorised", "越权决定", h("p", None, "只能由甲方作出的决定由其他人提交的，不计入违约金和履约计算。"),
                          table(["记录", "决定", "条款", "提交人身份", "提交", "提交人"], [
                              [site.rec(here, x["id"]), x["name"], x["clause"], PARTY.get(x["party"], "非成员"), commit_cell(x["commit"]), who(x["commit"])]
                              for x in a["unauthorised"]], empty="（没有越权决定）")))
    blocks.append(section("seal", "封存", seal_table(v)))
    rows = []
    for rid, p in sorted(a["records"].items())[:2000]:
        rows.append([site.rec(here, rid), commit_cell(p["added"]), when(p["added"]["committed"]), who(p["added"]),
                     p["changes"] or "—", when(p["last"]["committed"]) if p["last"] else "—"])
    more = (h("p", {"class": "lv-muted"}, f"只列出前 2000 条，共 {len(a['records'])} 条；每条记录页上也显示其录入提交。")
            if len(a["records"]) > 2000 else "")
    blocks.append(section("provenance", "每条记录的来源", more,
                          table(["记录", "录入提交", "录入时间", "录入人", "之后修改次数", "最后修改"], rows)))
    u = a["unsigned"]
    blocks.append(section("unsigned", "未签名的提交", h("p", None, f"{u['count']} / {u['total']} 个提交未经合同数据登记的密钥签名（下表列出最近 200 个）。"),
                          table(["提交", "作者", "时间"], [[commit_cell(c), who(c), when(c["committed"])] for c in reversed(u["commits"])])))
    return join(blocks)


def seal_table(v: dict) -> Markup:
    if not v.get("seal"):
        return h("p", None, "尚未封存。验收前运行 `lvyue seal` 写入证据清单（每个记录文件的 sha256 和封存的提交）并打标签。")
    state = badge("yes") if v.get("in_history") else badge("no")
    rows = [["封存标签", v["seal"]], ["封存的提交", h("code", None, v.get("sealed_commit", ""))], ["封存时间", when(v.get("created"))],
            ["文件数", v.get("files", 0)], ["封存的提交仍在历史中", join([state, "" if v.get("in_history") else "历史被改写或强制推送"])],
            ["此后修改的文件", "、".join(v.get("changed", [])) or "无"], ["此后新增的文件", len(v.get("added", []))],
            ["此后删除的文件", "、".join(v.get("removed", [])) or "无"]]
    return table(["项目", "内容"], rows)


def seal_block(site, here: str) -> Markup:
    return section("seal", "证据封存", seal_table(site.audit.get("verify") or {}),
                   h("p", None, site.link(here, "audit.md", "查看审计页")))


def provenance_line(site, rec_id: str) -> Markup | None:
    p = site.audit["records"].get(rec_id) if site.audit else None
    if p is None:
        return None
    c = p["added"]
    parts = ["录入：", commit_cell(c), " ", when(c["committed"]), " ", who(c)]
    if p["changes"]:
        parts += [f"；之后修改 {p['changes']} 次，最后 ", when(p["last"]["committed"])]
    return h("div", {"class": "lv-record-file"}, parts)
