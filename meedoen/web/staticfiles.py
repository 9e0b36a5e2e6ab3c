"""Static files in production: vendor files one by one, and the storage.

**Vendor files from node_modules, one by one.** The NL Design System packages ship far more than we use (the design tokens alone are
15 MB), and some of their stylesheets refer to icons the package does not contain
(``background-image-icon.css`` asks for ``pijltje.svg``). Collecting whole folders made
the manifest storage refuse the build. This finder offers only the files listed in
``VENDOR_STATICFILES``, so the manifest storage stays strict: a reference that does not
resolve in a file we ship still fails ``collectstatic``.

**The storage**: WhiteNoise's compressed manifest storage (hashed names, cached for a
year), with gzip only. Brotli at its best quality costs seconds of CPU per megabyte at
every ``collectstatic``, for a few percent less than gzip on files a browser fetches
once a year.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class VendorFinder(BaseFinder):
    """``VENDOR_STATICFILES = {url prefix: (folder, [file names])}``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.storages: dict[str, FileSystemStorage] = {}
        self.files: dict[str, tuple[str, FileSystemStorage]] = {}
        for prefix, (folder, names) in settings.VENDOR_STATICFILES.items():
            storage = FileSystemStorage(location=folder)
            storage.prefix = prefix  # type: ignore[attr-defined]
            self.storages[prefix] = storage
            for name in names:
                self.files[f"{prefix}/{name}"] = (name, storage)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(
                f"Vendor static file {storage.path(name)} is missing.",
                hint="Run 'make install' (npm ci) to install the node packages.",
                id="meedoen.E001",
            )
            for name, storage in self.files.values()
            if not Path(storage.path(name)).is_file()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        match = self.files.get(path)
        found = match[1].path(match[0]) if match else None
        if found and not Path(found).is_file():
            found = None
        if find_all:
            return [found] if found else []
        return found or []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        yield from self.files.values()


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return super().create_compressor(use_brotli=False, **kwargs)
