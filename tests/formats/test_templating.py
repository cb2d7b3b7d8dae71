"""The templates and the checklist are found both from a source checkout and from an installed
package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2

from piis_audit.formats.templating import asset, environment

ROOT = Path(__file__).resolve().parents[2]
SOURCE_TEMPLATES = ROOT / "reports" / "templates"


def test_source_tree_uses_the_reports_templates_folder() -> None:
    env = environment()
    assert env.autoescape is True
    assert env.get_template("report.html.j2") is not None
    assert asset("report.css") == (SOURCE_TEMPLATES / "report.css").read_text(encoding="utf-8")
    if not (ROOT / "piis_audit" / "templates").is_dir():  # a plain checkout
        assert isinstance(env.loader, jinja2.FileSystemLoader)
        assert env.loader.searchpath == [str(SOURCE_TEMPLATES)]


def test_installed_layout_finds_templates_and_checklist_inside_the_package(tmp_path: Path) -> None:
    """Lay the package out as the wheel does (reports/templates -> piis_audit/templates and
    checklists -> piis_audit/checklists, see pyproject.toml) and load from there, with the source
    tree out of reach."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "piis_audit", site / "piis_audit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SOURCE_TEMPLATES, site / "piis_audit" / "templates")
    shutil.copytree(ROOT / "checklists", site / "piis_audit" / "checklists")
    script = (
        "from piis_audit.formats.templating import environment, asset\n"
        "from piis_audit.engine.checklists import load_checklist\n"
        "env = environment()\n"
        "assert 'A4' in asset('report.css') and 'report-data' in asset('report.js')\n"
        "print(env.get_template('report.html.j2').filename)\n"
        "checklist = load_checklist()\n"
        "print(checklist.path, len(checklist.questions))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    template_line, checklist_line = done.stdout.strip().splitlines()
    assert template_line.startswith(str(site / "piis_audit" / "templates"))
    assert checklist_line == f"{site / 'piis_audit' / 'checklists' / 'spp-is-piis.yaml'} 11"


def test_package_data_patterns_cover_the_templates() -> None:
    """pyproject ships piis_audit.templates as *.j2, *.css, *.js: every template file must match."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert setuptools["package-dir"]["piis_audit.templates"] == "reports/templates"
    patterns = setuptools["package-data"]["piis_audit.templates"]
    for path in SOURCE_TEMPLATES.iterdir():
        assert any(path.match(p) for p in patterns), f"{path.name} would not be installed"
