"""`lvyue audit` as text: the findings a reviewer reads in a terminal or a CI log."""
from __future__ import annotations

from typing import TextIO


def _days(seconds: int) -> str:
    return f"{seconds / 86400:.1f} 天"


def _who(c: dict) -> str:
    return f"{c['sha'][:10]} {c['author']} <{c['email']}> {c['committed'][:16].replace('T', ' ')}"


def write_audit(a: dict, out: TextIO) -> None:
    w = out.write
    w(f"提交历史：{len(a['records'])} 条记录可追溯到提交；HEAD {a['head'][:10]}\n")
    if not a["signers"]:
        w("注意：合同数据未登记签名密钥，提交的作者和时间都只是提交者的声明。\n")
    w(f"\n补录（{len(a['late'])}）\n")
    for x in a["late"]:
        w(f"  {x['file']}: 事件 {x['event'][:16].replace('T', ' ')}，首次提交晚 {_days(x['gap_s'])}"
          f"（时限 {_days(x['limit_s'])}）{_who(x['commit'])}{'' if x['commit']['verified'] else '（未签名）'}\n")
    w(f"\n月结后更正（{len(a['restatements'])}）\n")
    for x in a["restatements"]:
        w(f"  {x['file']}: {x['month']} 已月结（{x['close_tag']}），{ {'A': '新增', 'M': '修改', 'R': '改名', 'D': '删除'}.get(x['status'], x['status']) }于 {_who(x['commit'])}\n")
    w(f"\n越权决定（{len(a['unauthorised'])}）：不计入违约金计算\n")
    for x in a["unauthorised"]:
        w(f"  {x['file']}: {x['name']}（{x['field']}，{x['clause']}）由非甲方成员提交：{_who(x['commit'])}\n")
    if a["untracked"]:
        w(f"\n尚未提交的记录（{len(a['untracked'])}）\n")
        for x in a["untracked"]:
            w(f"  {x['file']}\n")
    u = a["unsigned"]
    w(f"\n未经已知密钥签名的提交：{u['count']} / {u['total']}\n")
    v = a.get("verify") or {}
    if v.get("seal"):
        state = "仍在历史中" if v.get("in_history") else "已不在历史中（历史被改写）"
        w(f"\n最近封存 {v['seal']}：封存的提交 {v.get('sealed_commit', '')[:10]} {state}；"
          f"此后修改 {len(v.get('changed', []))}、新增 {len(v.get('added', []))}、删除 {len(v.get('removed', []))} 个文件\n")
    else:
        w("\n还没有封存（lvyue seal）\n")
