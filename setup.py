"""The optional compiled part of newsclean (everything else is in pyproject.toml).

``newsclean._speedups`` holds compiled forms of a few pure-Python functions (see
newsclean/_native.py). It is optional: where it cannot be built (no C compiler, no
Python headers) pip installs newsclean without it, and the pure-Python functions run,
with the same output.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("newsclean._speedups", ["newsclean/_speedups.c"], optional=True)])
