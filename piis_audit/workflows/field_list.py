"""What ``piis-audit fields`` lists: every field of every table, as a person mapping an export
needs it (label, accepted headers, type and values, what an empty cell means, which questions
read it). Data only; :mod:`piis_audit.cli.fields` prints it as text, CSV or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piis_audit.checklist.model import Checklist
from piis_audit.i18n.render import LANGS, field_label, ui
from piis_audit.inputs.headers import label_field_index
from piis_audit.inputs.values import CATEGORY_SYNONYMS, CHOICE_SYNONYMS
from piis_audit.questions.reads import questions_reading
from piis_audit.schema import OPTIONAL_COLUMNS, TABLES, FieldSpec, FieldType, TableSpec, normalise_name

# Per choice field, a few of the French / Dutch words read as each choice (shown as examples).
_EXAMPLES_PER_CHOICE = 2


@dataclass(frozen=True)
class FieldRow:
    """One field as listed. ``headers`` are the canonical name then the aliases, as written."""

    table: str
    field: str
    label: str
    headers: tuple[str, ...]
    type: str
    type_text: str
    values: str
    choices: tuple[str, ...]
    empty: str
    empty_text: str
    required: bool
    optional_column: bool
    read_by: tuple[str, ...]
    description: str

    def as_json(self) -> dict[str, Any]:
        """Stable keys, for ``--format json``."""
        return {"table": self.table, "field": self.field, "label": self.label, "headers": list(self.headers),
                "type": self.type, "type_text": self.type_text, "values": self.values,
                "choices": list(self.choices), "empty": self.empty, "empty_means": self.empty_text,
                "required": self.required, "optional_column": self.optional_column,
                "read_by": list(self.read_by), "description": self.description}


def _choice_examples(spec: FieldSpec) -> str:
    """``student (étudiant, studie), …`` from the words the reader accepts for each choice."""
    if spec.name == "category":
        words: dict[str, list[str]] = {}
        for word, number in CATEGORY_SYNONYMS.items():
            if not word.startswith("cat"):
                words.setdefault(str(number), []).append(word)
    else:
        words = {}
        for word, choice in CHOICE_SYNONYMS.get(spec.name, {}).items():
            if word != normalise_name(choice):
                words.setdefault(choice, []).append(word)
    parts = []
    for choice in spec.choices:
        shown = [w for w in words.get(choice, []) if len(w) <= 12][:_EXAMPLES_PER_CHOICE]
        parts.append(f"{choice} ({', '.join(shown)}, …)" if shown else choice)
    return ", ".join(parts)


def values_text(spec: FieldSpec, lang: str) -> str:
    """The values a cell of this field may hold, in words."""
    if spec.type is FieldType.CHOICE or spec.choices:
        return ui("fields_cmd.values.choice", lang, choices=_choice_examples(spec))
    return ui(f"fields_cmd.values.{spec.type.value}", lang)


def _labels(table: str, field_name: str) -> tuple[str, ...]:
    """The field's labels in the three languages that the reader takes as exact headers."""
    index = label_field_index(table)
    return tuple(dict.fromkeys(label for label in (field_label(field_name, lang) for lang in LANGS)
                               if index.get(normalise_name(label)) == field_name))


def field_rows(checklist: Checklist, lang: str, table: str | None = None) -> list[FieldRow]:
    """Every field of every table (or of ``table``), in schema order."""
    reading = questions_reading(checklist)
    tables: list[TableSpec] = [TABLES[table]] if table else list(TABLES.values())
    rows: list[FieldRow] = []
    for spec_table in tables:
        for spec in spec_table.fields:
            headers = tuple(dict.fromkeys((spec.name, *spec.aliases, *_labels(spec_table.name, spec.name))))
            rows.append(FieldRow(
                table=spec_table.name, field=spec.name, label=field_label(spec.name, lang), headers=headers,
                type=spec.type.value, type_text=ui(f"fields_cmd.type.{spec.type.value}", lang),
                values=values_text(spec, lang), choices=spec.choices, empty=spec.empty.value,
                empty_text=ui(f"fields_cmd.empty.{spec.empty.value}", lang), required=spec.required,
                optional_column=(spec_table.name, spec.name) in OPTIONAL_COLUMNS,
                read_by=reading.get((spec_table.name, spec.name), ()), description=spec.description))
    return rows
