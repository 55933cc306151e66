"""One pass over the repository history: where every record file came from.

`git log` runs once for the whole of records/ (a process per file takes over
half an hour at 5,000 records; one pass, about a second). First-parent
history, so a merged pull request is attributed to its merge commit — the
moment the record entered main — with renames followed and paths kept exact
(-z: no quoting of non-ASCII names). Revisions and paths reach git only after
`--end-of-options` and `--`, so a file named `--output=x.yaml` is a file.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

import git


class HistoryError(Exception):
    """The history cannot be read as evidence (not a repository, or a shallow clone)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    author_email: str
    authored: datetime
    committer: str
    committer_email: str
    committed: datetime
    signature: str  # git's %G? letter: G good, B bad, U untrusted, N none, ... ; "" when not checked
    signer: str = ""  # the signing key's fingerprint when signed

    @property
    def short(self) -> str:
        return self.sha[:10]


@dataclass
class FileHistory:
    """One record file's life: the commit that added it and every later change, under any name."""
    added: Commit
    path: str  # the current path in the repository
    changes: list[tuple[Commit, str, str]] = field(default_factory=list)  # (commit, status M/R, path after it)
    names: list[str] = field(default_factory=list)  # earlier paths, oldest first

    @property
    def last(self) -> Commit:
        return self.changes[-1][0] if self.changes else self.added


@dataclass
class History:
    files: dict[str, FileHistory]  # record file as the records report it (records/…) → history
    commits: list[Commit]  # first-parent, oldest first
    head: str
    deleted: list[tuple[str, Commit]] = field(default_factory=list)  # (record file, the commit that deleted it)


_FIELDS = "%H%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI"
_SIGNED = "%x1f%G?%x1f%GF"


@contextmanager
def open_repo(path: Path) -> Iterator[git.Repo]:
    """The repository holding `path`; every git child process is gone when the block ends."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError("history.not_repo", path=str(path)) from None
    try:
        yield repo
    finally:
        repo.git.clear_cache()
        repo.close()


def check_full(repo: git.Repo) -> None:
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
        raise HistoryError("history.shallow")


def read(repo: git.Repo, records_dir: Path, signatures: bool = False, rev: str = "HEAD") -> History:
    """Every record file's provenance from one `git log` over records/."""
    check_full(repo)
    root = Path(repo.working_tree_dir).resolve()
    prefix = records_dir.resolve().relative_to(root).as_posix()
    try:
        head = repo.git.rev_parse("--verify", "--end-of-options", rev + "^{commit}").strip()
    except git.GitCommandError:
        return History({}, [], "")  # no commit yet
    git_prefix = prefix + "/"
    shown = records_dir.name + "/"  # records report their file relative to the records folder's parent
    out = repo.git.log("--first-parent", "--reverse", "-M", "--diff-merges=first-parent", "--name-status", "-z",
                       "--format=%x1e" + _FIELDS + (_SIGNED if signatures else ""),
                       "--end-of-options", head, "--", prefix, strip_newline_in_stdout=False)
    hist = parse(out, head)
    hist.files = {shown + p[len(git_prefix):]: h for p, h in hist.files.items() if p.startswith(git_prefix)}
    hist.deleted = [(shown + p[len(git_prefix):], c) for p, c in hist.deleted if p.startswith(git_prefix)]
    return hist


def parse(out: str, head: str = "") -> History:
    files: dict[str, FileHistory] = {}
    commits: list[Commit] = []
    deleted: list[tuple[str, Commit]] = []
    for chunk in out.split("\x1e")[1:]:
        header, _, body = chunk.partition("\0")
        f = header.split("\x1f")
        commit = Commit(f[0], f[1], f[2], datetime.fromisoformat(f[3]), f[4], f[5], datetime.fromisoformat(f[6]),
                        f[7] if len(f) > 7 else "", f[8] if len(f) > 8 else "")
        commits.append(commit)
        tokens = body.lstrip("\n").split("\0")
        i = 0
        while i < len(tokens) and tokens[i]:
            status = tokens[i]
            letter = status[0]
            if letter in "RC":
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
                if letter == "R" and old in files:
                    hist = files.pop(old)
                    hist.names.append(old)
                    hist.changes.append((commit, "R", new))
                    hist.path = new
                    files[new] = hist
                else:
                    files[new] = FileHistory(commit, new)
                continue
            path = tokens[i + 1]
            i += 2
            if letter == "A" or path not in files:
                if letter != "D":
                    files[path] = FileHistory(commit, path)
            elif letter == "D":
                files.pop(path, None)
                deleted.append((path, commit))
            else:
                files[path].changes.append((commit, letter, path))
    return History(files, commits, head, deleted)
