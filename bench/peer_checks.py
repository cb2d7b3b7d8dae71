"""What a user could write instead of piis-audit: four simplified checks, in DuckDB, pandas or polars.

    python bench/peer_checks.py {duckdb,pandas,polars,fastexcel} EXPORT_DIR

Reads ``EXPORT_DIR/csv/cases.csv`` and ``evaluations.csv`` (semicolons, dd/mm/yyyy, oui/non, in the
encoding named by ``EXPORT_DIR/meta.json``) and decides, per case with a signed PIIS:

* social balance dated on or before the signature;
* signed on or before ri_decision_date + 3 months - 1 day (no mandatory-PIIS logic at all);
* signed_beneficiary and signed_cpas both "oui";
* at least 3 evaluations with report_present "oui".

These are far simpler than the eleven questions (no unknowns, no exceptions, no windows, no
explanations): they are the floor a hand-written script gives. ``fastexcel`` instead reads every
sheet of ``EXPORT_DIR/export.xlsx`` to Arrow and does nothing else: the floor of reading a workbook.
Prints one line of JSON: the peer, its seconds and its fail counts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

CHECKS = ("social-balance", "deadline", "signatures", "evaluations")


def _duckdb(folder: Path, encoding: str) -> list[int]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    options = (f"delim=';', header=true, all_varchar=true, "
               f"encoding='{'latin-1' if encoding == 'cp1252' else 'utf-8'}'")

    def date(column: str) -> str:
        return f"try_strptime(NULLIF({column}, ''), '%d/%m/%Y')::DATE"

    row = con.execute(f"""
        WITH c AS (SELECT case_id, {date('ri_decision_date')} AS decided, {date('piis_signed_date')} AS signed,
                          {date('social_balance_date')} AS balance, signed_beneficiary, signed_cpas
                   FROM read_csv('{folder}/cases.csv', {options})),
             e AS (SELECT case_id, count(*) FILTER (WHERE report_present = 'oui') AS reports
                   FROM read_csv('{folder}/evaluations.csv', {options}) GROUP BY case_id)
        SELECT count(*) FILTER (WHERE signed IS NOT NULL AND NOT coalesce(balance <= signed, false)),
               count(*) FILTER (WHERE signed IS NOT NULL
                                AND NOT coalesce(signed <= decided + INTERVAL 3 MONTH - INTERVAL 1 DAY, false)),
               count(*) FILTER (WHERE signed IS NOT NULL
                                AND NOT (signed_beneficiary = 'oui' AND signed_cpas = 'oui')),
               count(*) FILTER (WHERE signed IS NOT NULL AND coalesce(e.reports, 0) < 3)
        FROM c LEFT JOIN e USING (case_id)""").fetchone()
    assert row is not None
    return [int(n) for n in row]


def _pandas(folder: Path, encoding: str) -> list[int]:
    import pandas as pd

    def read(name: str) -> Any:
        return pd.read_csv(folder / name, sep=";", dtype=str, keep_default_na=False,
                           encoding="cp1252" if encoding == "cp1252" else "utf-8-sig")

    cases, evaluations = read("cases.csv"), read("evaluations.csv")

    def date(column: str) -> Any:
        return pd.to_datetime(cases[column].replace("", None), format="%d/%m/%Y", errors="coerce")

    decided, signed, balance = date("ri_decision_date"), date("piis_signed_date"), date("social_balance_date")
    signed_ok = signed.notna()
    reports = evaluations[evaluations.report_present == "oui"].groupby("case_id").size()
    counted = cases.case_id.map(reports).fillna(0)
    deadline = decided + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    passes = (balance.notna() & (balance <= signed), signed <= deadline,
              (cases.signed_beneficiary == "oui") & (cases.signed_cpas == "oui"), counted >= 3)
    return [int((signed_ok & ~ok).sum()) for ok in passes]


def _polars(folder: Path, encoding: str) -> list[int]:
    import polars as pl

    def read(name: str) -> Any:
        # polars decodes Windows-1252 only when reading eagerly; UTF-8 (with or without BOM) is scanned.
        if encoding == "cp1252":
            return pl.read_csv(folder / name, separator=";", infer_schema=False, encoding="windows-1252").lazy()
        return pl.scan_csv(folder / name, separator=";", infer_schema=False)

    def date(column: str) -> Any:
        return pl.col(column).str.to_date("%d/%m/%Y", strict=False)

    reports = (read("evaluations.csv").filter(pl.col("report_present") == "oui")
               .group_by("case_id").agg(pl.len().alias("reports")))
    signed = pl.col("signed")
    counts = (read("cases.csv")
              .select("case_id", date("ri_decision_date").alias("decided"), date("piis_signed_date").alias("signed"),
                      date("social_balance_date").alias("balance"), "signed_beneficiary", "signed_cpas")
              .join(reports, on="case_id", how="left")
              .select(
                  (signed.is_not_null() & ~(pl.col("balance") <= signed).fill_null(False)).sum().alias("sb"),
                  (signed.is_not_null()
                   & ~(signed <= pl.col("decided").dt.offset_by("3mo").dt.offset_by("-1d")).fill_null(False)).sum()
                  .alias("dl"),
                  (signed.is_not_null()
                   & ~((pl.col("signed_beneficiary") == "oui") & (pl.col("signed_cpas") == "oui"))).sum().alias("sg"),
                  (signed.is_not_null() & (pl.col("reports").fill_null(0) < 3)).sum().alias("ev"))
              .collect())
    return [int(v) for v in counts.row(0)]


def _fastexcel(folder: Path, encoding: str) -> list[int]:
    import fastexcel

    reader = fastexcel.read_excel(folder / "export.xlsx")
    rows = []
    for name in reader.sheet_names:
        table = reader.load_sheet(name).to_arrow()
        rows.append(table.num_rows)
    return rows


PEERS = {"duckdb": _duckdb, "pandas": _pandas, "polars": _polars, "fastexcel": _fastexcel}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in PEERS:
        sys.stderr.write(__doc__ or "")
        return 2
    data = Path(argv[1])
    meta = json.loads((data / "meta.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    counts = PEERS[argv[0]](data / "csv" if argv[0] != "fastexcel" else data, meta.get("encoding", "utf-8"))
    print(json.dumps({"peer": argv[0], "seconds": time.perf_counter() - start, "counts": counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
