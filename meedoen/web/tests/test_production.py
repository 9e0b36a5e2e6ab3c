"""The production configuration: settings read with DEBUG off, and the application
server's configuration. The whole path (collectstatic, gunicorn, a real login) is
run by scripts/smoke.py in CI."""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

GUNICORN_CONFIG = Path(settings.BASE_DIR) / "meedoen" / "conf" / "gunicorn.py"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "meedoen.conf.settings",
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "s" * 50,
    "BSN_ENCRYPTION_KEY": "ZGV2ZWxvcG1lbnQta2V5LWZvci1tZWVkb2VuLWRlbW8h",
    "BSN_HASH_KEY": "h" * 32,
    "DATABASE_URL": "postgres://meedoen@db.invalid:5432/meedoen",
    "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA": "0",
    "AUDIT_HMAC_KEYS": "k1:" + "a" * 40,
}


def production_settings(*names: str, **env: str) -> dict:
    """Read settings in a fresh interpreter with production variables."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, "
        "default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **PRODUCTION_ENV, **env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_static_files_use_the_tested_production_storage():
    from meedoen.web.tests.test_static import PRODUCTION_STORAGE

    storages = production_settings("STORAGES")["STORAGES"]
    assert storages["staticfiles"]["BACKEND"] == PRODUCTION_STORAGE


def test_database_connections_are_kept_and_checked():
    database = production_settings("DATABASES")["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    database = production_settings("DATABASES", DB_CONN_MAX_AGE="0")["DATABASES"]
    assert database["default"]["CONN_MAX_AGE"] == 0


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONFIG))


def test_gunicorn_takes_its_workers_from_the_environment(monkeypatch):
    assert gunicorn_config(monkeypatch, GUNICORN_WORKERS="3")["workers"] == 3
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="4")["workers"] == 4
    assert gunicorn_config(monkeypatch)["workers"] >= 2
    config = gunicorn_config(monkeypatch)
    assert config["wsgi_app"] == "meedoen.conf.wsgi:application"
    assert 30 <= config["timeout"] <= 120


@pytest.mark.parametrize("flag", ["", "1"])
def test_the_access_log_never_holds_query_strings_or_addresses(monkeypatch, flag):
    config = gunicorn_config(monkeypatch, GUNICORN_ACCESS_LOG=flag)
    assert config["accesslog"] == ("-" if flag else None)
    atoms = set(re.findall(r"%\((\w+)\)s", config["access_log_format"]))
    assert "U" in atoms  # the path
    # r: request line with query; q: query; f: referrer; a: user agent; h: address;
    # {header}i: any request header.
    assert not atoms & {"r", "q", "f", "a", "h"}
    assert "}i" not in config["access_log_format"]
