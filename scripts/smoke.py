"""Production smoke test: meedoen as it runs in production, end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/meedoen .venv/bin/python scripts/smoke.py

With DJANGO_DEBUG=0 and keys generated for this run, on a fresh database (for
PostgreSQL the database ``<name>_smoke`` on the same server, dropped and created; without
DATABASE_URL a SQLite file in a temporary folder):

1. ``check --deploy`` with warnings as errors, ``migrate``, ``collectstatic``;
2. a municipality, an organisation and a professional with a TOTP device;
3. gunicorn with meedoen/conf/gunicorn.py on a free port of 127.0.0.1;
4. as a browser behind a TLS proxy (``X-Forwarded-Proto: https``): the real login
   with the password and a TOTP code, a resident registered through the form, then
   the main pages and every stylesheet and script they refer to: all 200, with the
   security headers, ``Cache-Control: no-store, private`` on every page and long
   caching on static files; plain http is redirected to https, an unknown host refused;
5. the access log holds no query string; gunicorn is stopped, and after success the
   database and the work folder are removed.

Any difference stops the run with a message and exit status 1.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPResponse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# Something only the search and the access log could contain: the query must never
# reach the log.
SEARCH_MARKER = "Smoketestnaam"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_REQUIRED = ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")


class SmokeFailure(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def step(message: str) -> None:
    print(f"smoke: {message}", flush=True)


# -- the environment ----------------------------------------------------------------


def fresh_database(url: str, workdir: Path) -> str:
    """An empty database for this run."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'smoke.sqlite3'}"
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/") + "_smoke"
    check(re.fullmatch(r"\w+_smoke", name), f"unexpected database name {name!r}")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}"')


def production_environment(database_url: str, workdir: Path, port: int) -> dict:
    from cryptography.fernet import Fernet

    return {
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.settings",
        "DJANGO_DEBUG": "0",
        "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA": "0",
        # Keys for this run only.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BSN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "BSN_HASH_KEY": secrets.token_urlsafe(32),
        "AUDIT_HMAC_KEYS": "smoke:" + secrets.token_urlsafe(48),
        "MEEDOEN_AUDIT_CHECKPOINT_FILE": str(workdir / "audit" / "checkpoints.jsonl"),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(workdir / "static"),
        "MEEDOEN_VAR_DIR": str(workdir),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "1",
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# -- data ---------------------------------------------------------------------------


@dataclass
class Professional:
    username: str
    password: str
    totp_key: bytes

    def code(self) -> str:
        from django_otp.oath import totp

        return f"{totp(self.totp_key):06d}"


def make_professional() -> Professional:
    """What a functional administrator sets up: a municipality with its journey, an
    organisation, and a coordinator who enrolled an authenticator app."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meedoen.journeys.services import journey_template_create_default
    from meedoen.organisations.models import Municipality, Organisation
    from meedoen.organisations.models import Professional as User

    municipality = Municipality.objects.create(name="Rookproef", code="9999")
    journey_template_create_default(municipality=municipality)
    organisation = Organisation.objects.create(
        municipality=municipality,
        name="Wijkteam Rookproef",
        kind=Organisation.Kind.NEIGHBOURHOOD_TEAM,
    )
    password = secrets.token_urlsafe(24)
    user = User.objects.create_user(
        username="rookproef",
        password=password,
        first_name="Rook",
        last_name="Proef",
        municipality=municipality,
        organisation=organisation,
        role=User.Role.COORDINATOR,
    )
    # "default": the name django-two-factor-auth gives the device it asks for.
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return Professional(user.username, password, device.bin_key)


# -- the server ---------------------------------------------------------------------


@contextmanager
def gunicorn(port: int, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own executable)
            [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "meedoen/conf/gunicorn.py")],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                check(server.poll() is None, "gunicorn stopped:\n" + log.read_text())
                try:
                    socket.create_connection((HOST, port), timeout=1).close()
                    break
                except OSError:
                    check(time.monotonic() < deadline, "gunicorn did not start")
                    time.sleep(0.2)
            yield server
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    check(server.returncode == 0, f"gunicorn ended with {server.returncode}")


# -- the browser --------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: SimpleCookie
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """A browser behind a TLS-terminating proxy: every request carries
    ``X-Forwarded-Proto: https``, cookies are kept (even the Secure ones, since the
    proxy speaks https to the real browser)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    seen: list[tuple[str, int]] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        *,
        https: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        conn = HTTPConnection(HOST, self.port, timeout=30)
        sent = {"Accept-Encoding": "gzip", **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        conn.request(method, path, body=body, headers=sent)
        raw: HTTPResponse = conn.getresponse()
        cookies = SimpleCookie()
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        for name, morsel in cookies.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
        response = Response(raw.status, dict(raw.headers.items()), cookies, raw.read())
        conn.close()
        self.seen.append((f"{method} {path}", response.status))
        return response

    def get(self, path: str, **kwargs: object) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, str]) -> Response:
        page = self.get(path)
        check(page.status == 200, f"GET {path} before posting: {page.status}")
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": csrf_token(page), **data}
        )


def assert_secure_page(response: Response, label: str, *, authenticated: bool) -> None:
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        check(
            headers.get(name) == value,
            f"{label}: {name} is {headers.get(name)!r}, expected {value!r}",
        )
    csp = headers.get("Content-Security-Policy", "")
    for directive in CSP_REQUIRED:
        check(directive in csp, f"{label}: CSP without {directive!r}: {csp!r}")
    check("unsafe-inline" not in csp, f"{label}: CSP allows inline code")
    cache = {d.strip() for d in headers.get("Cache-Control", "").split(",")}
    if authenticated:
        check(
            {"no-store", "private"} <= cache,
            f"{label}: Cache-Control is {headers.get('Cache-Control')!r}",
        )
    for name, morsel in response.cookies.items():
        if not morsel.value:
            continue  # a deletion (Django sends those without flags)
        check(morsel["secure"], f"{label}: cookie {name} without Secure")
        if name == "sessionid":
            check(morsel["httponly"], f"{label}: session cookie without HttpOnly")
            check(morsel["samesite"], f"{label}: session cookie without SameSite")


def static_files(page: str) -> set[str]:
    found = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    found += re.findall(r'<script src="([^"]+)"', page)
    return {html.unescape(url) for url in found}


def assert_static(browser: Browser, url: str) -> None:
    response = browser.get(url)
    check(response.status == 200, f"static {url}: {response.status}")
    cache = response.headers.get("Cache-Control", "")
    check(
        "immutable" in cache and "no-store" not in cache,
        f"static {url}: Cache-Control {cache!r}",
    )
    check(
        response.headers.get("Content-Encoding") == "gzip",
        f"static {url}: not served compressed",
    )
    kind = response.headers.get("Content-Type", "")
    expected = "text/css" if url.endswith(".css") else "javascript"
    check(expected in kind, f"static {url}: Content-Type {kind!r}")


# -- the run ------------------------------------------------------------------------


def csrf_token(page: Response) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(token, "no CSRF token on the page")
    return token[1]  # type: ignore[index]


def log_in(browser: Browser, who: Professional) -> None:
    """The real two-factor login: the password, then a code of the TOTP device."""
    wizard_step = "login_view-current_step"
    response = browser.post(
        "/inloggen/",
        {
            wizard_step: "auth",
            "auth-username": who.username,
            "auth-password": who.password,
        },
    )
    check(
        response.status == 200,
        f"password step: {response.status} {response.headers.get('Location')}",
    )
    check('name="token-otp_token"' in response.text, "no code asked after password")
    response = browser.request(
        "POST",
        "/inloggen/",
        {
            "csrfmiddlewaretoken": csrf_token(response),
            wizard_step: "token",
            "token-otp_token": who.code(),
        },
    )
    check(
        response.status == 302 and response.headers["Location"] == "/",
        f"code step: {response.status} {response.headers.get('Location')}",
    )


def register_resident(browser: Browser) -> str:
    response = browser.post(
        "/inwoners/nieuw/",
        {
            "first_name": SEARCH_MARKER,
            "last_name": "Rookproef",
            "birth_date": "1980-05-17",
            "bsn": "111222333",
            "postcode": "6822 AB",
            "reason": "Rookproef van de productie-instellingen",
        },
    )
    location = response.headers.get("Location", "")
    check(
        response.status == 302 and re.fullmatch(r"/inwoners/\d+/", location),
        f"registering a resident: {response.status} {location!r}",
    )
    return location


def run(browser: Browser, who: Professional) -> tuple[int, int]:
    # Plain http is sent to https; a host we do not serve is refused.
    response = browser.get("/inloggen/", https=False)
    check(
        response.status == 301
        and response.headers.get("Location") == f"{browser.origin}/inloggen/",
        f"http is not redirected to https: {response.status}",
    )
    response = browser.get("/", headers={"Host": "evil.example"})
    check(response.status == 400, f"unknown host answered {response.status}")
    # Anonymous: the login page, nothing else.
    response = browser.get("/")
    check(
        response.status == 302
        and response.headers.get("Location", "").startswith("/inloggen/"),
        f"anonymous / : {response.status}",
    )
    login_page = browser.get("/inloggen/")
    check(login_page.status == 200, f"login page: {login_page.status}")
    assert_secure_page(login_page, "login page", authenticated=False)

    log_in(browser, who)
    resident_file = register_resident(browser)
    pages = {
        "caseload": "/",
        "search": f"/inwoners/?q={SEARCH_MARKER}",
        "resident register": "/inwoners/nieuw/",
        "resident file": resident_file,
        "meetings": "/overleggen/",
        "journey board": "/klantreis/",
    }
    assets: set[str] = set()
    for label, path in list(pages.items()):
        response = browser.get(path)
        check(response.status == 200, f"{label} ({path}): {response.status}")
        assert_secure_page(response, label, authenticated=True)
        assets |= static_files(response.text)
        if label == "search":
            check(resident_file in response.text, "the search does not find them")
        if label == "resident file":
            plan = re.search(r'href="(/trajecten/\d+/plan/afdrukken/)"', response.text)
            check(plan, "no print view linked from the file")
            print_view = plan[1]  # type: ignore[index]
    response = browser.get(print_view)
    check(response.status == 200, f"print view: {response.status}")
    assert_secure_page(response, "print view", authenticated=True)
    response = browser.get("/inwoners/999999999/")
    check(response.status == 404, f"unknown resident: {response.status}")
    assert_secure_page(response, "not found", authenticated=True)

    check(len(assets) >= 4, f"too few static files referenced: {sorted(assets)}")
    for url in sorted(assets):
        assert_static(browser, url)

    logout = browser.request(
        "POST",
        "/uitloggen/",
        {"csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
    )
    check(logout.status == 302, f"logout: {logout.status}")
    check(browser.get("/").status == 302, "still logged in after logging out")
    return len(pages) + 1, len(assets)


def main() -> int:
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="meedoen-smoke-"))
    port = free_port()
    database_url = fresh_database(os.environ.get("DATABASE_URL", ""), workdir)
    os.environ.update(production_environment(database_url, workdir, port))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection, connections

    step(f"{connection.vendor}, DEBUG off, keys generated, work folder {workdir}")
    for name, options in (
        ("check", {"deploy": True, "fail_level": "WARNING"}),
        ("migrate", {"interactive": False, "verbosity": 0}),
        ("collectstatic", {"interactive": False, "verbosity": 0}),
    ):
        began = time.monotonic()
        call_command(name, **options)
        step(f"{name}: {time.monotonic() - began:.1f} s")
    who = make_professional()
    connections.close_all()

    log = workdir / "gunicorn.log"
    with gunicorn(port, log):
        step(f"gunicorn on {HOST}:{port}")
        browser = Browser(port)
        pages, assets = run(browser, who)
    access_log = log.read_text()
    check(" /inwoners/ " in access_log, "the access log is empty:\n" + access_log)
    check(SEARCH_MARKER not in access_log, "a query string reached the access log")
    check(
        '" 500 ' not in access_log and "Internal Server Error" not in access_log,
        "server errors:\n" + access_log,
    )
    step(
        f"OK: {len(browser.seen)} requests, {pages} pages and {assets} static files "
        f"with their headers, in {time.monotonic() - started:.1f} s"
    )
    # Tidy up after success; after a failure the database and folder stay to look at.
    connections.close_all()
    drop_database(database_url)
    shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SmokeFailure as failure:
        print(f"smoke: FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
