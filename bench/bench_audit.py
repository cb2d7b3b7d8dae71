"""Benchmark: how close does a full audit come to the cost of merely reading the export?

    python bench/bench_audit.py [--cases 100000] [--evals-per-case 2.5] [--formats csv,xlsx]
                                [--keep DIR] [--repeat N] [--profile] [--seed S]

Generates N synthetic cases (``piis_audit.demo.generate``) as a CSV folder and as an XLSX
workbook, then measures each phase in a fresh Python process, so the peak memory reported
(``ru_maxrss``) belongs to that phase alone:

* ``csv-floor``: the ``csv`` module reads the three files and every date cell is parsed with
  ``datetime.strptime`` -- what any CSV reader must at least do;
* ``calamine-floor``: ``python_calamine`` reads every sheet to Python values;
* ``audit-csv`` / ``audit-xlsx``: ``load_export`` + ``load_checklist`` + ``run_audit`` at the
  demo's anchor date, then (timed apart) the terminal report ``piis-audit audit`` prints and the
  JSON result streamed as `--format json` writes it (to a sink that only counts the bytes).

Targets: audit <= 2x the CSV floor, <= 1.5x the calamine floor (judged on CPU time, which a
busy machine disturbs less than wall-clock time; both are printed), peak RSS of the audit
<= 1 GB per 100 000 cases. Prints a table and PASS/MISS per target; ``--repeat N`` keeps the best
of N runs per phase; ``--profile`` adds the top cProfile entries of each audit phase. This is a script, not a test: it takes minutes at 100 000 cases.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

AUDIT_VS_CSV = 2.0
AUDIT_VS_CALAMINE = 1.5
RSS_MB_PER_100K = 1024.0


# --------------------------------------------------------------------------- phases (child side)


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _csv_floor(data: Path) -> dict[str, Any]:
    from piis_audit.schema import TABLES, FieldType

    start, cpu = time.perf_counter(), time.process_time()
    rows = dates = 0
    for table in ("cases", "evaluations", "sanctions"):
        date_fields = {f.name for f in TABLES[table].fields if f.type is FieldType.DATE}
        with (data / "csv" / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            header = next(reader)
            date_idx = [i for i, name in enumerate(header) if name in date_fields]
            strptime = dt.datetime.strptime
            for row in reader:
                rows += 1
                for i in date_idx:
                    cell = row[i]
                    if cell:
                        try:
                            strptime(cell, "%d/%m/%Y")
                            dates += 1
                        except ValueError:
                            pass
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": rows,
            "dates": dates}


def _calamine_floor(data: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    start, cpu = time.perf_counter(), time.process_time()
    workbook = CalamineWorkbook.from_path(str(data / "export.xlsx"))
    rows = 0
    for name in workbook.sheet_names:
        rows += len(workbook.get_sheet_by_name(name).to_python()) - 1
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": rows}


class _CountingSink(io.RawIOBase):
    """A binary file that only counts what is written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        n = len(data)
        self.size += n
        return n


def _audit(data: Path, fmt: str, as_of: dt.date, profile: bool) -> dict[str, Any]:
    from piis_audit.engine.checklists import load_checklist
    from piis_audit.engine.runner import run_audit
    from piis_audit.formats.interface import FormatOptions
    from rich.console import Console

    from piis_audit.formats.json import stream
    from piis_audit.formats.terminal import print_report
    from piis_audit.inputs.loader import load_export

    source = data / "csv" if fmt == "csv" else data / "export.xlsx"
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    t0, cpu0 = time.perf_counter(), time.process_time()
    export = load_export([source])
    t1 = time.perf_counter()
    checklist = load_checklist()
    t2 = time.perf_counter()
    report = run_audit(export, checklist, as_of)
    t3, cpu3 = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.disable()
    rss_audit = _peak_rss_mb()
    t_terminal = time.perf_counter()
    print_report(report, Console(file=io.StringIO(), width=100), FormatOptions())
    t_json = time.perf_counter()
    sink = _CountingSink()  # as `--format json > file` does: streamed, never one string in memory
    stream(report, FormatOptions(), sink)
    t4 = time.perf_counter()
    out: dict[str, Any] = {
        "seconds": t3 - t0, "cpu": cpu3 - cpu0, "load": t1 - t0, "checklist": t2 - t1, "run": t3 - t2,
        "terminal": t_json - t_terminal, "json": t4 - t_json,
        "rss_audit": rss_audit, "json_bytes": sink.size, "cases": len(report.cases),
        "data_errors": len(export.data_errors),
    }
    if profiler is not None:
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(30)
        out["profile"] = text.getvalue()
    return out


def run_phase(phase: str, data: Path, as_of: dt.date, profile: bool) -> dict[str, Any]:
    if phase == "csv-floor":
        result = _csv_floor(data)
    elif phase == "calamine-floor":
        result = _calamine_floor(data)
    elif phase in ("audit-csv", "audit-xlsx"):
        result = _audit(data, phase.removeprefix("audit-"), as_of, profile)
    else:
        raise SystemExit(f"unknown phase {phase}")
    result["rss"] = _peak_rss_mb()
    return result


# --------------------------------------------------------------------------- data (parent side)


def resize_evaluations(evaluations: list[dict[str, Any]], n_cases: int, per_case: float,
                       rng: random.Random) -> list[dict[str, Any]]:
    """Bring the evaluation count to ``per_case`` x ``n_cases``: the generator's own rate is about
    2.5; extra rows repeat an existing evaluation of the same case a few days later, surplus rows
    are dropped at random. The verdicts change, the shape of the data does not."""
    target = round(per_case * n_cases)
    if not evaluations or abs(len(evaluations) - target) <= 0.02 * max(target, 1):
        return evaluations
    if len(evaluations) > target:
        keep = sorted(rng.sample(range(len(evaluations)), target))
        return [evaluations[i] for i in keep]
    extra = []
    for _ in range(target - len(evaluations)):
        row = dict(rng.choice(evaluations))
        row["evaluation_date"] = row["evaluation_date"] + dt.timedelta(days=rng.randint(3, 20))
        extra.append(row)
    return sorted(evaluations + extra, key=lambda r: (r["case_id"], r["evaluation_date"]))


def prepare(data: Path, n_cases: int, per_case: float, seed: int, formats: list[str]) -> dict[str, Any]:
    """Generate the export into ``data`` (reused when ``data/meta.json`` matches)."""
    from piis_audit.demo import DEMO_AS_OF
    from piis_audit.demo.generate import generate, write_csv_folder, write_xlsx

    meta = {"cases": n_cases, "evals_per_case": per_case, "seed": seed, "as_of": DEMO_AS_OF.isoformat()}
    meta_path = data / "meta.json"
    ready = meta_path.exists() and json.loads(meta_path.read_text()).get("params") == meta
    if ready and (data / "csv").is_dir() and ("xlsx" not in formats or (data / "export.xlsx").exists()):
        info: dict[str, Any] = json.loads(meta_path.read_text())
        print(f"reusing the export in {data}")
        return info
    t0 = time.perf_counter()
    cases, evaluations, sanctions = generate(n_cases, seed, DEMO_AS_OF)
    evaluations = resize_evaluations(evaluations, n_cases, per_case, random.Random(seed + 1))
    t1 = time.perf_counter()
    write_csv_folder(cases, evaluations, sanctions, data / "csv")
    t2 = time.perf_counter()
    if "xlsx" in formats:
        write_xlsx(cases, evaluations, sanctions, data / "export.xlsx")
    t3 = time.perf_counter()
    info = {"params": meta, "rows": {"cases": len(cases), "evaluations": len(evaluations),
                                     "sanctions": len(sanctions)},
            "seconds": {"generate": t1 - t0, "csv": t2 - t1, "xlsx": t3 - t2}}
    meta_path.write_text(json.dumps(info, indent=1))
    print(f"generated {len(cases)} cases, {len(evaluations)} evaluations, {len(sanctions)} sanctions "
          f"in {t1 - t0:.1f} s; CSV written in {t2 - t1:.1f} s, XLSX in {t3 - t2:.1f} s")
    return info


def child(phase: str, data: Path, as_of: dt.date, profile: bool) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its last stdout line is the JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--data", str(data),
           "--as-of", as_of.isoformat()] + (["--profile"] if profile else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- report


def report(n_cases: int, results: dict[str, dict[str, Any]], profile: bool) -> bool:
    """Print the table and the targets; True when every target is met.

    Ratios are given on wall-clock time and on CPU time (``process_time``); the targets are
    judged on CPU time, which other processes on a busy machine disturb much less."""
    per100k = 100_000 / max(n_cases, 1)
    rss_limit = RSS_MB_PER_100K * max(1.0, n_cases / 100_000)
    floors = {"audit-csv": ("csv-floor", AUDIT_VS_CSV), "audit-xlsx": ("calamine-floor", AUDIT_VS_CALAMINE)}
    print()
    print(f"{'phase':<16}{'seconds':>9}{'s/100k':>9}{'cpu s':>9}{'ratio':>8}{'cpu ratio':>11}"
          f"{'peak MB':>9}   detail")
    for phase, r in results.items():
        ratio = cpu_ratio = ""
        if phase in floors and floors[phase][0] in results:
            floor = results[floors[phase][0]]
            ratio = f"{r['seconds'] / floor['seconds']:.2f}x"
            cpu_ratio = f"{r['cpu'] / floor['cpu']:.2f}x"
        peak = r.get("rss_audit", r["rss"])
        detail = ""
        if phase.startswith("audit-"):
            detail = (f"load {r['load']:.2f} s, checklist {r['checklist']:.2f} s, run {r['run']:.2f} s; "
                      f"then terminal report {r['terminal']:.2f} s, json {r['json']:.2f} s ({r['json_bytes'] / 1e6:.0f} MB, "
                      f"peak {r['rss']:.0f} MB with it)")
        print(f"{phase:<16}{r['seconds']:>9.2f}{r['seconds'] * per100k:>9.2f}{r['cpu']:>9.2f}{ratio:>8}"
              f"{cpu_ratio:>11}{peak:>9.0f}   {detail}")
    print()
    if profile:
        print("(--profile: the audit timings include cProfile's overhead; judge the targets without it)")
    ok = True
    for phase, (floor_name, limit) in floors.items():
        if phase in results and floor_name in results:
            ratio_cpu = results[phase]["cpu"] / results[floor_name]["cpu"]
            verdict = "PASS" if ratio_cpu <= limit else "MISS"
            ok &= verdict == "PASS"
            print(f"{verdict}  {phase}: {ratio_cpu:.2f}x the {floor_name} in CPU time (target <= {limit}x)")
    for phase, r in results.items():
        if phase.startswith("audit-"):
            verdict = "PASS" if r["rss_audit"] <= rss_limit else "MISS"
            ok &= verdict == "PASS"
            print(f"{verdict}  {phase}: peak RSS {r['rss_audit']:.0f} MB before JSON "
                  f"(target <= {rss_limit:.0f} MB)")
    if profile:
        for phase, r in results.items():
            if "profile" in r:
                print(f"\n===== cProfile of {phase} (load + checklist + run) =====\n{r['profile']}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--evals-per-case", type=float, default=2.5)
    parser.add_argument("--formats", default="csv,xlsx", help="comma-separated: csv, xlsx")
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder and keep it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per phase, the best one is kept")
    parser.add_argument("--profile", action="store_true", help="print cProfile top entries of the audits")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # internal: run one phase in this process
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # internal: generate
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print(json.dumps(run_phase(args.phase, args.data, args.as_of, args.profile)))
        return 0
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - {"csv", "xlsx"}
    if unknown:
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")
    if args.prepare:
        prepare(args.data, args.cases, args.evals_per_case, args.seed, formats)
        return 0
    if isinstance(sys.stdout, io.TextIOWrapper):  # progress lines show up when redirected to a file
        sys.stdout.reconfigure(line_buffering=True)

    from piis_audit.demo import DEMO_AS_OF

    with tempfile.TemporaryDirectory(prefix="piis-bench-") as tmp:
        data = args.keep or Path(tmp)
        data.mkdir(parents=True, exist_ok=True)
        # Generate in a child too: on Linux a child's ru_maxrss starts from its parent's resident
        # size (fork, then exec keeps the high-water mark), so this process must stay small.
        cmd = [sys.executable, str(Path(__file__).resolve()), "--prepare", "--data", str(data),
               "--cases", str(args.cases), "--evals-per-case", str(args.evals_per_case),
               "--seed", str(args.seed), "--formats", ",".join(formats)]
        if subprocess.run(cmd, check=False).returncode != 0:
            raise SystemExit("generating the export failed")
        results: dict[str, dict[str, Any]] = {}
        for fmt in formats:
            floor = "csv-floor" if fmt == "csv" else "calamine-floor"
            for phase in (floor, f"audit-{fmt}"):
                print(f"running {phase} ...", flush=True)
                # Best of --repeat runs (by CPU time): the least disturbed measurement.
                runs = [child(phase, data, DEMO_AS_OF, args.profile) for _ in range(args.repeat)]
                results[phase] = min(runs, key=lambda r: r["cpu"])
        ok = report(args.cases, results, args.profile)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
