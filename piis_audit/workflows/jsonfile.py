"""Reading the JSON files the workflows exchange (baselines, audit results, samples)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from piis_audit.inputs.errors import InputError


def read_json(path: Path, what: str) -> Any:
    """The parsed JSON of ``path`` (UTF-8, with or without BOM); InputError naming the file and
    ``what`` it should have been when it cannot be read or is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: the {what} is not JSON ({exc})") from exc
