"""The site's own middleware.

The interface is Dutch unless the user chooses English (the language switch in the
footer sets a cookie). The browser's Accept-Language does not decide: professionals
of a Dutch municipality share one vocabulary whatever their browser says.

No response of the application is stored by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = (
            chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language


class NoStoreMiddleware:
    """Nothing the application answers may stay in a browser's cache or a shared
    proxy: on a shared computer the next user would find residents' files, print views
    and exports there. One rule for every response, pages, refusals and downloads
    alike; static files are answered by WhiteNoise before this middleware and keep
    their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class ServerTimingMiddleware:
    """For benchmarks only (``MEEDOEN_BENCH_TIMING=1``, see scripts/bench_server.py):
    the server's own time and the number of database queries of each response, in a
    ``Server-Timing`` header (``app;dur=ms, db;dur=ms``) and ``X-Query-Count``. Off in
    production: it tells a client how long the database took."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from time import perf_counter

        from django.db import connection

        counted = {"queries": 0, "db": 0.0}

        def timed(execute, sql, params, many, context):
            began = perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                counted["queries"] += 1
                counted["db"] += perf_counter() - began

        began = perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        took = (perf_counter() - began) * 1000
        response["Server-Timing"] = (
            f"app;dur={took:.1f}, db;dur={counted['db'] * 1000:.1f}"
        )
        response["X-Query-Count"] = str(counted["queries"])
        return response
