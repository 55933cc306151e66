"""The `lvyue` command: thin wrappers over the library, one subcommand each.

Exit codes: 0 all good, 1 the records are invalid (or a gate failed), 2 usage
error. No traceback reaches a user: an unexpected error is one line and
exit 3 (LVYUE_DEBUG=1 shows the traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .messages import language, render


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print English usage and exit 2
        raise UsageError(message)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--records", type=Path, default=Path("records"), help="记录目录 (default: records)")
    p.add_argument("--schemas", type=Path, default=None, help="schema 目录 (default: schemas/ beside records/)")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="消息语言 / message language")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lvyue", description="履约：合同履约记录账本 / contract-performance ledger")
    parser.add_argument("--version", action="version", version=f"lvyue {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("validate", help="校验记录 / validate records")
    _common(p)
    p.add_argument("paths", nargs="*", type=Path, help="只报告这些文件的问题 / report only these files")
    p.add_argument("--format", choices=["text", "json", "github"], default=None)

    p = sub.add_parser("new", help="新建记录 / create a record from its schema")
    _common(p)
    p.add_argument("kind")
    p.add_argument("--at", default=None, help="记录时间（默认现在）/ time to fill in (default: now)")
    p.add_argument("--author", default=None, help="提交人邮箱（默认 git user.email）")

    p = sub.add_parser("metrics", help="计算履约指标与违约金台账 / compute obligations and the penalty ledger")
    _common(p)
    p.add_argument("--as-of", default=None, help="统计日 YYYY-MM-DD（默认今天，最晚到服务期末或最后一条记录）")
    p.add_argument("--out", type=Path, default=Path("build/metrics.json"))
    p.add_argument("--fail-on", choices=["breach", "penalty", "never"], default="never",
                   help="breach：有违约金或不符合项时退出码为 1")
    p.add_argument("--no-history", action="store_true", help="不读取 git 历史（不审计，甲方决定全部计入）")

    for name, text in (("build", "生成履约看板网站 / build the dashboard site"),
                       ("serve", "生成并在本机预览网站 / build and preview the site locally")):
        p = sub.add_parser(name, help=text)
        _common(p)
        p.add_argument("--as-of", default=None, help="统计日 YYYY-MM-DD（默认今天，最晚到服务期末或最后一条记录）")
        p.add_argument("--build-dir", type=Path, default=Path("build"), help="生成的页面和 metrics.json (default: build)")
        p.add_argument("--site-dir", type=Path, default=Path("site"), help="网站输出目录 (default: site)")
        p.add_argument("--config", type=Path, default=None,
                       help="MkDocs 配置（默认：records/ 旁的 mkdocs.yml，没有则用内置配置）")
        p.add_argument("--no-history", action="store_true", help="不读取 git 历史（不审计，甲方决定全部计入）")
        if name == "serve":
            p.add_argument("--port", type=int, default=8000)
            p.add_argument("--no-build", action="store_true", help="不重新生成，直接预览已有的 site/")

    p = sub.add_parser("audit", help="从 git 历史审计记录 / audit the records from the git history")
    _common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--fail", action="store_true", help="有补录、更正、越权决定或封存不符时退出码为 1")

    p = sub.add_parser("close", help="月结：给该月打标签 / close a month (annotated tag)")
    _common(p)
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("--sign", action="store_true", help="签名标签（git tag -s）")

    p = sub.add_parser("seal", help="封存：写入证据清单并打标签 / seal the evidence")
    _common(p)
    p.add_argument("--sign", action="store_true", help="签名标签（git tag -s）")

    p = sub.add_parser("verify", help="核对最近一次封存 / check the latest seal")
    _common(p)

    p = sub.add_parser("codeowners", help="按合同数据生成 .github/CODEOWNERS / write CODEOWNERS from the contract data")
    _common(p)
    p.add_argument("--out", type=Path, default=None, help="默认：records/ 旁的 .github/CODEOWNERS")

    p = sub.add_parser("diff", help="比较两份 metrics.json（拉取请求摘要）/ compare two metrics.json files")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)

    p = sub.add_parser("demo", help="生成演示仓库（按日期回放演示年度的提交）/ create a demo repository")
    p.add_argument("dir", type=Path)

    p = sub.add_parser("generate-demo", help="生成演示年度记录 / write the demo year's records")
    p.add_argument("out", type=Path)
    p.add_argument("--seed", type=int, default=20240713)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = language(_peek_lang(argv))
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 2
        from . import commands
        return getattr(commands, args.command.replace("-", "_"))(args, language(getattr(args, "lang", None) or lang))
    except UsageError as exc:
        text, hint = render("cli.usage", {"detail": str(exc)}, lang)
        print(f"lvyue: {text}\n    {hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `lvyue audit | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        from .history import HistoryError
        if isinstance(exc, HistoryError):  # the repository cannot serve as evidence: say why and how to fix
            text, hint = render(exc.code, exc.params, lang)
            print(f"lvyue: {text}\n    {hint}", file=sys.stderr)
            return 1
        if os.environ.get("LVYUE_DEBUG"):
            raise
        print(f"lvyue: 内部错误 / internal error: {type(exc).__name__}: {exc} (LVYUE_DEBUG=1 显示详情)", file=sys.stderr)
        return 3


def _peek_lang(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    sys.exit(main())
