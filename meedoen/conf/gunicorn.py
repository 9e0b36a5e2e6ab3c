"""gunicorn, the production application server: ``make serve``, or
``gunicorn -c meedoen/conf/gunicorn.py``.

It runs behind a reverse proxy that terminates TLS and sets ``X-Forwarded-Proto`` and
``X-Forwarded-For`` (see README.md, "Production"). Every value comes from the
environment. The access log is off unless ``GUNICORN_ACCESS_LOG=1``; when on, it goes
to stdout without query strings, referrers, user agents or client addresses, because a
search for a name or a BSN travels in the query string.
"""

from __future__ import annotations

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "meedoen.conf.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers: pages are short database work; PDFs are CPU work. Two per core
# plus one is gunicorn's own advice.
workers = _env_int(
    "GUNICORN_WORKERS",
    _env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1),
)
# A large outcome report as PDF takes seconds; a request still running after this is
# killed and logged.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then (WeasyPrint and openpyxl hold on to memory).
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Load the application before forking: a settings error stops the start at once, and
# the workers share the imported code. Django opens no connection at import.
preload_app = True
# Proxies whose X-Forwarded-* headers gunicorn believes (Django reads
# X-Forwarded-Proto itself through SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "") in {"1", "true"} else None
# %(U)s is the path without the query string; no %(r)s, %(q)s, %(f)s, %(a)s or %(h)s.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "meedoen"
