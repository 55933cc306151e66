"""The GitOps files: workflows that lint as GitHub's schema says, pinned, full-history, injection-free."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli
from lvyue.cli import build_parser

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def steps(path: Path):
    doc = yaml.safe_load(path.read_text("utf-8"))
    for job in doc["jobs"].values():
        yield from job["steps"]


def test_there_are_workflows_for_pull_requests_and_the_site():
    names = {p.stem for p in WORKFLOWS}
    assert {"records", "site"} <= names
    site = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    triggers = site[True] if True in site else site["on"]  # YAML 1.1 reads `on` as true
    assert "schedule" in triggers and "push" in triggers


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path):
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_and_checkouts_fetch_the_whole_history(path):
    for step in steps(path):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step["uses"].startswith("actions/checkout@"):
                assert step.get("with", {}).get("fetch-depth") == 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_scripts_take_no_expressions_and_call_real_commands(path):
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    for step in steps(path):
        script = step.get("run", "")
        assert "${{" not in script, f"{path.name}: pass values through env:, not into the script"
        for used in re.findall(r"\blvyue ([a-z-]+)", script):
            assert used in commands, used


def test_pre_commit_hook_runs_validate_on_records():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"]
    for hook in hooks + local:
        assert hook["entry"] == "lvyue validate" and hook["files"] == "^records/"


def test_the_hook_command_fails_on_a_bad_staged_record(repo):
    bad = repo / "records" / "tickets" / "2024-08" / "T-20240801-zy-01.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text("id: T-20240801-zy-01\nkind: ticket\n", "utf-8")
    done = run_cli("validate", "records/tickets/2024-08/T-20240801-zy-01.yaml", cwd=repo)
    assert done.returncode == 1 and "T-20240801-zy-01.yaml" in done.stdout


def test_diff_reports_what_a_change_does_to_the_metrics(tmp_path):
    import json
    from lvyue.metricsdiff import render
    base = {"ledger": {"total": "500.00", "by_clause": [{"clause": "九.2", "name": "到场", "amount": "500.00"}]},
            "nine_two": {"count": 1}, "nonconformities": [], "service_levels": {"rules": []}, "schedules": []}
    head = json.loads(json.dumps(base))
    head["ledger"]["total"] = "1000.00"
    head["nine_two"]["count"] = 2
    text = render(base, head)
    assert "| 违约金合计（元） | 500.00 | 1000.00 | +500.00 |" in text and "| 九.2 次数 | 1 | 2 | +1 |" in text
    assert "无合并前数据" in render({}, head)
