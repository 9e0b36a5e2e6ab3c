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
