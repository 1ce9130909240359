"""The package version: pyproject.toml is its one source, read from the installed metadata.

The metadata is found by the distribution's folder name next to the package (a directory
listing), not through importlib.metadata, whose import and scan of every installed
distribution cost a cold `can-i-call` tens of milliseconds; importlib.metadata is the
fallback when no such folder is found (zip imports, unusual installers)."""

from __future__ import annotations

from pathlib import Path


def _installed_version() -> str:
    site = Path(__file__).resolve().parent.parent
    try:
        for entry in site.iterdir():
            name = entry.name
            if name.startswith("callwindow-") and name.endswith(".dist-info"):
                return name[len("callwindow-"):].rsplit(".", 1)[0]
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("callwindow")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


__version__: str = _installed_version()
