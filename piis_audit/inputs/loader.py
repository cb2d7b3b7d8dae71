"""Reading an export into :class:`~piis_audit.model.ExportData`: the public entry point.

Nothing is lost on the way (issue "Audit pipeline", item 3):

* a cell that cannot be read becomes ``None``, its field is added to ``Case.invalid`` and a
  :class:`~piis_audit.model.DataError` names file, table, row (as Excel shows it), column (the
  header as written) and value; the case is still audited;
* a row that cannot be audited at all (a case without ``case_id``, a repeated ``case_id``, an
  evaluation or sanction of an unknown case or without its date) is a
  :class:`~piis_audit.model.RejectedRow` *and* a DataError, and is counted in
  ``InputSummary.rejected`` (``rows == audited + rejected``);
* unknown columns are reported once and, in ``cases``, kept in ``Case.extra`` for display;
  sheets and files that are not a table are reported and ignored;
* in an export folder, what is not a table (a report being written there, a PDF, an empty or
  unreadable file, a subfolder) is reported and skipped: only an export without a readable
  cases table stops;
* a file is read by what its bytes are (:mod:`piis_audit.inputs.sniff`), with a note when that
  is not what its name says.

What makes reading impossible raises :class:`~piis_audit.inputs.errors.InputError`.

Rows are read straight from the CSV reader or calamine's row iterator and parsed column-wise
(:mod:`piis_audit.inputs.table_reader`, :mod:`piis_audit.inputs.columns`); here the tables are
recognised, cases selected, evaluations and sanctions attached, and the result assembled: the
typed frames of the audited rows (``ExportData.frames``, :mod:`piis_audit.inputs.export_frames`)
and the Case objects, a view of the same values for the engine that still reads them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from piis_audit.gcpause import gc_paused
from piis_audit.inputs.csv_source import CsvSource
from piis_audit.inputs.errors import InputError
from piis_audit.inputs.export_frames import export_frames
from piis_audit.inputs.headers import match_headers, match_table
from piis_audit.inputs.interface import ProgressCallback, RawTable, TableSource
from piis_audit.inputs.mapping import UserMapping, load_mapping, parse_mapping
from piis_audit.inputs.messages import data_error, input_error, message, rejected_row
from piis_audit.inputs.table_reader import Progress, TableRows, read_table
from piis_audit.inputs.header_row import is_header, locate_header
from piis_audit.inputs.values import Invalid
from piis_audit.inputs.values import invalid as invalid_value
from piis_audit.inputs.xlsx_source import XlsxSource
from piis_audit.inputs.sniff import Content, content_of, expected_content, looks_like_a_table
from piis_audit.inputs.case_view import CaseSource, Kept, LazyCases
from piis_audit.model import DataError, ExportData, Message
from piis_audit.schema import CASES, EVALUATIONS, SANCTIONS, TABLES, TableSpec

if TYPE_CHECKING:  # polars is imported when an export is read, not for --help
    import polars as pl

__all__ = ["InputError", "ProgressCallback", "load_export", "load_mapping"]

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
# Workbooks python-calamine reads: Excel 2007+ (.xlsx, .xlsm, .xlsb), Excel 97-2003 (.xls) and
# OpenDocument (.ods, LibreOffice). Apple Numbers files are not among them.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
OLD_SPREADSHEETS = frozenset({".numbers"})
_CHILD_TABLES: dict[str, tuple[TableSpec, str]] = {
    "evaluations": (EVALUATIONS, "evaluation_date"),
    "sanctions": (SANCTIONS, "decision_date"),
}

# --------------------------------------------------------------------------- files


@dataclass
class _Files:
    """The files of an export: those to read, and what was skipped on the way (with why)."""

    paths: list[Path] = field(default_factory=list)
    lenient: set[Path] = field(default_factory=set)  # found in a folder: unreadable means skipped
    notes: list[DataError] = field(default_factory=list)  # files skipped, or read by their content
    skipped: list[tuple[Path, InputError]] = field(default_factory=list)  # unreadable files skipped

    def note(self, path: Path, text: Message) -> None:
        self.notes.append(data_error(str(path), path.stem or path.name, None, None, None, text))

    def skip(self, path: Path, error: InputError) -> None:
        """``path`` cannot be read: skipped, with why (the reader's own sentence)."""
        self.skipped.append((path, error))
        reason = error.text if error.text is not None else message("inputs.file.unreadable", error=str(error))
        self.note(path, message("inputs.file.skipped", reason=reason))


def _folder_files(folder: Path, files: _Files) -> list[Path]:
    """The table files of ``folder`` (CSV-like names), sorted; what else it holds is noted as
    skipped (a report saved there, a README, a subfolder). Hidden files and Office's lock files
    (``~$export.xlsx``) are passed over without a note."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise input_error("inputs.fatal.cannot_read", path=str(folder), error=str(exc.strerror or exc)) from None
    found: list[Path] = []
    workbooks: list[Path] = []
    others: list[tuple[Path, Message]] = []
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        suffix = entry.suffix.lower()
        if entry.is_dir():
            others.append((entry, message("inputs.file.skipped_folder")))
        elif suffix in CSV_SUFFIXES:
            found.append(entry)
        elif suffix in WORKBOOK_SUFFIXES:
            workbooks.append(entry)
            others.append((entry, message("inputs.file.skipped_workbook", path=str(entry))))
        else:
            others.append((entry, message("inputs.file.skipped_not_table", suffix=suffix or "''")))
    if not found:
        if workbooks:
            raise input_error("inputs.fatal.folder_workbook_only", path=str(folder), workbook=str(workbooks[0]))
        raise input_error("inputs.fatal.folder_no_csv", path=str(folder))
    for entry, text in others:
        files.note(entry, text)
    files.lenient.update(found)
    return found


def _input_files(paths: Sequence[Path]) -> _Files:
    """The files of the export, in the order given (folders expanded to their CSV files)."""
    if not paths:
        raise input_error("inputs.fatal.no_export")
    files = _Files()
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise input_error("inputs.fatal.export_not_found", path=str(path))
        if path.is_dir():
            found = _folder_files(path, files)
        else:
            suffix = path.suffix.lower()
            if suffix in OLD_SPREADSHEETS:
                raise input_error("inputs.fatal.old_spreadsheet", path=str(path), suffix=suffix)
            if suffix not in CSV_SUFFIXES and suffix not in WORKBOOK_SUFFIXES:
                raise input_error("inputs.fatal.not_csv_or_xlsx", path=str(path),
                                  workbooks=", ".join(WORKBOOK_SUFFIXES))
            found = [path]
            files.lenient.discard(path)  # named on its own: it must be readable
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.paths.append(file)
    return files


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise input_error("inputs.fatal.cannot_read", path=str(path), error=str(exc.strerror or exc)) from None
    if not data:
        raise input_error("inputs.fatal.empty_file", path=str(path))
    return data


def fingerprint(blobs: Mapping[Path, bytes]) -> str:
    """sha256 over the files' bytes, in sorted path order (the same export -> the same hex)."""
    digest = hashlib.sha256()
    for path in sorted(blobs, key=str):
        digest.update(blobs[path])
    return digest.hexdigest()


def _label(paths: Sequence[Path]) -> str:
    names = [Path(p).name or str(p) for p in paths]
    return names[0] if len(names) == 1 else ", ".join(names)


# --------------------------------------------------------------------------- the export


class _ExportReader:
    def __init__(self, user: UserMapping, progress: ProgressCallback | None, files: _Files | None = None) -> None:
        self.user = user
        self.progress_callback = progress
        self.files = files or _Files()
        self.file_errors: list[DataError] = self.files.notes
        self.seen_names: list[str] = []  # every sheet and file, for the "no cases table" message

    def _tables_of(self, source: TableSource) -> list[RawTable] | None:
        """The source's tables; None when a file found in a folder cannot be read (skipped)."""
        try:
            raws = list(source.tables())
            if source.is_workbook and not raws:
                raise input_error("inputs.fatal.empty_workbook", path=str(source.path))
        except InputError as exc:
            if source.path not in self.files.lenient:
                raise
            self.files.skip(source.path, exc)
            return None
        return raws

    def classify(self, sources: Sequence[TableSource]) -> list[tuple[str, RawTable]]:
        """(table, raw table) for each recognised sheet or file, in the order given."""
        readable = [(source, raws) for source in sources if (raws := self._tables_of(source)) is not None]
        only_csv = len(readable) == 1 and not readable[0][0].is_workbook
        found: list[tuple[str, RawTable]] = []
        ignored: list[tuple[TableSource, RawTable]] = []
        for source, raws in readable:
            for raw in raws:
                self.seen_names.append(raw.name if source.is_workbook else Path(raw.file).name)
                table = match_table(raw.name, self.user.tables)
                if table is None and source.is_workbook and len(raws) == 1:
                    # a single sheet is the table its file is named after, else the cases table
                    table = match_table(Path(raw.file).stem, self.user.tables) or "cases"
                if table is None and only_csv:
                    table = "cases"  # a single CSV file is the cases table
                if table is None:
                    ignored.append((source, raw))
                    continue
                found.append((table, raw))
        if ignored and all(table != "cases" for table, _ in found):
            found += self._cases_by_content(ignored)
        for source, raw in ignored:
            key = "inputs.table.sheet_ignored" if source.is_workbook else "inputs.table.file_ignored"
            self.file_errors.append(data_error(raw.file, raw.name, None, None, None,
                                               message(key, tables=", ".join(TABLES))))
        return found

    def _cases_by_content(self, ignored: list[tuple[TableSource, RawTable]]) -> list[tuple[str, RawTable]]:
        """No file is named after the cases table: the one CSV file whose header names case_id is
        it (an export named ``export_2024.csv`` next to a report saved as ``fr_audit.txt``), with
        a note; none, when several do (which one is not guessed). Taken out of ``ignored``."""
        candidates: list[int] = []
        for index, (source, raw) in enumerate(ignored):
            if not source.is_workbook:
                located = locate_header(raw, CASES, self.user)
                ignored[index] = (source, located)
                if is_header(located.header, CASES, self.user):
                    candidates.append(index)
        if len(candidates) != 1:
            return []
        _, raw = ignored.pop(candidates[0])
        self.file_errors.append(data_error(raw.file, raw.name, None, None, None,
                                           message("inputs.table.taken_as_cases")))
        return [("cases", raw)]

    def read(self, sources: Sequence[TableSource], digest: str, label: str) -> ExportData:
        found = [(table, locate_header(raw, TABLES[table], self.user)) for table, raw in self.classify(sources)]
        cases_raw = [raw for table, raw in found if table == "cases"]
        if not cases_raw:
            for path, error in self.files.skipped:  # the cases file itself could not be read: say why
                if match_table(path.stem, self.user.tables) == "cases":
                    raise error
            self.seen_names += [path.name for path, _ in self.files.skipped]
            seen = ", ".join(f"'{n}'" for n in self.seen_names) or message("inputs.fatal.none")
            raise input_error("inputs.fatal.no_cases_table", label=label, seen=seen,
                              aliases=", ".join(CASES.aliases),
                              example='tables: {cases: "<sheet or file name>"}')
        for raw in cases_raw:
            _require_case_id(raw, self.user)
        total: int | None = 0
        for _, raw in found:
            total = None if total is None or raw.total_rows is None else total + raw.total_rows
        progress = Progress(self.progress_callback, total)

        # Tables are popped from their queue as they are read: a workbook sheet's cells (held by
        # calamine) are then freed as soon as its rows are values, not at the end.
        queues: dict[str, list[RawTable]] = {"cases": [], "evaluations": [], "sanctions": []}
        for table, raw in found:
            queues[table].append(raw)
        del found, cases_raw, raw
        cases_tables: list[TableRows] = []
        while queues["cases"]:
            cases_tables.append(read_table(queues["cases"].pop(0), CASES, self.user, progress))
        kept = _select_cases(cases_tables)
        kept_ids = _ids(kept)
        child_tables: list[TableRows] = []
        attached: list[_Attached] = []
        for table_name in ("evaluations", "sanctions"):
            spec, date_field = _CHILD_TABLES[table_name]
            while queues[table_name]:
                rows = read_table(queues[table_name].pop(0), spec, self.user, progress)
                attached.append(_attach_children(rows, date_field, kept, kept_ids))
                child_tables.append(rows)
        del kept_ids

        tables = cases_tables + child_tables
        columns: dict[str, frozenset[str]] = {}
        for rows in tables:
            columns[rows.table] = columns.get(rows.table, frozenset()) | rows.match.field_names
        frames = export_frames(cases_tables, list(kept.values()),
                               [(r, a.records, a.nulled) for r, a in zip(child_tables, attached)], columns)
        children = [(r, a.records) for r, a in zip(child_tables, attached)]
        return ExportData(
            cases=LazyCases(CaseSource(cases_tables, kept, children)),
            inputs=tuple(rows.summary() for rows in tables),
            data_errors=tuple(self.file_errors + [e for rows in tables for e in rows.errors()]),
            rejected=tuple(r for rows in tables for r in rows.rejected),
            columns=MappingProxyType(columns),
            tables_present=frozenset(columns),
            fingerprint=digest,
            label=label,
            frames=frames,
        )


def _ids(kept: Kept) -> pl.Series:
    import polars as pl

    return pl.Series("case_id", list(kept), dtype=pl.String)


def _require_case_id(raw: RawTable, user: UserMapping) -> None:
    match = match_headers(raw.header, CASES, user.columns_for("cases"), keeps_extra=True)
    if match.column_of("case_id") is not None:
        return
    shown = [h for h in raw.header if h][:20]
    more = ", …" if len([h for h in raw.header if h]) > 20 else ""
    where = raw.file if Path(raw.file).stem == raw.name else message("inputs.fatal.in_sheet", file=raw.file,
                                                                        sheet=raw.name)
    raise input_error("inputs.fatal.no_case_id", where=where,
                      headers=", ".join(repr(h) for h in shown) or message("inputs.fatal.none"), more=more,
                      example='columns: {case_id: "<your header>"}')


def _reject_without_case_id(rows: TableRows, k: int) -> None:
    """Row ``k`` has no case_id: empty, or unreadable (then its cell's own error says why)."""
    if "case_id" in rows.invalid.get(k, {}):
        rows.rejected.append(rejected_row(rows.raw.file, rows.table, rows.numbers[k], None,
                                          message("inputs.row.date_unreadable", field="case_id")))
        rows.cell_notes[(k, "case_id")] = message("inputs.row.required_not_audited", field="case_id")
    else:
        rows.reject(k, None, "case_id", None, message("inputs.row.case_id_empty"))


@dataclass
class _Attached:
    """The child records of one table that were attached to a case, in input order, and the
    cells made unreadable meanwhile (field -> positions in ``records``)."""

    records: list[int] = field(default_factory=list)
    nulled: dict[str, list[int]] = field(default_factory=dict)


def _column(rows: TableRows, name: str) -> pl.Series:
    """A field's typed column, null where its cell could not be read."""
    assert rows.columns is not None
    series = rows.columns.frame.get_column(name)
    unreadable = [k for k, cells in rows.invalid.items() if name in cells]
    return series.scatter(unreadable, None) if unreadable else series


def _select_cases(tables: list[TableRows]) -> Kept:
    """Reject cases without case_id and repeated case_ids (the first is kept)."""

    kept: Kept = {}
    for t, rows in enumerate(tables):
        ids = _column(rows, "case_id")
        no_decision: set[int] = set()
        if rows.match.column_of("ri_decision_date") is not None:
            empty = _column(rows, "ri_decision_date").is_null()
            no_decision = {k for k in empty.arg_true().to_list() if "ri_decision_date" not in rows.invalid.get(k, {})}
        if ids.null_count() == 0 and ids.is_unique().all() and not kept:  # the usual table: no Python test per row
            kept = dict(zip(ids.to_list(), zip([t] * len(ids), range(len(ids)))))
            for k in sorted(no_decision):
                rows.error(k, "ri_decision_date", None, message("inputs.row.decision_date_empty",
                                                                field="ri_decision_date"))
            continue
        for k, case_id in enumerate(ids.to_list()):
            if case_id is None:
                _reject_without_case_id(rows, k)
                continue
            if case_id in kept:
                first_t, first_k = kept[case_id]
                first = tables[first_t]
                row = str(first.numbers[first_k])
                why = (message("inputs.row.duplicate_case", case_id=case_id, row=row) if first_t == t else
                       message("inputs.row.duplicate_case_in_file", case_id=case_id, row=row, file=first.raw.file))
                rows.reject(k, case_id, "case_id", case_id, why)
                continue
            kept[case_id] = (t, k)
            if k in no_decision:
                rows.error(k, "ri_decision_date", None, message("inputs.row.decision_date_empty",
                                                                field="ri_decision_date"))
    return kept


def _attach_children(rows: TableRows, date_field: str, kept: Kept, kept_ids: pl.Series) -> _Attached:
    """The child rows attached to a kept case (by a join, not a loop over the rows); the others
    are rejected, each with why. Returns the records attached and the cells made unreadable on
    the way (for the frame)."""

    attached = _Attached()
    missing = [name for name in ("case_id", date_field) if rows.match.column_of(name) is None]
    ids = _column(rows, "case_id") if "case_id" not in missing else None
    if missing:
        text = (message("inputs.table.no_column", table=rows.table, field=missing[0]) if len(missing) == 1 else
                message("inputs.table.no_columns", table=rows.table, field=missing[0], other=missing[1]))
        rows.header_errors.append(data_error(rows.raw.file, rows.table, None, None, None, text, missing[0]))
        reason = message("inputs.row.no_column", field=missing[0])
        id_list = ids.to_list() if ids is not None else [None] * len(rows.numbers)
        for k, case_id in enumerate(id_list):
            rows.rejected.append(rejected_row(rows.raw.file, rows.table, rows.numbers[k], case_id, reason))
        return attached
    assert ids is not None
    dates = _column(rows, date_field)
    attach = (ids.is_in(kept_ids.implode()) & dates.is_not_null()).fill_null(False)  # no case_id: not attached
    attached.records = attach.arg_true().to_list()
    invalid, numbers = rows.invalid, rows.numbers
    for k in (~attach).arg_true().to_list():  # the rows not attached, with why
        case_id = ids[k]
        if case_id is None:
            _reject_without_case_id(rows, k)
        elif case_id not in kept:
            rows.reject(k, case_id, "case_id", case_id, message("inputs.row.unknown_case", case_id=case_id))
        elif date_field in invalid.get(k, {}):  # the cell's own DataError says why, and now what it costs
            rows.rejected.append(rejected_row(rows.raw.file, rows.table, numbers[k], case_id,
                                              message("inputs.row.date_unreadable", field=date_field)))
            rows.cell_notes[(k, date_field)] = message("inputs.row.required_not_audited", field=date_field)
        else:
            rows.reject(k, case_id, date_field, None, message("inputs.row.date_empty", field=date_field))
    if rows.table == "sanctions":
        _impossible_periods(rows, attached)
    return attached


def _impossible_periods(rows: TableRows, attached: _Attached) -> None:
    """The attached sanctions whose period is impossible (:func:`_impossible_period`), found
    with one filter; their cells are nulled in the frame (``attached.nulled``)."""
    import polars as pl

    start, end, days = (_column(rows, name) for name in ("start_date", "end_date", "duration_days"))
    frame = pl.DataFrame({"start": start, "end": end, "days": days})
    suspect = frame.select((pl.col("end") < pl.col("start")).fill_null(False) |
                           (pl.col("days") <= 0).fill_null(False)).to_series()
    position = {k: p for p, k in enumerate(attached.records)}
    for k in suspect.arg_true().to_list():
        if k not in position:
            continue
        values = {"start_date": start[k], "end_date": end[k], "duration_days": days[k]}
        for name in _impossible_period(values, rows.invalid, k):
            attached.nulled.setdefault(name, []).append(position[k])


def _impossible_period(values: dict[str, Any], invalid: dict[int, dict[str, Invalid]], k: int) -> list[str]:
    """A suspension that ends before it starts, or lasts no day, is a data error: its cells are
    made unreadable (so the sanctions question says ``missing_data`` naming them, never ``pass``)
    and each gets a DataError saying why."""
    start, end, days = values.get("start_date"), values.get("end_date"), values.get("duration_days")
    bad = invalid.get(k)
    nulled: list[str] = []
    if start is not None and end is not None and end < start:
        params = {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
        cells = invalid.setdefault(k, {})
        cells["start_date"] = invalid_value(params["start"], "inputs.value.period_end_before_start", **params)
        cells["end_date"] = invalid_value(params["end"], "inputs.value.period_end_before_start", **params)
        values["start_date"] = values["end_date"] = None
        nulled += ["start_date", "end_date"]
    if days is not None and days <= 0 and not (bad and "duration_days" in bad):
        invalid.setdefault(k, {})["duration_days"] = invalid_value(
            str(days), "inputs.value.duration_not_positive", days=days)
        values["duration_days"] = None
        nulled.append("duration_days")
    return nulled


_CONTENT_TEXTS = {Content.TEXT: "inputs.content.text", Content.XLSX: "inputs.content.xlsx",
                  Content.XLSB: "inputs.content.xlsb", Content.ODS: "inputs.content.ods",
                  Content.XLS: "inputs.content.xls"}


def _source_for(path: Path, data: bytes, files: _Files) -> TableSource:
    """The reader of ``path``, chosen by what its bytes are; when they are not what its name
    says (CSV text named ``.xlsx``, a workbook named ``.csv``), a note says so."""
    content = content_of(data)
    expected = expected_content(path.suffix)
    if content is Content.TEXT and expected is not None and expected.is_workbook and not looks_like_a_table(data):
        content = Content.OTHER  # a sentence named .xlsx is no table either
    if content is Content.OTHER:  # neither text nor a workbook: let the reader its name asks for refuse it
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            return XlsxSource(path, data)
        raise input_error("inputs.fatal.binary", path=str(path))
    if expected is not None and content is not expected and content is not Content.ZIP:
        files.note(path, message("inputs.file.read_as", suffix=path.suffix.lower(),
                                 content=message(_CONTENT_TEXTS[content])))
    if content.is_workbook:
        named = path.suffix.lower() if path.suffix.lower() in WORKBOOK_SUFFIXES else ".xlsx"
        return XlsxSource(path, data, suffix=named if content is Content.ZIP else content.value)
    return CsvSource(path, data)


def load_export(paths: Sequence[Path], mapping: Mapping[str, Any] | None = None,
                progress: ProgressCallback | None = None) -> ExportData:
    """Read an export: one ``.xlsx`` workbook, one or more ``.csv`` files, or folders of them.

    ``mapping`` is what :func:`load_mapping` returns (the ``--mapping`` file), or None.
    ``progress(done_rows, total_rows_or_None, label)`` is called every few thousand rows.
    Raises :class:`InputError` when the export cannot be read at all; every problem inside it
    is a DataError or a RejectedRow in the result."""
    user = parse_mapping(mapping, "--mapping") if mapping is not None else UserMapping()
    files = _input_files(paths)
    blobs: dict[Path, bytes] = {}
    for path in files.paths:
        try:
            blobs[path] = _read_bytes(path)
        except InputError as exc:
            if path not in files.lenient:
                raise
            files.skip(path, exc)  # an empty or unreadable file in a folder: skipped, with why
    digest = fingerprint(blobs)
    sources: list[TableSource] = []
    for path in [p for p in files.paths if p in blobs]:
        try:
            sources.append(_source_for(path, blobs.pop(path), files))  # sources let go of the bytes
        except InputError as exc:
            if path not in files.lenient:
                raise
            files.skip(path, exc)
    with gc_paused():
        return _ExportReader(user, progress, files).read(sources, digest, _label(list(paths)))

