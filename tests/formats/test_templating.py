"""The templates are found both from a source checkout and from an installed package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2

from piis_audit.formats.templating import SOURCE_TEMPLATES, asset, environment

ROOT = Path(__file__).resolve().parents[2]


def test_source_tree_uses_the_reports_templates_folder() -> None:
    assert SOURCE_TEMPLATES == ROOT / "reports" / "templates"
    env = environment()
    assert env.autoescape is True
    assert env.get_template("report.html.j2") is not None
    assert asset("report.css") == (SOURCE_TEMPLATES / "report.css").read_text(encoding="utf-8")
    if not (ROOT / "piis_audit" / "templates").is_dir():  # a plain checkout
        assert isinstance(env.loader, jinja2.FileSystemLoader)


def test_installed_layout_uses_the_package_loader(tmp_path: Path) -> None:
    """Lay the package out as the wheel does (reports/templates -> piis_audit/templates, see
    pyproject.toml) and render from there, with the source tree out of reach."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "piis_audit", site / "piis_audit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SOURCE_TEMPLATES, site / "piis_audit" / "templates")
    script = (
        "import jinja2, sys\n"
        "from piis_audit.formats.templating import environment, asset\n"
        "env = environment()\n"
        "assert isinstance(env.loader, jinja2.PackageLoader), env.loader\n"
        "assert 'A4' in asset('report.css') and 'report-data' in asset('report.js')\n"
        "print(env.get_template('report.html.j2').filename)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(site / "piis_audit" / "templates"))


def test_package_data_patterns_cover_the_templates() -> None:
    """pyproject ships piis_audit.templates as *.j2, *.css, *.js: every template file must match."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert setuptools["package-dir"]["piis_audit.templates"] == "reports/templates"
    patterns = setuptools["package-data"]["piis_audit.templates"]
    for path in SOURCE_TEMPLATES.iterdir():
        assert any(path.match(p) for p in patterns), f"{path.name} would not be installed"
