"""Every sentence lvyue says to a person, in Chinese and English.

A message has a text and a hint: what is wrong, and what to write instead.
Keys are stable so tests and JSON output can rely on them while the wording
improves. Chinese is the default; `LVYUE_LANG=en` or `--lang en` switches.
"""
from __future__ import annotations

import os
from typing import Any

# key: (zh text, zh hint, en text, en hint)
CATALOG: dict[str, tuple[str, str, str, str]] = {
    # loading
    "yaml.too_big": ("文件过大（{size} 字节，上限 {limit} 字节）", "一条记录一个文件；截图等附件放在 records/files/ 下并在记录中引用",
                     "file too large ({size} bytes, limit {limit})", "keep one record per file; put attachments under records/files/"),
    "yaml.empty": ("文件是空的", "用 `lvyue new 类型` 生成记录模板，或删除此文件",
                   "the file is empty", "create a record with `lvyue new KIND`, or delete the file"),
    "yaml.bom": ("文件以 BOM（字节顺序标记）开头", "以不带 BOM 的 UTF-8 保存（编辑器编码选“UTF-8”而不是“UTF-8 with BOM”）",
                 "the file starts with a byte-order mark", "save as UTF-8 without BOM"),
    "yaml.nul": ("文件含有 NUL 字节", "这不是文本文件；附件应放在 records/files/ 下",
                 "the file contains a NUL byte", "this is not a text file; attachments belong under records/files/"),
    "yaml.not_utf8": ("不是有效的 UTF-8 编码", "以 UTF-8 编码另存（不要用 GBK/GB2312）",
                      "not valid UTF-8", "save the file as UTF-8 (not GBK/GB2312)"),
    "yaml.syntax": ("YAML 语法错误：{detail}", "检查缩进（只用空格）、冒号后的空格和引号是否成对",
                    "YAML syntax error: {detail}", "check indentation (spaces only), the space after colons, and matching quotes"),
    "yaml.not_mapping": ("文件顶层必须是“字段: 值”的映射", "第一行应类似 `id: T-20240715-zy-01`",
                         "the top level must be a mapping of fields", "the first line should look like `id: T-20240715-zy-01`"),
    "yaml.duplicate_key": ("字段 {key} 重复（第一次出现在第 {first_line} 行）", "删除其中一个，只保留正确的值",
                           "duplicate key {key} (first at line {first_line})", "delete one of them"),
    "yaml.anchor": ("不允许使用锚点 &{name}", "把内容直接写出来；记录中不使用锚点和别名",
                    "anchors are not allowed (&{name})", "write the value out in full"),
    "yaml.alias": ("不允许使用别名 *{name}", "把内容直接写出来；记录中不使用锚点和别名",
                   "aliases are not allowed (*{name})", "write the value out in full"),
    "yaml.merge_key": ("不允许使用合并键 <<", "把字段逐个写出来",
                       "merge keys (<<) are not allowed", "write the fields out in full"),
    "yaml.key_not_string": ("字段名必须是文字", "字段名不要写成数字、true/false 或列表",
                            "keys must be strings", "do not use numbers, booleans or lists as keys"),
    "yaml.tag": ("不允许使用标签 {tag}", "删除以 ! 开头的标签；需要文字时用引号",
                 "tag {tag} is not allowed", "remove the tag; quote the value if it must be text"),
    "yaml.too_deep": ("嵌套超过 {limit} 层", "记录不需要这么深的结构",
                      "nesting deeper than {limit} levels", "records never need this depth"),
    "yaml.bad_int": ("{value} 不是有效的整数", "写成普通十进制整数", "{value} is not a valid integer", "write a plain decimal integer"),
    "yaml.bad_number": ("{value} 不是有效的数", "写成普通小数，如 193520.00", "{value} is not a valid number", "write a plain decimal such as 193520.00"),
    "yaml.bad_bool": ("{value} 不是有效的布尔值", "写 true 或 false", "{value} is not a boolean", "write true or false"),
    "yaml.bad_null": ("{value} 不是有效的空值", "写 null 或留空", "{value} is not null", "write null or leave it empty"),
    "file.unreadable": ("无法读取文件：{detail}", "检查文件权限", "cannot read the file: {detail}", "check the file's permissions"),
    # files in records/
    "file.not_record": ("records/ 中的这个文件不是记录", "记录是 .yaml 文件；附件放在 records/files/ 下；其他文件请移出 records/",
                        "this file in records/ is not a record", "records are .yaml files; attachments go under records/files/"),
    "file.unknown_kind": ("未知的记录类型 {kind}", "kind 应为：{known}", "unknown record kind {kind}", "kind must be one of: {known}"),
    "file.no_kind": ("缺少 kind 字段", "添加 kind，可选：{known}", "missing field kind", "add kind, one of: {known}"),
    "file.bad_name": ("文件名 {name} 不可用", "文件名以字母或数字开头，只用字母、数字、- 和 _，以 .yaml 结尾，最好与 id 一致",
                      "file name {name} is not allowed", "start with a letter or digit; use letters, digits, - and _; end with .yaml"),
    "records.empty": ("records/ 中没有任何记录", "至少需要 records/contract.yaml；用 `lvyue new 类型` 添加记录",
                      "records/ holds no records", "at least records/contract.yaml is needed"),
    "records.no_contract": ("找不到合同数据 records/contract.yaml", "合同数据是其他一切计算的依据，必须存在且有效",
                            "records/contract.yaml is missing", "every computation depends on the contract data"),
    "records.missing_dir": ("找不到记录目录 {path}", "在仓库根目录运行，或用 --records 指定",
                            "records folder {path} not found", "run from the repository root or pass --records"),
    "path.outside": ("{path} 不在记录目录内", "只校验 records/ 下的文件", "{path} is outside the records folder", "only files under records/ are validated"),
    # schema
    "schema.required": ("缺少必填字段 {name}", "添加 {name}：{about}", "missing required field {name}", "add {name}: {about}"),
    "schema.additional": ("不认识的字段 {name}", "检查拼写；这里可用的字段有：{allowed}", "unknown field {name}", "check the spelling; allowed here: {allowed}"),
    "schema.type": ("类型不对：应为{expected}", "{about}", "wrong type: expected {expected}", "{about}"),
    "schema.enum": ("取值 {value} 不在可选范围内", "可选：{allowed}", "{value} is not one of the allowed values", "allowed: {allowed}"),
    "schema.const": ("应为 {expected}", "{about}", "must be {expected}", "{about}"),
    "schema.pattern": ("格式不对：{value}", "{about}", "wrong format: {value}", "{about}"),
    "schema.format": ("不是有效的{format}：{value}", "{about}", "not a valid {format}: {value}", "{about}"),
    "schema.naive_time": ("时间 {value} 缺少时区偏移", "合同数据要求写明偏移，如 {value}+08:00", "time {value} has no UTC offset", "the contract data requires an offset, e.g. {value}+08:00"),
    "schema.limit": ("{what}：{value}", "{about}", "{what_en}: {value}", "{about}"),
    "schema.other": ("{detail}", "{about}", "{detail}", "{about}"),
    # cross-record
    "ref.duplicate_id": ("编号 {id} 重复，另一处在 {other}", "给其中一条换一个新编号（`lvyue new` 生成的编号不会重复）",
                         "id {id} is used twice; the other is in {other}", "give one of them a new id"),
    "ref.dangling": ("引用的编号 {id} 不存在", "检查编号是否写错，或先提交被引用的记录", "reference {id} does not exist", "check the id, or commit the referenced record first"),
    "ref.wrong_kind": ("引用的编号 {id} 是{actual}，这里需要{expected}", "引用正确类型的记录", "{id} is a {actual}; a {expected} is expected here", "reference a record of the right kind"),
    "ref.contract_key": ("{value} 不是合同数据中的{what}", "可选：{allowed}", "{value} is not a {what} in the contract data", "allowed: {allowed}"),
    "order.before": ("{later} 早于 {earlier}（{later_value} < {earlier_value}）", "检查时间是否写错；事件须按先后顺序发生",
                     "{later} is before {earlier} ({later_value} < {earlier_value})", "check the times; events must happen in order"),
    "term.outside": ("{value} 不在服务期内（{start} 至 {end}）", "检查日期是否写错", "{value} is outside the service term ({start} to {end})", "check the date"),
    "file.missing": ("引用的文件 {path} 不存在", "把文件放到 records/{path}，或改正路径", "referenced file {path} does not exist", "put the file at records/{path} or fix the path"),
    "file.escapes": ("文件路径 {path} 指向 records/ 之外", "只能引用 records/ 内的文件", "file path {path} leaves records/", "only files inside records/ may be referenced"),
    "finding.incomplete": ("全面检查的问题缺少{missing}", "合同 三.1 要求每个问题记录网址、问题描述和截图", "a full-inspection finding lacks {missing}", "clause 三.1 requires URL, description and screenshot"),
    "inspection.no_report": ("全面检查缺少网站监测报告", "合同 三.1 要求出具网站监测报告；填写 report", "a full inspection lacks its monitoring report", "clause 三.1 requires a report; fill in report"),
    "staff.unknown_role": ("岗位 {role} 不是合同数据中的岗位", "可选：{allowed}", "role {role} is not a contract role", "allowed: {allowed}"),
    "contract.duplicate_member": ("成员{field} {value} 重复", "每位成员的邮箱和代号必须唯一", "member {field} {value} is repeated", "member emails and codes must be unique"),
    "contract.unknown_rule": ("{value} 不是已知的{what}", "可选：{allowed}", "{value} is not a known {what}", "allowed: {allowed}"),
    "calendar.uncovered": ("{date} 不在任何工作日历的覆盖范围内", "在合同数据 calendar.extra_working_days / extra_rest_days 中写明这一年的工作日安排，或升级 chinesecalendar",
                           "no calendar covers {date}", "list that year's days in calendar.extra_working_days / extra_rest_days, or upgrade chinesecalendar"),
    # CLI
    "cli.ok": ("全部 {count} 个文件校验通过", "", "all {count} files are valid", ""),
    "cli.failed": ("{files} 个文件共有 {count} 个问题（共检查 {total} 个文件）", "", "{count} problems in {files} files ({total} files checked)", ""),
    "cli.usage": ("用法错误：{detail}", "运行 `lvyue --help` 查看用法", "usage error: {detail}", "run `lvyue --help`"),
    "cli.created": ("已创建 {path}", "", "created {path}", ""),
    "cli.wrote": ("已写出 {path}", "", "wrote {path}", ""),
    "build.step.validate": ("校验记录…", "", "validating records…", ""),
    "build.step.history": ("读取 git 历史（审计）…", "", "reading the git history (audit)…", ""),
    "build.step.metrics": ("计算履约指标（统计日 {as_of}）…", "", "computing obligations (as of {as_of})…", ""),
    "build.step.pages": ("生成 {count} 个页面…", "", "generating {count} pages…", ""),
    "build.step.mkdocs": ("MkDocs 构建网站…", "", "building the site with MkDocs…", ""),
    "build.done": ("网站已生成：{path}（{pages} 个页面，{size}，用时 {seconds} 秒）", "用浏览器打开 {index}，或运行 `lvyue serve`",
                   "site built: {path} ({pages} pages, {size}, {seconds} s)", "open {index} in a browser, or run `lvyue serve`"),
    "build.audit": ("\n审计：补录 {late}，月结后更正 {restated}，越权决定 {unauthorised}（不计入计算）；详见 审计 页或 `lvyue audit`",
                    "", "\naudit: {late} late entries, {restated} restatements, {unauthorised} unauthorised decisions (not counted); see the 审计 page or `lvyue audit`", ""),
    "build.mkdocs_failed": ("MkDocs 构建失败：{detail}", "这是 lvyue 生成页面或站点配置的问题，不是记录的问题；请报告此错误",
                            "MkDocs build failed: {detail}", "this is a problem with lvyue's pages or the site config, not your records; please report it"),
    "build.config_missing": ("站点配置文件不存在：{path}", "去掉 --config 使用内置配置，或写出正确路径",
                             "site config not found: {path}", "drop --config to use the built-in config, or fix the path"),
    "history.shallow": ("这是浅克隆，缺少完整的提交历史，无法据此审计", "运行 `git fetch --unshallow`；在 CI 中给 actions/checkout 设置 `fetch-depth: 0`；或加 --no-history 跳过审计",
                        "this is a shallow clone: the history is incomplete and cannot serve as evidence",
                        "run `git fetch --unshallow`; in CI set `fetch-depth: 0` on actions/checkout; or pass --no-history"),
    "history.not_repo": ("{path} 不在 git 仓库中", "在仓库里运行，或先 `git init` 并提交记录", "{path} is not inside a git repository", "run inside the repository"),
    "close.bad_month": ("月份 {month} 的格式不对", "写成 YYYY-MM，如 2024-08", "bad month {month}", "write YYYY-MM, e.g. 2024-08"),
    "close.exists": ("{tag} 已经存在：该月已月结", "月结不能重做；之后的修改会显示为更正", "{tag} already exists: the month is closed", "a close cannot be redone; later edits show as restatements"),
    "close.done": ("已月结：{tag}（{commit}）", "推送标签：git push origin {tag}", "closed: {tag} ({commit})", "push the tag: git push origin {tag}"),
    "seal.dirty": ("records/ 有未提交的修改，不能封存", "先提交或撤销这些修改", "records/ has uncommitted changes", "commit or discard them first"),
    "seal.done": ("已封存 {files} 个文件：{tag}", "推送：git push origin HEAD {tag}", "sealed {files} files: {tag}", "push: git push origin HEAD {tag}"),
    "verify.none": ("还没有封存（lvyue seal）", "", "no seal yet (lvyue seal)", ""),
    "verify.ok": ("与封存 {tag} 一致（{files} 个文件），封存的提交仍在历史中", "", "matches seal {tag} ({files} files); the sealed commit is still in the history", ""),
    "verify.rewritten": ("封存 {tag} 的提交 {commit} 已不在当前历史中：历史被改写或强制推送", "找出改写历史的提交；封存时的记录以标签 {tag} 为准",
                         "the commit {commit} sealed by {tag} is no longer in the history: it was rewritten or force-pushed", "find the rewrite; the tag {tag} keeps the sealed records"),
    "verify.changed": ("自封存 {tag} 以来：修改 {changed} 个，新增 {added} 个，删除 {removed} 个文件", "",
                       "since seal {tag}: {changed} changed, {added} added, {removed} removed", ""),
    "serve.listening": ("预览地址 {url}（Ctrl+C 停止）", "", "serving at {url} (Ctrl+C to stop)", ""),
}

TYPE_NAMES = {
    "zh": {"string": "文字", "integer": "整数", "number": "数", "boolean": "true/false", "object": "字段映射", "array": "列表", "null": "空"},
    "en": {"string": "text", "integer": "integer", "number": "number", "boolean": "true/false", "object": "mapping", "array": "list", "null": "null"},
}


def language(explicit: str | None = None) -> str:
    lang = explicit or os.environ.get("LVYUE_LANG", "zh")
    return "en" if lang.lower().startswith("en") else "zh"


def render(code: str, params: dict[str, Any], lang: str = "zh") -> tuple[str, str]:
    """Text and hint for a message key; unknown keys still say something useful."""
    entry = CATALOG.get(code)
    if entry is None:
        return code + " " + repr(params), ""
    text, hint = (entry[0], entry[1]) if lang == "zh" else (entry[2], entry[3])
    safe = _Defaults(params)
    return text.format_map(safe), hint.format_map(safe)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "?"
