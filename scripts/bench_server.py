"""What users meet: meedoen under gunicorn with production settings on a large city.

    .venv/bin/python scripts/bench_server.py --size 10000          # make bench
    .venv/bin/python scripts/bench_server.py --size 100000 --load-seconds 600

1. The database ``meedoen_bench_<size>`` on BENCH_DATABASE_URL's server (default
   postgres://postgres@127.0.0.1:5432/): made once by ``migrate`` and
   ``bench_generate --residents <size>`` and reused afterwards (``--regenerate``
   makes it again). Keys are made once and kept in var/bench/keys.json, so the audit
   chain of a kept database still verifies.
2. gunicorn with meedoen/conf/gunicorn.py and production settings (the environment of
   scripts/smoke.py), two workers, with ``MEEDOEN_BENCH_TIMING=1``: every response
   carries its server time (``Server-Timing``) and query count (``X-Query-Count``).
3. The real two-factor login (password, then a TOTP code) as the demo's coordinator,
   team lead, privacy officer and policy adviser; each page requested ``--requests``
   times after one warm-up: median and p95 of the server time, the client time and the
   query count, in one table, and as JSON in var/bench/server-<size>.json.
4. A load run: ``--users`` simulated professionals (the generated coordinators and
   team leads, signed in by a session made on the server as the login would) walk
   caseload, search, file, plan and board with ``--think`` seconds between pages for
   ``--load-seconds``: requests/s, median, p95, errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import smoke  # noqa: E402  (its environment, server, browser and login)

BENCH_DIR = ROOT / "var" / "bench"
KEYS = BENCH_DIR / "keys.json"


def keys() -> dict[str, str]:
    """The bench's keys, made once: a kept database needs the same keys next time."""
    if KEYS.exists():
        return dict(json.loads(KEYS.read_text()))
    from cryptography.fernet import Fernet

    made = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BSN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "BSN_HASH_KEY": secrets.token_urlsafe(32),
        "AUDIT_HMAC_KEYS": "bench:" + secrets.token_urlsafe(48),
    }
    KEYS.write_text(json.dumps(made))
    KEYS.chmod(0o600)
    return made


def environment(database_url: str, workdir: Path, port: int) -> dict[str, str]:
    env = smoke.production_environment(database_url, workdir, port)
    env.update(keys())
    env.update(
        {
            "MEEDOEN_BENCH_TIMING": "1",
            "GUNICORN_ACCESS_LOG": "0",
            "MEEDOEN_AUDIT_CHECKPOINT_LOG": "0",
        }
    )
    return env


def database(size: int, regenerate: bool) -> tuple[str, bool]:
    """The database URL for this size, and whether it has to be generated."""
    import psycopg

    base = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meedoen_bench"
    )
    parsed = urllib.parse.urlsplit(base)
    name = f"meedoen_bench_{size}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and regenerate:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl(), not exists


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


# -- who and what --------------------------------------------------------------------

PERSONAS = ("coordinator", "teamleider", "privacy", "beleid")


def prepare(users: int) -> dict[str, object]:
    """TOTP devices for the demo logins; the pages' targets; sessions for the load."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meedoen.demo.bench import BENCH_PREFIX
    from meedoen.demo.seed import DEMO_PASSWORD
    from meedoen.journeys.models import Trajectory
    from meedoen.organisations.models import Professional
    from meedoen.privacy.scope import visible_trajectories
    from meedoen.residents.models import Resident

    logins = {}
    for username in PERSONAS:
        user = Professional.objects.get(username=username)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        logins[username] = smoke.Professional(username, DEMO_PASSWORD, device.bin_key)
    coordinator = Professional.objects.get(username="coordinator")
    trajectory = (
        visible_trajectories(coordinator)
        .filter(closed_on__isnull=True, coordinator=coordinator)
        .order_by("pk")
        .first()
    )
    assert trajectory is not None
    common = (
        Resident.objects.values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")
        .first()
    )
    # Sessions for the load: what the login stores after the password and the code.
    sessions = []
    backend = settings.AUTHENTICATION_BACKENDS[0]
    crowd = list(
        Professional.objects.filter(
            username__startswith=BENCH_PREFIX,
            role__in=[Professional.Role.COORDINATOR, Professional.Role.TEAM_LEAD],
        ).order_by("pk")[:users]
    )
    # A small city has fewer professionals than simulated users: some work twice.
    for n in range(users if crowd else 0):
        user = crowd[n % len(crowd)]
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["otp_device_id"] = device.persistent_id
        store.create()
        mine = list(
            Trajectory.objects.filter(coordinator=user, closed_on__isnull=True)
            .order_by("pk")
            .values_list("pk", "resident_id")[:20]
        )
        sessions.append((store.session_key, user.role, mine))
    from django.db import connections

    connections.close_all()
    return {
        "logins": logins,
        "trajectory": trajectory.pk,
        "resident": trajectory.resident_id,
        "search": (common or {}).get("last_name", "Jansen"),
        "sessions": sessions,
    }


def pages(targets: dict[str, object]) -> list[tuple[str, str, str]]:
    q = urllib.parse.quote(str(targets["search"]))
    return [
        ("caseload", "coordinator", "/"),
        ("file", "coordinator", f"/inwoners/{targets['resident']}/"),
        ("plan", "coordinator", f"/trajecten/{targets['trajectory']}/plan/"),
        ("search", "coordinator", f"/inwoners/?q={q}"),
        ("board", "coordinator", "/klantreis/"),
        ("board (team lead)", "teamleider", "/klantreis/"),
        ("officer's log", "privacy", "/privacy/logboek/"),
        ("outcome report", "beleid", "/uitkomsten/"),
    ]


def server_ms(response: smoke.Response) -> float:
    found = re.search(r"app;dur=([\d.]+)", response.headers.get("Server-Timing", ""))
    return float(found[1]) if found else float("nan")


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_pages(port: int, targets: dict[str, object], n: int) -> list[dict]:
    browsers = {}
    logins = targets["logins"]
    assert isinstance(logins, dict)
    for username, who in logins.items():
        browser = smoke.Browser(port)
        smoke.log_in(browser, who)
        browsers[username] = browser
    results = []
    for label, username, path in pages(targets):
        browser = browsers[username]
        warm = browser.get(path)
        smoke.check(warm.status == 200, f"{label} {path}: {warm.status}")
        server, client, queries = [], [], set()
        for _ in range(n):
            began = time.perf_counter()
            response = browser.get(path)
            client.append((time.perf_counter() - began) * 1000)
            smoke.check(response.status == 200, f"{label}: {response.status}")
            server.append(server_ms(response))
            queries.add(int(response.headers.get("X-Query-Count", "-1")))
        results.append(
            {
                "page": label,
                "path": re.sub(r"\d+", "<id>", path.split("?")[0]),
                "server_median_ms": round(statistics.median(server), 1),
                "server_p95_ms": round(pct(server, 0.95), 1),
                "client_median_ms": round(statistics.median(client), 1),
                "queries": sorted(queries),
                "bytes": len(warm.body),
            }
        )
        row = results[-1]
        print(
            f"{label:20} {row['server_median_ms']:>8.1f} {row['server_p95_ms']:>8.1f}"
            f" {row['client_median_ms']:>8.1f}   {'/'.join(map(str, row['queries']))}",
            flush=True,
        )
    return results


# -- the load ------------------------------------------------------------------------


def load(
    port: int, targets: dict[str, object], seconds: float, think: float
) -> dict[str, object]:
    sessions = targets["sessions"]
    assert isinstance(sessions, list)
    q = urllib.parse.quote(str(targets["search"]))
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def walk(key: str, role: str, mine: list[tuple[int, int]], seed: int) -> None:
        rng = random.Random(seed)
        browser = smoke.Browser(port, cookies={"sessionid": key})
        while time.monotonic() < stop:
            paths = ["/", f"/inwoners/?q={q}", "/klantreis/"]
            if mine:
                trajectory, resident = rng.choice(mine)
                paths += [f"/inwoners/{resident}/", f"/trajecten/{trajectory}/plan/"]
            path = rng.choice(paths)
            began = time.perf_counter()
            try:
                response = browser.get(path)
                ok = response.status == 200
                detail = f"{path}: {response.status}"
            except OSError as exc:
                ok, detail = False, f"{path}: {exc}"
            took = (time.perf_counter() - began) * 1000
            with lock:
                samples.append(took)
                if not ok:
                    errors.append(detail)
            time.sleep(rng.uniform(0, 2 * think))

    threads = [
        threading.Thread(target=walk, args=(*s, n), daemon=True)
        for n, s in enumerate(sessions)
    ]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - began
    result = {
        "users": len(threads),
        "seconds": round(took, 1),
        "think_s": think,
        "requests": len(samples),
        "requests_per_s": round(len(samples) / took, 1),
        "median_ms": round(statistics.median(samples), 1) if samples else None,
        "p95_ms": round(pct(samples, 0.95), 1) if samples else None,
        "errors": len(errors),
        "first_errors": errors[:5],
    }
    print(
        f"load: {result['users']} professionals, {took:.0f} s: "
        f"{result['requests_per_s']} requests/s, median {result['median_ms']} ms, "
        f"p95 {result['p95_ms']} ms (client), {result['errors']} errors",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="residents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30, help="per page")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="seconds, mean")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--label", default="", help="added to the JSON file name")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    workdir = BENCH_DIR / f"run-{args.size}"
    workdir.mkdir(exist_ok=True)
    port = smoke.free_port()
    url, fresh = database(args.size, args.regenerate)
    env = environment(url, workdir, port)
    env["GUNICORN_WORKERS"] = str(args.workers)
    began = time.monotonic()
    if fresh:
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(
            env,
            "bench_generate",
            "--residents",
            str(args.size),
            "--seed",
            str(args.seed),
        )
        print(f"generated in {time.monotonic() - began:.0f} s", flush=True)
    else:
        manage(env, "migrate", "--no-input", "--verbosity", "0")
    if not (workdir / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    os.environ.update(env)
    targets = prepare(args.users)
    log = workdir / "gunicorn.log"
    report: dict[str, object] = {
        "size": args.size,
        "database": url.rsplit("/", 1)[-1],
        "workers": args.workers,
        "requests_per_page": args.requests,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        # Other work on the machine skews every figure: note how busy it was.
        "load_average_before": os.getloadavg(),
    }
    with smoke.gunicorn(port, log):
        print(
            f"{args.size:,} residents, gunicorn {args.workers} workers, production "
            f"settings; {args.requests} requests per page (ms)",
            flush=True,
        )
        print(f"{'page':20} {'median':>8} {'p95':>8} {'client':>8}   queries")
        report["pages"] = measure_pages(port, targets, args.requests)
        if args.load_seconds > 0 and targets["sessions"]:
            report["load"] = load(port, targets, args.load_seconds, args.think)
    report["load_average_after"] = os.getloadavg()
    print(f"load average: {report['load_average_after']}", flush=True)
    suffix = f"-{args.label}" if args.label else ""
    out = BENCH_DIR / f"server-{args.size}{suffix}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"written: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except smoke.SmokeFailure as failure:
        print(f"bench: FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
