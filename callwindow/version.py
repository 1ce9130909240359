"""The package version, in one place: pyproject.toml reads it from here at build time
(`[tool.setuptools.dynamic]`, a literal setuptools reads without importing the package).

A literal rather than a metadata lookup: importlib.metadata's import and its scan of every
installed distribution cost a cold `can-i-call` ~10 ms, and an editable install (the README's
set-up) has no dist-info folder beside the package to read cheaply."""

from __future__ import annotations

__version__: str = "0.1.0"
