"""piis-audit side by side with what a user could pick instead, whole processes, in one run.

    python bench/side_by_side.py [--cases 200000] [--evals-per-case 2.4] [--report-cases 20000]
                                 [--repeat 2] [--keep DIR] [--peers-python PATH] [--skip xlsx,json,...]

Generates a synthetic export (the demo generator's scenario mix) as a CSV folder in Windows-1252
(``;``, dd/mm/yyyy, oui/non: as Belgian exports come) and as a workbook, then times each command
as a separate process (``os.wait4``: wall-clock seconds, CPU seconds, peak RSS of that process):

* the peers of ``bench/peer_checks.py``: DuckDB, pandas and polars deciding four simplified checks,
  and fastexcel reading the workbook to Arrow (run with ``--peers-python``, an interpreter that has
  them: ``pip install '.[bench]'``); a peer whose library is missing is reported, not fatal;
* ``piis-audit audit`` on the CSV folder and on the workbook (``--quiet``), with ``--format json``
  written to a file, and with ``-o report.html`` / ``-o report.xlsx`` on a ``--report-cases`` export;
* ``piis-audit audit --quiet`` on the bundled demo (400 cases): the everyday, small case.

Prints a Markdown table (best of ``--repeat`` runs per row) to paste into the README.
This is a script, not a test: at 200,000 cases it takes several minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_audit import prepare  # noqa: E402 - the generator shared with bench_audit.py

DEMO_AS_OF = "2026-11-26"


@dataclass
class Run:
    label: str
    wall: float
    cpu: float
    rss_mb: float
    status: int
    note: str = ""


def timed(label: str, argv: list[str], stdout_path: Path | None = None) -> Run:
    """Run ``argv`` as its own process; its wall-clock time, CPU time and peak RSS."""
    with open(stdout_path or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    note = err.decode("utf-8", "replace").strip().splitlines()[-1][:120] if proc.returncode != 0 and err else ""
    return Run(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, note)


def best(label: str, argv: list[str], repeat: int, stdout_path: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> Run:
    """The fastest of ``repeat`` runs; a run whose exit status is not in ``ok`` is marked failed."""
    runs = [timed(label, argv, stdout_path) for _ in range(repeat)]
    for run in runs:
        if run.status not in ok:
            run.note = run.note or "failed"
    return min(runs, key=lambda r: (r.status not in ok, r.wall))


def to_cp1252(folder: Path) -> None:
    """Re-encode the generated UTF-8 (BOM) CSV files as Windows-1252, as most CPAS exports come."""
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(text, encoding="cp1252", newline="")


def dataset(root: Path, cases: int, per_case: float, formats: list[str]) -> Path:
    folder = root / f"{cases}"
    info = prepare(folder, cases, per_case, 7, formats)
    if info.get("encoding") != "cp1252":
        to_cp1252(folder / "csv")
        info["encoding"] = "cp1252"
        (folder / "meta.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--evals-per-case", type=float, default=2.4)
    parser.add_argument("--report-cases", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    parser.add_argument("--peers-python", default=sys.executable,
                        help="an interpreter with duckdb, pandas, polars, pyarrow and fastexcel")
    parser.add_argument("--piis-audit", default=shutil.which("piis-audit") or "piis-audit")
    parser.add_argument("--skip", default="", help="comma-separated rows to leave out "
                        "(duckdb,pandas,polars,fastexcel,csv,xlsx,json,html,xlsx-report,demo)")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    root = args.keep or Path(tempfile.mkdtemp(prefix="piis-bench-"))
    big = dataset(root, args.cases, args.evals_per_case, ["csv", "xlsx"])
    small = dataset(root, args.report_cases, args.evals_per_case, ["csv"])
    rows = json.loads((big / "meta.json").read_text())["rows"]
    out = root / "out"
    out.mkdir(exist_ok=True)
    tool = [args.piis_audit, "audit"]
    as_of = ["--as-of", DEMO_AS_OF]
    plan: list[tuple[str, str, list[str], Path | None]] = [
        ("duckdb", "DuckDB, four simplified checks (CSV)", [args.peers_python, str(HERE / "peer_checks.py"), "duckdb", str(big)], None),
        ("pandas", "pandas, four simplified checks (CSV)", [args.peers_python, str(HERE / "peer_checks.py"), "pandas", str(big)], None),
        ("polars", "polars, four simplified checks (CSV)", [args.peers_python, str(HERE / "peer_checks.py"), "polars", str(big)], None),
        ("fastexcel", "fastexcel, workbook read to Arrow", [args.peers_python, str(HERE / "peer_checks.py"), "fastexcel", str(big)], None),
        ("csv", "piis-audit audit CSV folder --quiet", [*tool, str(big / "csv"), "--quiet", *as_of], None),
        ("xlsx", "piis-audit audit workbook --quiet", [*tool, str(big / "export.xlsx"), "--quiet", *as_of], None),
        ("json", "piis-audit audit CSV folder --format json > file", [*tool, str(big / "csv"), "--format", "json", *as_of], out / "result.json"),
        ("html", f"piis-audit -o report.html ({args.report_cases:,} cases)", [*tool, str(small / "csv"), "--quiet", *as_of, "-o", str(out / "report.html")], None),
        ("xlsx-report", f"piis-audit -o report.xlsx ({args.report_cases:,} cases)", [*tool, str(small / "csv"), "--quiet", *as_of, "-o", str(out / "report.xlsx")], None),
        ("demo", "piis-audit audit --quiet (bundled demo, 400 cases)", [*tool, "--quiet"], None),
    ]
    results: list[Run] = []
    for key, label, command, stdout_path in plan:
        if key in skip:
            continue
        # piis-audit exits 1 when it has findings (the demo data has); a peer must exit 0.
        ok = (0, 1) if command[0] == args.piis_audit else (0,)
        run = best(label, command, args.repeat, stdout_path, ok)
        run.status = run.status if run.status in ok else -abs(run.status or 1)
        results.append(run)
        print(f"{label}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss_mb:.0f} MB"
              + (f" (FAILED: {run.note})" if run.status < 0 else ""), flush=True)
    print()
    print(f"{dt.date.today():%d/%m/%Y}, {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{rows['cases']:,} cases, {rows['evaluations']:,} evaluations, {rows['sanctions']:,} sanctions; "
          f"best of {args.repeat}, whole processes")
    print()
    print("| run | wall s | CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|")
    for run in results:
        failed = " (FAILED)" if run.status < 0 else ""
        print(f"| {run.label}{failed} | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
