"""The README's two commands are what CI runs, and the test command works on a fresh machine."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S)[:2]]


def test_readme_starts_with_the_install_and_the_test_command() -> None:
    install, tests = _readme_commands()
    assert install.startswith("python3 -m venv .venv") and "piis-audit audit" in install
    assert tests == "bash tests/run.sh"


def test_ci_runs_the_readme_test_command_exactly() -> None:
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert _readme_commands()[1] in ci_lines


def test_the_test_command_says_what_to_do_without_a_venv(tmp_path: Path) -> None:
    """Run from a copy without .venv: a clear message and exit 2, not a bash error."""
    (tmp_path / "tests").mkdir()
    script = tmp_path / "tests" / "run.sh"
    script.write_text((ROOT / "tests" / "run.sh").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PATH": os.environ.get("PATH", "")}, timeout=60)
    assert done.returncode == 2
    assert "README's first command" in done.stderr
