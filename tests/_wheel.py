"""A wheel of newsclean built by pip from a copy of the tree (so that no build/ is
left in it, and no extension built in place goes in), as ``pip install .`` builds it.

Building takes pip a few seconds: setuptools is fetched into an isolated build
environment."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(tmp_path_factory, env: dict | None = None) -> Path:
    """The wheel's path; ``env`` adds to the build's environment (CC=false: no compiler)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "newsclean", src / "newsclean",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd"))
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                           "--disable-pip-version-check", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, proc.stderr[-3000:]
    (whl,) = out.glob("newsclean-*.whl")
    return whl
