"""The benchmark's timing middleware: server time and query count on the response."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from meedoen.organisations.models import Municipality
from meedoen.web.middleware import ServerTimingMiddleware


@pytest.mark.django_db
def test_server_timing_and_query_count():
    def view(request):
        Municipality.objects.count()
        Municipality.objects.exists()
        return HttpResponse("ok")

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "2"
    assert re.fullmatch(r"app;dur=[\d.]+, db;dur=[\d.]+", response["Server-Timing"])


def test_off_unless_the_bench_asks(settings):
    assert "meedoen.web.middleware.ServerTimingMiddleware" not in settings.MIDDLEWARE
