"""The project documents itself: docs/ covers every question, field and command, its links
resolve, and nothing in the repository points at texts that are not part of it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from typing import Any

import pytest
import typer.main

from piis_audit.engine.checklists import load_checklist
from piis_audit.cli.app import app
from piis_audit.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SKIPPED_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", "build", "dist"}

# Built from parts so that this file does not contain what it looks for.
FORBIDDEN = ["../" + "shared", *("spec/" + name for name in
                                 ("domain.md", "export-format.md", "report-json.md", "cli.md"))]

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = heading.lstrip("#").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    in_code = False
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.add(_slug(line))
    return found


def _repository_files() -> list[Path]:
    """Tracked files and new files not ignored (git), else every file outside the skipped dirs."""
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        done = subprocess.run([git, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                              cwd=ROOT, capture_output=True, check=False)
        if done.returncode == 0:
            return [ROOT / name for name in done.stdout.decode("utf-8").split("\0") if name]
    return [p for p in ROOT.rglob("*")
            if p.is_file() and not SKIPPED_DIRS.intersection(p.relative_to(ROOT).parts)
            and not any(part.endswith(".egg-info") for part in p.relative_to(ROOT).parts)]


def _commands(group: Any, prefix: str) -> list[str]:
    """Every command and subcommand of a click/typer group, as typed after ``prefix``."""
    names = []
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):
            continue
        names.append(f"{prefix} {name}")
        if hasattr(command, "commands"):
            names.extend(_commands(command, f"{prefix} {name}"))
    return names


def test_every_question_of_the_bundled_checklist_has_a_heading() -> None:
    headings = _headings(_read("questions.md"))
    ids = [q.id for q in load_checklist().questions]
    assert len(ids) == 11
    missing = [qid for qid in ids if not any(f"`{qid}`" in h for h in headings)]
    assert missing == []


def test_every_field_of_every_table_is_described_in_its_table_section() -> None:
    text = _read("export-format.md")
    sections = re.split(r"^## Table `(\w+)`.*$", text, flags=re.MULTILINE)
    by_table = dict(zip(sections[1::2], sections[2::2]))
    assert set(by_table) == set(TABLES)
    missing = [(table.name, f.name) for table in TABLES.values() for f in table.fields
               if not re.search(rf"^\| `{re.escape(f.name)}` \|", by_table[table.name], re.MULTILINE)]
    assert missing == []


def test_every_command_is_in_the_cli_page() -> None:
    text = _read("cli.md")
    root = typer.main.get_command(app)
    commands = _commands(root, "piis-audit")
    assert "piis-audit audit" in commands and "piis-audit checklist lint" in commands
    headings = _headings(text)
    top_level = [c for c in commands if c.count(" ") == 1]
    assert [c for c in top_level if not any(f"`{c}`" in h for h in headings)] == []
    assert [c for c in commands if c not in text] == []


def test_no_file_points_outside_the_repository() -> None:
    files = _repository_files()
    assert any(p.name == "README.md" for p in files)
    offenders = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        offenders += [(str(path.relative_to(ROOT)), word) for word in FORBIDDEN
                      if word.encode("utf-8") in data]
    assert offenders == []


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")) + ["../README.md"])
def test_every_relative_link_resolves(page: str) -> None:
    path = (DOCS / page).resolve()
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert broken == []


def test_the_docs_pages_exist() -> None:
    assert {"questions.md", "export-format.md", "json.md", "cli.md", "ci-recipe.md"} <= {
        p.name for p in DOCS.glob("*.md")}
