"""Git history as evidence, on real repositories built in temporary folders with controlled dates and people."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli
from lvyue.audit import collect
from lvyue.history import open_repo, read
from lvyue.schemas import SchemaSet
from lvyue.validate import validate

VENDOR = ("周演示", "zhou.demo@vendor.example.com")
PM = ("孙演示", "sun.demo@vendor.example.com")
CLIENT = ("赵示例", "zhao.demo@client.example.org")


def git(repo: Path, *args: str, who=VENDOR, when: str = "2024-08-01T12:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": who[0], "GIT_COMMITTER_EMAIL": who[1], "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: dict[str, str | dict], who=VENDOR, when="2024-08-01T12:00:00+08:00", msg="记录") -> str:
    for rel, content in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True), "utf-8")
    git(repo, "add", "--", *files)
    git(repo, "commit", "-q", "-m", msg, who=who, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def inspection(rid: str, day: str) -> dict:
    return {"id": rid, "kind": "inspection", "schema_version": 1, "type": "daily", "performed_at": f"{day} 09:00",
            "finished_at": f"{day} 09:30", "inspector": "周演示", "checks": [{"item": "首页", "result": "ok"}],
            "summary": "正常。"}


def rectification(verdict: str | None) -> dict:
    rec = {"id": "RE-20240805-zs-01", "kind": "rectification", "schema_version": 1, "raised_at": "2024-08-05 10:00",
           "raised_by": "赵示例", "deadline": "2024-08-09 18:00", "requirement": "修复断链。"}
    if verdict:
        rec["verdict"] = {"result": verdict, "by": "赵示例", "at": "2024-08-12 10:00"}
    return rec


@pytest.fixture
def gitrepo(repo: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    git(repo, "add", "schemas", "records")
    git(repo, "commit", "-q", "-m", "合同数据", who=CLIENT, when="2024-06-24T10:00:00+08:00")
    return repo


def audit_of(repo: Path) -> dict:
    result = validate(repo / "records", SchemaSet.load(repo / "schemas"))
    assert result.ok, result.problems[:3]
    return collect(repo / "records", result.contract, result.records)


def test_backdated_entry_is_a_late_entry_with_its_gap(gitrepo):
    commit(gitrepo, {"records/inspections/2024-08/IN-20240801-zy-01.yaml": inspection("IN-20240801-zy-01", "2024-08-01")},
           when="2024-08-01T12:00:00+08:00")
    commit(gitrepo, {"records/inspections/2024-08/IN-20240802-zy-01.yaml": inspection("IN-20240802-zy-01", "2024-08-02")},
           when="2024-08-06T09:30:00+08:00")
    a = audit_of(gitrepo)
    assert [x["id"] for x in a["late"]] == ["IN-20240802-zy-01"]
    assert a["late"][0]["gap_s"] == 4 * 86400  # 2024-08-02 09:30 → 2024-08-06 09:30
    assert a["late"][0]["commit"]["verified"] is False and a["signers"] is False


def test_edit_after_close_is_a_restatement_even_from_an_old_branch_or_with_a_forged_date(gitrepo):
    path = "records/inspections/2024-08/IN-20240801-zy-01.yaml"
    rec = inspection("IN-20240801-zy-01", "2024-08-01")
    commit(gitrepo, {path: rec}, when="2024-08-01T12:00:00+08:00")
    git(gitrepo, "checkout", "-q", "-b", "early")  # a branch started before the close
    git(gitrepo, "checkout", "-q", "main")
    done = run_cli("close", "2024-08", cwd=gitrepo)
    assert done.returncode == 0, done.stderr
    assert run_cli("close", "2024-08", cwd=gitrepo).returncode == 1  # a close cannot be redone
    assert audit_of(gitrepo)["restatements"] == []
    # 1. a later edit whose commit claims a date before the close
    forged = commit(gitrepo, {path: {**rec, "summary": "改过。"}}, when="2024-08-02T12:00:00+08:00")
    # 2. an edit made on the old branch, merged after the close
    git(gitrepo, "checkout", "-q", "early")
    commit(gitrepo, {path.replace("01.yaml", "01.yaml"): {**rec, "summary": "分支上改的。"}}, when="2024-08-03T12:00:00+08:00")
    git(gitrepo, "checkout", "-q", "main")
    subprocess.run(["git", "merge", "-q", "-X", "theirs", "--no-ff", "-m", "合并", "early"], cwd=gitrepo, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2024-09-10T12:00:00+08:00", "GIT_AUTHOR_DATE": "2024-09-10T12:00:00+08:00"})
    merge = git(gitrepo, "rev-parse", "HEAD").strip()
    found = audit_of(gitrepo)["restatements"]
    assert [(x["id"], x["commit"]["sha"]) for x in found] == [("IN-20240801-zy-01", forged), ("IN-20240801-zy-01", merge)]
    assert found[0]["commit"]["author"] == "周演示"


def test_deleting_a_closed_months_record_is_a_restatement(gitrepo):
    path = "records/inspections/2024-08/IN-20240801-zy-01.yaml"
    commit(gitrepo, {path: inspection("IN-20240801-zy-01", "2024-08-01")})
    assert run_cli("close", "2024-08", cwd=gitrepo).returncode == 0
    git(gitrepo, "rm", "-q", path)
    git(gitrepo, "commit", "-q", "-m", "删除", when="2024-09-10T12:00:00+08:00")
    found = audit_of(gitrepo)["restatements"]
    assert [(x["id"], x["status"], x["month"]) for x in found] == [("IN-20240801-zy-01", "D", "2024-08")]


def test_verdict_committed_by_the_vendor_is_flagged_and_not_counted(gitrepo):
    path = "records/rectifications/2024-08/RE-20240805-zs-01.yaml"
    commit(gitrepo, {path: rectification(None)}, who=CLIENT, when="2024-08-05T10:30:00+08:00")
    commit(gitrepo, {path: rectification("refused")}, who=PM, when="2024-08-12T10:30:00+08:00")
    a = audit_of(gitrepo)
    assert [(x["id"], x["field"], x["party"]) for x in a["unauthorised"]] == [("RE-20240805-zs-01", "verdict", "vendor")]
    done = run_cli("metrics", "--as-of", "2024-08-31", "--out", "build/m.json", cwd=gitrepo)
    ledger = json.loads((gitrepo / "build" / "m.json").read_text("utf-8"))["ledger"]
    assert [e for e in ledger["entries"] if e["clause"] == "九.3"] == []
    # the same verdict from the client counts: 10% of 241,900.00
    commit(gitrepo, {path: {**rectification("refused"), "note": "甲方确认。"}}, who=CLIENT, when="2024-08-12T11:00:00+08:00")
    assert audit_of(gitrepo)["unauthorised"]  # the verdict's value was written by the vendor; a later note does not launder it
    git(gitrepo, "rm", "-q", path)
    git(gitrepo, "commit", "-q", "-m", "删除", when="2024-08-12T11:10:00+08:00")
    commit(gitrepo, {path: rectification("refused")}, who=CLIENT, when="2024-08-12T11:20:00+08:00")
    assert audit_of(gitrepo)["unauthorised"] == []
    assert run_cli("metrics", "--as-of", "2024-08-31", "--out", "build/m.json", cwd=gitrepo).returncode == 0, done.stderr
    ledger = json.loads((gitrepo / "build" / "m.json").read_text("utf-8"))["ledger"]
    assert [e["amount"] for e in ledger["entries"] if e["clause"] == "九.3"] == ["24190.00"]


def test_rename_keeps_the_first_commit_and_chinese_and_option_like_names_stay_paths(gitrepo):
    first = commit(gitrepo, {"records/files/2024-08/截图 一.png": "png", "records/files/--output=x.txt": "x"},
                   when="2024-08-01T12:00:00+08:00")
    git(gitrepo, "mv", "records/files/2024-08/截图 一.png", "records/files/2024-08/首页截图.png")
    git(gitrepo, "commit", "-q", "-m", "改名", when="2024-08-02T12:00:00+08:00")
    with open_repo(gitrepo) as repo:
        hist = read(repo, gitrepo / "records")
    moved = hist.files["records/files/2024-08/首页截图.png"]
    assert moved.added.sha == first and [s for _, s, _ in moved.changes] == ["R"]
    assert moved.names == ["records/files/2024-08/截图 一.png"]
    assert hist.files["records/files/--output=x.txt"].added.sha == first
    assert not (gitrepo / "x.txt").exists() and not (gitrepo / "x").exists()


def test_a_shallow_clone_stops_with_how_to_fetch_the_history(gitrepo, tmp_path):
    commit(gitrepo, {"records/inspections/2024-08/IN-20240801-zy-01.yaml": inspection("IN-20240801-zy-01", "2024-08-01")})
    commit(gitrepo, {"records/inspections/2024-08/IN-20240802-zy-01.yaml": inspection("IN-20240802-zy-01", "2024-08-02")},
           when="2024-08-02T12:00:00+08:00")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", gitrepo.as_uri(), str(shallow)], check=True)
    done = run_cli("build", cwd=shallow)
    assert done.returncode == 1
    assert "fetch-depth: 0" in done.stderr and "浅克隆" in done.stderr
    assert run_cli("build", "--no-history", "--as-of", "2024-08-31", cwd=shallow).returncode == 0


def test_seal_then_verify_catches_edits_and_a_rewritten_history(gitrepo):
    path = "records/inspections/2024-08/IN-20240801-zy-01.yaml"
    commit(gitrepo, {path: inspection("IN-20240801-zy-01", "2024-08-01")})
    assert run_cli("seal", cwd=gitrepo).returncode == 0
    ok = run_cli("verify", cwd=gitrepo)
    assert ok.returncode == 0 and "一致" in ok.stdout
    (gitrepo / path).write_text((gitrepo / path).read_text("utf-8").replace("正常", "异常"), "utf-8")
    changed = run_cli("verify", cwd=gitrepo)
    assert changed.returncode == 1 and path in changed.stdout
    git(gitrepo, "checkout", "-q", "--", path)
    # rewrite the history under the seal: amend the sealed commit's parent chain
    sealed = json.loads(next((gitrepo / "evidence" / "seals").glob("*.json")).read_text("utf-8"))["sealed_commit"]
    git(gitrepo, "reset", "-q", "--hard", sealed + "~1")
    commit(gitrepo, {path: {**inspection("IN-20240801-zy-01", "2024-08-01"), "summary": "重写。"}})
    rewritten = run_cli("verify", cwd=gitrepo)
    assert rewritten.returncode == 1 and "改写" in rewritten.stdout
    assert audit_of(gitrepo)["verify"]["in_history"] is False


def test_no_git_process_survives_an_audit(gitrepo):
    commit(gitrepo, {"records/rectifications/2024-08/RE-20240805-zs-01.yaml": rectification("done")}, who=CLIENT)
    audit_of(gitrepo)
    children = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                children.append(stat.split("(", 1)[1].split(")", 1)[0])
    assert "git" not in children


def test_demo_repository_shows_every_kind_of_finding(tmp_path):
    done = run_cli("demo", str(tmp_path / "d"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    audit = run_cli("audit", "--format", "json", cwd=tmp_path / "d")
    a = json.loads(audit.stdout)
    assert len(a["late"]) == 3 and len(a["restatements"]) == 1 and len(a["unauthorised"]) == 1
    assert a["unauthorised"][0]["field"] == "verdict" and a["verify"]["in_history"] is True
    assert run_cli("audit", "--fail", cwd=tmp_path / "d").returncode == 1
    built = run_cli("build", cwd=tmp_path / "d")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "d" / "site" / "audit.html").read_text("utf-8")
    for text in ("补录", "月结后更正", "越权决定", "未签名", "lvyue/seal/", "T-20240824-zy-01", "RE-20241115-zs-01"):
        assert text in page


def test_codeowners_follows_the_contract_data(repo):
    assert run_cli("codeowners", cwd=repo).returncode == 0
    text = (repo / ".github" / "CODEOWNERS").read_text("utf-8")
    assert "/records/breaches/ zhao.demo@client.example.org qian.demo@client.example.org\n" in text
    assert (ROOT / ".github" / "CODEOWNERS").read_text("utf-8") == text


def test_only_commits_signed_by_the_authors_listed_key_are_verified(gitrepo, tmp_path):
    keys = {}
    for who in ("zhou", "other"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(tmp_path / who)], check=True)
        line = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / f"{who}.pub")], capture_output=True, text=True,
                              check=True).stdout
        keys[who] = line.split()[1]  # SHA256:…
    signers = tmp_path / "allowed_signers"
    signers.write_text("".join(f"{VENDOR[1]} namespaces=\"git\" {(tmp_path / f'{w}.pub').read_text()}" for w in keys))
    for key, value in (("gpg.format", "ssh"), ("gpg.ssh.allowedSignersFile", str(signers))):
        git(gitrepo, "config", key, value)
    contract = gitrepo / "records" / "contract.yaml"
    contract.write_text(contract.read_text("utf-8").replace(
        "code: zy, role: 驻场工程师}", f"code: zy, role: 驻场工程师, signing_key: \"{keys['zhou']}\"}}"), "utf-8")
    git(gitrepo, "add", "records/contract.yaml")
    git(gitrepo, "commit", "-q", "-m", "登记签名密钥", who=CLIENT, when="2024-07-01T10:00:00+08:00")
    shas = {}
    for name, key in (("good", "zhou"), ("wrong", "other"), ("none", None)):
        day = {"good": "02", "wrong": "03", "none": "04"}[name]
        path = f"records/inspections/2024-08/IN-202408{day}-zy-01.yaml"
        (gitrepo / path).parent.mkdir(parents=True, exist_ok=True)
        (gitrepo / path).write_text(yaml.safe_dump(inspection(f"IN-202408{day}-zy-01", f"2024-08-{day}"), allow_unicode=True), "utf-8")
        git(gitrepo, "add", path)
        sign = ["-c", f"user.signingkey={tmp_path / key}.pub", "commit", "-S"] if key else ["commit"]
        git(gitrepo, *sign, "-q", "-m", name, when=f"2024-08-{day}T12:00:00+08:00")
        shas[name] = f"IN-202408{day}-zy-01"
    a = audit_of(gitrepo)
    assert a["signers"] is True
    assert a["records"][shas["good"]]["added"]["verified"] is True
    assert a["records"][shas["wrong"]]["added"]["verified"] is False  # a good signature, but not the listed key
    assert a["records"][shas["none"]]["added"]["verified"] is False
    assert a["unsigned"]["count"] == a["unsigned"]["total"] - 1


def test_a_late_entry_limit_in_working_days_is_a_clear_contract_error(repo):
    contract = repo / "records" / "contract.yaml"
    contract.write_text(contract.read_text("utf-8").replace(
        "within: {days: 1}}", "within: {working_days: 1}}", 1), "utf-8")
    done = run_cli("validate", cwd=repo)
    assert done.returncode == 1
    assert "records/contract.yaml:" in done.stdout and "evidence.late_entry[0].within.working_days" in done.stdout
