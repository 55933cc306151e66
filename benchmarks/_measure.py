"""Run one measured step in a child process and print its seconds and peak RSS (internal)."""
from __future__ import annotations

import glob
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    step, repo = sys.argv[1], Path(sys.argv[2])
    start = time.perf_counter()
    if step == "bare":
        import yaml
        files = sorted(glob.glob(str(repo / "records" / "**" / "*.yaml"), recursive=True))
        for name in files:
            with open(name, "rb") as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    elif step == "validate":
        from lvyue.schemas import SchemaSet
        from lvyue.validate import validate
        result = validate(repo / "records", SchemaSet.load(repo / "schemas"))
        assert result.ok, result.problems[:3]
    elif step == "metrics":
        from lvyue.schemas import SchemaSet
        from lvyue.validate import validate
        from lvyue.engine import compute
        result = validate(repo / "records", SchemaSet.load(repo / "schemas"))
        loaded = time.perf_counter()
        import datetime
        compute(result.contract, result.records, datetime.date(2025, 7, 31))
        print(f"load={loaded - start:.3f} engine={time.perf_counter() - loaded:.3f}")
    elif step == "build":
        import datetime
        from lvyue.schemas import SchemaSet
        from lvyue.site.build import build_site
        phases = {}
        last = [time.perf_counter()]

        def progress(key, params):
            now = time.perf_counter()
            phases[key.rsplit(".", 1)[1]] = now
        built = build_site(repo / "records", SchemaSet.load(repo / "schemas"), lambda r: datetime.date(2025, 7, 31),
                           repo / "build", repo / "site", progress=progress)
        assert built.metrics is not None, built.result.problems[:3]
        end = time.perf_counter()
        marks = [start] + [phases[k] for k in ("metrics", "pages", "mkdocs")] + [end]
        names = ("validate", "metrics", "pages", "mkdocs")
        print(" ".join(f"{n}={b - a:.3f}" for n, a, b in zip(names, marks, marks[1:])),
              f"pages_n={built.pages} site_mib={built.size / 1048576:.1f}")
    elif step == "mkdocs":  # the peer: MkDocs alone on the pages lvyue generated
        from lvyue.site.build import BUILTIN_CONFIG, run_mkdocs
        run_mkdocs(BUILTIN_CONFIG, (repo / "build" / "docs").resolve(), (repo / "site-peer").resolve(), "peer")
    elif step == "peer":
        import subprocess
        for kind, folder in (("ticket", "tickets"), ("inspection", "inspections"), ("change", "changes")):
            files = sorted(str(p) for p in (repo / "records" / folder).rglob("*.yaml"))
            schema = repo / "schemas" / f"{kind}.schema.json"
            for i in range(0, len(files), 5000):  # batches: a 50,000-file argv is too long
                subprocess.run(["check-jsonschema", "--schemafile", str(schema), "--base-uri", schema.as_uri(),
                                "--disable-formats", "*", *files[i:i + 5000]], check=True, capture_output=True)
        print(f"seconds={time.perf_counter() - start:.3f} "
              f"peak_mib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f}")
        return
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seconds={time.perf_counter() - start:.3f} peak_mib={peak:.1f}")


if __name__ == "__main__":
    main()
