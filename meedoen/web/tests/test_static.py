"""Static files as production builds them: ``collectstatic`` with the compressed
manifest storage, which refuses a stylesheet that refers to a file that is not there.
Every file a template asks for is in the manifest, the manifest stays strict for our
own files, and only the vendor files we use are shipped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGE = "meedoen.web.staticfiles.CompressedManifestStorage"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def template_static_names() -> set[str]:
    """Every ``{% static '...' %}`` in the project's templates."""
    names: set[str] = set()
    for template in Path(settings.PACKAGE_DIR).rglob("templates/**/*.html"):
        names.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return names


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """One collectstatic for the module: compressing takes seconds."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--no-input", verbosity=0)
        yield root


def test_the_templates_ask_for_the_vendor_files():
    # The positive control for the tests below: the scan finds what base.html uses.
    assert {
        "vendor/utrecht-tokens/index.css",
        "vendor/utrecht/index.css",
        "vendor/htmx/htmx.min.js",
        "meedoen/theme.css",
    } <= template_static_names()


def test_collectstatic_succeeds_with_the_production_storage(production_static):
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    missing = template_static_names() - set(manifest["paths"])
    assert not missing, f"asked for by a template, not collected: {sorted(missing)}"
    for name in template_static_names():
        hashed = manifest["paths"][name]
        assert hashed != name  # a content hash in the name: cached for a year
        assert (production_static / hashed).is_file()
        assert (production_static / f"{hashed}.gz").is_file()
    assert not list(production_static.rglob("*.br"))  # gzip only


def test_only_the_vendor_files_we_use_are_shipped(production_static):
    shipped = {
        str(path.relative_to(production_static))
        for path in (production_static / "vendor").rglob("*")
        if path.is_file() and not path.name.endswith((".gz", ".br"))
    }
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    wanted = {name for name in template_static_names() if name.startswith("vendor/")}
    assert shipped == wanted | {manifest["paths"][name] for name in wanted}


def test_the_manifest_stays_strict_for_unknown_files(production_static):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        staticfiles_storage.url("meedoen/no-such-file.css")


def test_development_finds_the_vendor_files_in_node_modules():
    for name in template_static_names():
        found = finders.find(name)
        assert found, name
        assert Path(found).is_file()
