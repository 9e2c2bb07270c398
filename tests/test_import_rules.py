"""The import rules in pyproject.toml hold, and they do catch a forbidden import: a copy of the
code with one deliberate violation fails `lint-imports` with the contract it broke."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "projects", "production", "marketing", "analytics", "tests")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy_of_the_code(tmp_path) -> Path:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: import-linter is a dev dependency (make setup installs it).")
    for name in PACKAGES:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations")
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("projects/selectors.py", "import production.media.models", "A stage imports only earlier stages"),
        ("production/media/services.py", "import production.edit.models", "A stage imports only earlier stages"),
        ("production/media/engine/probe.py", "import django.conf", "The media engine imports no Django"),
        ("production/edit/services.py", "import tests.factories", "No app imports the tests"),
    ],
)
def test_a_forbidden_import_fails_the_build(copy_of_the_code, module, line, contract):
    path = copy_of_the_code / module
    path.write_text(path.read_text() + f"\n{line}  # deliberate violation\n")
    result = lint(copy_of_the_code)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout, result.stdout
