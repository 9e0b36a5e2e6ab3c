"""meedoen benchmarks: prints figures, asserts nothing about time (that is for people).

    make bench                                   # SQLite file in var/bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/meedoen_bench make bench

Figures:
1. a resident's file page (the page used all day): median and p95 over N requests,
   with the audit write and with the audit write switched off, plus its query count;
2. the caseload page, same;
3. the audit chain: appending and verifying AUDIT_ROWS events (default one million);
4. the audit write of one page (AUDIT_PAGES appends of 7 events, default 2,000) with
   the keyed chain (HMAC-SHA256, as written) next to the plain SHA-256 it replaced.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_DEBUG", "1")
# The benchmark's chain is thrown away between figures: so are its checkpoints.
CHECKPOINTS = BENCH_DIR / "audit-checkpoints.jsonl"
os.environ["MEEDOEN_AUDIT_CHECKPOINT_FILE"] = str(CHECKPOINTS)
os.environ["MEEDOEN_AUDIT_CHECKPOINT_LOG"] = "0"
os.environ.setdefault("MEEDOEN_DEMO_LOGIN_WITHOUT_2FA", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meedoen.conf.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from meedoen.core import audit  # noqa: E402
from meedoen.core.append_only import lifted  # noqa: E402
from meedoen.core.models import AccessEvent, AuditChainHead  # noqa: E402
from meedoen.organisations.models import Professional  # noqa: E402
from meedoen.privacy.scope import visible_residents  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
AUDIT_ROWS = int(os.environ.get("AUDIT_ROWS", "1000000"))
AUDIT_PAGES = int(os.environ.get("AUDIT_PAGES", "2000"))


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms"


def _time_page(client: Client, url: str) -> tuple[list[float], int]:
    client.get(url)  # warm up
    # Count with an execute wrapper: a request resets Django's own query log.
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda run, sql, *a: (queries.append(sql), run(sql, *a))[1]
    ):
        client.get(url)
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return samples, len(queries)


def pages() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    user = Professional.objects.get(username="coordinator")
    client = Client()
    client.force_login(user)
    resident = visible_residents(user).order_by("pk").first()
    assert resident is not None
    print(f"database: {connection.vendor}; {REQUESTS} requests per figure")
    for name, url in (
        ("resident file", reverse("resident_file", args=[resident.pk])),
        ("caseload", reverse("caseload")),
    ):
        with_audit, queries = _time_page(client, url)
        real_append = audit.append
        audit.append = lambda rows: []  # type: ignore[assignment,misc]
        try:
            without_audit, queries_without = _time_page(client, url)
        finally:
            audit.append = real_append  # type: ignore[misc]
        print(f"{name:14} with audit:    {_ms(with_audit)}   ({queries} queries)")
        print(
            f"{name:14} without audit: {_ms(without_audit)}   ({queries_without} queries)"
        )


def _empty_chain() -> None:
    # The events table is append-only: the benchmark empties it as its owner would.
    with lifted(connection):
        AccessEvent.objects.all().delete()
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"seq": 0, "hash": audit.GENESIS}
    )
    CHECKPOINTS.unlink(missing_ok=True)


def audit_chain() -> None:
    _empty_chain()
    user = Professional.objects.get(username="coordinator")
    batch = 10_000
    start = time.perf_counter()
    for offset in range(0, AUDIT_ROWS, batch):
        audit.append(
            {
                "professional_id": user.pk,
                "municipality_id": user.municipality_id,
                "resident_id": (offset + i) % 600 + 1,
                "action": "read",
                "category": "identity",
                "basis": "case_team; legal task: Participatiewet",
                "via": "resident_file",
            }
            for i in range(min(batch, AUDIT_ROWS - offset))
        )
    written = time.perf_counter() - start
    print(
        f"audit append: {AUDIT_ROWS:,} events in {written:6.1f} s "
        f"({AUDIT_ROWS / written:,.0f} events/s, batches of {batch:,})"
    )
    start = time.perf_counter()
    result = audit.verify()
    took = time.perf_counter() - start
    print(
        f"audit verify: {result.checked:,} events in {took:6.1f} s "
        f"({result.checked / took:,.0f} events/s), intact: {result.ok}"
    )
    with lifted(connection):
        AccessEvent.objects.filter(seq=AUDIT_ROWS // 2).update(basis="tampered")
    start = time.perf_counter()
    result = audit.verify()
    print(
        f"audit verify after tampering with #{AUDIT_ROWS // 2:,}: first break at "
        f"#{result.first_break:,} ({result.problem}) in {time.perf_counter() - start:.1f} s"
    )


def audit_write_cost() -> None:
    """One page's audit write (7 events: a file with its categories), keyed and plain.
    The plain figure swaps the seal for the unkeyed SHA-256 the chain used before."""
    user = Professional.objects.get(username="coordinator")
    row = {
        "professional_id": user.pk,
        "municipality_id": user.municipality_id,
        "action": "read",
        "basis": "case_team; legal task: Participatiewet",
        "via": "resident_file",
    }
    categories = ("identity", "plan", "income", "work", "health", "justice", "notes")

    def run() -> list[float]:
        _empty_chain()
        samples = []
        for n in range(AUDIT_PAGES):
            start = time.perf_counter()
            audit.append(
                {**row, "resident_id": n % 600 + 1, "category": c} for c in categories
            )
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    keyed = run()
    real_seal = audit.seal
    audit.seal = audit.plain_digest  # type: ignore[assignment]
    try:
        plain = run()
    finally:
        audit.seal = real_seal  # type: ignore[assignment]
    print(f"audit write, 7 events, keyed (HMAC-SHA256): {_ms(keyed)}")
    print(f"audit write, 7 events, plain (SHA-256):     {_ms(plain)}")
    _empty_chain()


if __name__ == "__main__":
    pages()
    audit_chain()
    audit_write_cost()
