"""The compiled forms of a few functions (``newsclean/_speedups.c``), where newsclean
was built with them.

Each compiled function has a pure-Python twin, which defines the rule and runs where
the extension was not built (``pip install .`` on a machine without a C compiler
installs newsclean without it, see setup.py) or when the environment sets
``NEWSCLEAN_PURE=1``. Both give the same results (tests/test_native.py); only the
time differs.
"""
from __future__ import annotations

import os
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

#: NEWSCLEAN_PURE set (and not "0"): run the pure-Python twins, compiled or not.
PURE = os.environ.get("NEWSCLEAN_PURE", "") not in ("", "0")

try:
    from . import _speedups  # type: ignore[attr-defined]
except ImportError:  # not built: no compiler at install time
    _speedups = None


def compiled() -> bool:
    """Whether the compiled forms are in use (built, and NEWSCLEAN_PURE not set)."""
    return _speedups is not None and not PURE


def native(name: str, pure: F) -> F:
    """The compiled form of ``pure`` named ``name``, where it is in use; else ``pure``."""
    if not compiled():
        return pure
    return getattr(_speedups, name, pure)
