"""The package as pip installs it: a wheel built from the tree carries py.typed, the
document schema and the LICENSE, its metadata states the licence as an SPDX
expression, and mypy, run on a user's script against the installed wheel, sees
newsclean's types (and reports the script's one type error).

Building the wheel takes pip a few seconds (setuptools is fetched into an isolated
build environment, as for `pip install .`)."""
from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from _wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mypy")

USER_SCRIPT = '''\
import newsclean
from newsclean.schema import json_schema

docs = newsclean.clean("Headline\\n\\nA paragraph of the story.", source="page.txt")
first: newsclean.Document = docs[0]
title: str | None = first.title
words: int = first.word_count
names: list[str] = first.authors
fields: dict = json_schema()
wrong: int = first.title
'''
#: The one error mypy must report: only a typed package lets it know `title`'s type.
EXPECTED_ERROR = ('user.py:10: error: Incompatible types in assignment (expression has type '
                  '"str | None", variable has type "int")  [assignment]')


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory)


def test_the_wheel_ships_py_typed_the_schema_and_the_license(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "newsclean/py.typed" in names
    assert "newsclean/schema/document.schema.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(zipfile.ZipFile(wheel).read(meta_name))
    assert meta["License-Expression"] == "MIT"
    assert meta["License"] is None  # the deprecated free-text form is gone
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    assert "parquet" in (meta.get_all("Provides-Extra") or [])


def _install(wheel: Path, venv: Path) -> Path:
    """The wheel installed into a new, empty virtual environment (unpacked as pip does
    for a pure-Python wheel: the files into site-packages); returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    zipfile.ZipFile(wheel).extractall(purelib)
    return python


def test_mypy_sees_the_installed_package_types(wheel, tmp_path):
    python = _install(wheel, tmp_path / "venv")
    (tmp_path / "user.py").write_text(USER_SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--python-executable", str(python),
                           "--cache-dir", str(tmp_path / ".mypy_cache"), "--no-error-summary",
                           "--hide-error-context", "--no-pretty", "user.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    # Without py.typed mypy skips the package ("missing library stubs or py.typed
    # marker"), every name is Any, and the deliberate error goes unseen.
    assert proc.stdout.splitlines() == [EXPECTED_ERROR], proc.stdout + proc.stderr
    assert proc.returncode == 1
