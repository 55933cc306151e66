"""`lvyue validate` end to end: real files, the real CLI, every bad input reported."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

TICKET = """id: {id}
kind: ticket
schema_version: 1
title: 首页打不开
category: fault
severity: emergency
channel: phone
reported_by: 钱示例
reported_at: {reported}
responded_at: {responded}
resolved_at: 2024-08-01 12:00
"""


def write(repo: Path, rel: str, text: str | bytes) -> Path:
    path = repo / "records" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def ticket(repo: Path, rel: str, id: str, reported="2024-08-01 09:00", responded="2024-08-01 09:05") -> Path:
    return write(repo, rel, TICKET.format(id=id, reported=reported, responded=responded))


def test_demo_year_is_clean():
    result = run_cli("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_clean_record_passes(repo):
    ticket(repo, "tickets/2024-08/T-20240801-zy-01.yaml", "T-20240801-zy-01")
    result = run_cli("validate", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_every_bad_file_reported_in_one_run(repo):
    ticket(repo, "tickets/ok.yaml", "T-20240801-zy-01")
    write(repo, "tickets/dup.yaml", "id: a\nid: b\n")
    write(repo, "tickets/bom.yaml", b"\xef\xbb\xbfid: x\n")
    write(repo, "tickets/tag.yaml", "id: !!python/object:os.system x\n")
    write(repo, "tickets/empty.yaml", "")
    write(repo, "tickets/list.yaml", "- a\n")
    write(repo, "tickets/-n.yaml", TICKET.format(id="T-20240801-zy-09", reported="2024-08-01 09:00", responded="2024-08-01 09:05"))
    write(repo, "notes.txt", "stray\n")
    result = run_cli("validate", cwd=repo)
    assert result.returncode == 1
    out = result.stdout
    assert "records/tickets/dup.yaml:2:1: id: 字段 id 重复（第一次出现在第 1 行）" in out
    assert "records/tickets/bom.yaml:1:1:" in out and "BOM" in out
    assert "records/tickets/tag.yaml:1:5: id: 不允许使用标签" in out
    assert "records/tickets/empty.yaml: 文件是空的" in out
    assert "records/tickets/list.yaml:1:1:" in out
    assert "records/tickets/-n.yaml: 文件名 -n.yaml 不可用" in out
    assert "records/notes.txt: records/ 中的这个文件不是记录" in out
    assert "records/tickets/ok.yaml" not in out
    assert "Traceback" not in result.stderr
    assert "提示" in out


def test_schema_errors_point_at_line_and_field(repo):
    write(repo, "t.yaml", TICKET.format(id="T-1", reported="2024-08-01 25:00", responded="2024-08-01 09:05")
          .replace("severity: emergency", "severity: urgent") + "colour: red\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/t.yaml:6:11: severity: 取值 urgent 不在可选范围内" in out
    assert "可选：emergency, high, normal, low" in out
    assert "records/t.yaml:9:14: reported_at: 不是有效的lvyue-datetime：2024-08-01 25:00" in out
    assert "records/t.yaml:12:1: colour: 不认识的字段 colour" in out


@pytest.mark.parametrize("name,text,expected", [
    ("t.yaml", "id: T-1\nkind: ticket\nschema_version: 1\n",
     "records/t.yaml:1:1: title: 缺少必填字段 title"),
    # 0755 stays text, so it fails where a number is needed
    ("p.yaml", "id: PA-1\nkind: payment\nschema_version: 1\nmilestone: first\npaid_on: 2024-07-22\namount: 0755\n",
     "records/p.yaml:6:9: amount: 类型不对：应为number"),
    ("p.yaml", "id: PA-1\nkind: payment\nschema_version: 1\nmilestone: first\namount: 1.005\n",
     "records/p.yaml:5:9: amount: 不是有效的money"),
], ids=["missing-required", "lookalike-is-text", "money-two-decimals"])
def test_single_field_errors(repo, name, text, expected):
    write(repo, name, text)
    result = run_cli("validate", cwd=repo)
    assert result.returncode == 1
    assert expected in result.stdout


def test_naive_time_refused_when_contract_requires_offset(repo):
    contract = repo / "records" / "contract.yaml"
    contract.write_text(contract.read_text("utf-8").replace("naive_times: local", "naive_times: reject"), "utf-8")
    ticket(repo, "t.yaml", "T-1", reported="2024-08-01T09:00:00+08:00", responded="2024-08-01 09:05")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/t.yaml:10:15: responded_at: 时间 2024-08-01 09:05 缺少时区偏移" in out
    assert "reported_at" not in out


def test_dangling_reference_and_duplicate_id(repo):
    ticket(repo, "a/T-1.yaml", "T-20240801-zy-01")
    ticket(repo, "b/T-1-again.yaml", "T-20240801-zy-01")
    write(repo, "c.yaml", "id: CH-1\nkind: change\nschema_version: 1\ntype: content\ntitle: x\ndone_at: 2024-08-02 10:00\n"
                          "done_by: 周演示\nanswers: [T-20240801-zy-01, T-20990101-xx-01]\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/b/T-1-again.yaml:1:5: id: 编号 T-20240801-zy-01 重复，另一处在 records/a/T-1.yaml" in out
    assert "records/c.yaml:8:29: answers[1]: 引用的编号 T-20990101-xx-01 不存在" in out
    assert "answers[0]" not in out


def test_events_out_of_order_and_outside_term(repo):
    ticket(repo, "t.yaml", "T-1", reported="2024-08-01 09:00", responded="2024-08-01 08:55")
    ticket(repo, "u.yaml", "T-2", reported="2023-08-01 09:00", responded="2023-08-01 09:05")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/t.yaml:10:15: responded_at: responded_at 早于 reported_at" in out
    assert "records/u.yaml:9:14: reported_at: 2023-08-01 09:00:00+08:00 不在服务期内" in out


def test_file_paths_must_stay_inside_records(repo):
    (repo / "secret.txt").write_text("x")
    write(repo, "d.yaml", "id: DL-1\nkind: deliverable\nschema_version: 1\nitem: work_plan\ndelivered_at: 2024-07-12 10:00\n"
                          "delivered_by: 孙演示\nfiles: [../secret.txt, files/missing.pdf, files/a/../../../secret.txt]\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "files[0]: 格式不对：../secret.txt" in out
    assert "files[2]: 格式不对" in out
    # the schema refuses the path; a symlink that escapes is caught after it
    write(repo, "files/.keep", "")
    (repo / "records" / "files" / "link.txt").symlink_to(repo / "secret.txt")
    write(repo, "e.yaml", "id: DL-2\nkind: deliverable\nschema_version: 1\nitem: work_plan\ndelivered_at: 2024-07-12 10:00\n"
                          "delivered_by: 孙演示\nfiles: [files/link.txt, files/missing.pdf]\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/e.yaml:7:9: files[0]: 文件路径 files/link.txt 指向 records/ 之外" in out
    assert "records/e.yaml:7:25: files[1]: 引用的文件 files/missing.pdf 不存在" in out


def test_full_inspection_finding_needs_url_description_screenshot(repo):
    write(repo, "i.yaml", "id: IN-1\nkind: inspection\nschema_version: 1\ntype: quarterly\nperformed_at: 2024-09-01 09:00\n"
                          "inspector: 周演示\nfindings:\n  - id: F-1\n    description: 断链\n    indicator: link_availability\n"
                          "    severity: low\n    status: open\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/i.yaml:8:5: findings[0]: 全面检查的问题缺少网址、截图" in out
    assert "records/i.yaml:1:1: report: 全面检查缺少网站监测报告" in out


def test_unknown_kind_and_contract_keys(repo):
    write(repo, "x.yaml", "id: X-1\nkind: invoice\n")
    write(repo, "p.yaml", "id: PA-1\nkind: payment\nschema_version: 1\nmilestone: third\n")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/x.yaml:2:7: kind: 未知的记录类型 invoice" in out
    assert "records/p.yaml:4:12: milestone: third 不是合同数据中的付款节点" in out


def test_empty_records_is_an_error(tmp_path):
    (tmp_path / "records").mkdir()
    result = run_cli("validate", "--schemas", str(ROOT / "schemas"), cwd=tmp_path)
    assert result.returncode == 1
    assert "records/ 中没有任何记录" in result.stdout


def test_usage_errors_exit_2(repo):
    result = run_cli("validate", "--format", "xml", cwd=repo)
    assert result.returncode == 2 and "用法错误" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("validate", "/etc/passwd", cwd=repo)
    assert result.returncode == 2 and "不在记录目录内" in result.stderr


def test_paths_limit_the_report(repo):
    write(repo, "a.yaml", "id: a\nid: b\n")
    write(repo, "b.yaml", "id: a\nid: b\n")
    out = run_cli("validate", "records/a.yaml", cwd=repo).stdout
    assert "records/a.yaml" in out and "records/b.yaml" not in out


def test_json_and_english_and_annotations(repo):
    write(repo, "a.yaml", "id: a\nid: b\n")
    result = run_cli("validate", "--format", "json", "--lang", "en", cwd=repo)
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["problems"][0] == {"file": "records/a.yaml", "line": 2, "col": 1, "field": "id", "code": "yaml.duplicate_key",
                                   "message": "duplicate key id (first at line 1)", "hint": "delete one of them"}
    result = run_cli("validate", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=records/a.yaml,line=2,col=1,title=id::")
    assert result.returncode == 1


def test_contract_is_required_and_checked(repo):
    (repo / "records" / "contract.yaml").unlink()
    ticket(repo, "t.yaml", "T-1")
    out = run_cli("validate", cwd=repo).stdout
    assert "records/contract.yaml: 找不到合同数据" in out
