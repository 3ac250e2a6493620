"""Ruff and mypy over the code, as configured in pyproject.toml: `.ci/run` fails on any finding of either.

The same checks run before each commit (.pre-commit-config.yaml).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_in_the_code_and_the_tests() -> None:
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_no_type_error_in_the_package() -> None:
    # Configured in pyproject.toml ([tool.mypy]: the explainer package, strict); no cache written into the clone.
    result = _run(str(BIN / "mypy"), "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")
