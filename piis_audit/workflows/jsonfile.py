"""Reading the JSON files the workflows exchange (baselines, audit results, samples)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from piis_audit.inputs.messages import input_error


def read_json(path: Path, cannot_read: str, not_json: str) -> Any:
    """The parsed JSON of ``path`` (UTF-8, with or without BOM); an InputError naming the file
    when it cannot be read (message key ``cannot_read``) or is not JSON (``not_json``); both keys
    take ``path`` and ``error``."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise input_error(cannot_read, path=str(path), error=str(exc.strerror or exc)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise input_error(not_json, path=str(path), error=str(exc)) from exc
