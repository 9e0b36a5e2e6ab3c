"""The admin keeps to the strict Content Security Policy (no inline styles or scripts)
and labels every form element (axe); the browser test of the same is
meedoen/web/tests/browser/test_admin.py."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from meedoen.journeys.models import JourneyTemplate
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"""<style(?![^>]*\bnonce=)[^>]*>|\sstyle\s*=\s*["']""", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)[^>]*>", re.I)


def _admin_pages(client):
    """Every admin page the signed-in user may open: index, lists, add and change."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        opts = model._meta
        for view, args in (
            ("changelist", []),
            ("add", []),
            ("change", [obj.pk] if (obj := model.objects.first()) else None),
        ):
            if args is None:
                continue
            try:
                yield reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args
                )
            except NoReverseMatch:
                continue


@pytest.mark.parametrize("superuser", [False, True])
def test_no_admin_page_needs_an_inline_style_or_script(
    client, arnhem, coordinator, superuser
):
    user = ProfessionalFactory(
        municipality=arnhem,
        administrator=True,
        is_superuser=superuser,
        username="beheer",
    )
    user.groups.add(functional_admin_group_sync())
    client.force_login(user)
    seen = 0
    for url in _admin_pages(client):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        policy = response["Content-Security-Policy"]
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        html = response.content.decode()
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html))
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert "meedoen/admin" in html and "admin.css" in html, url
    assert seen >= 20


def test_every_field_of_a_table_row_has_a_name(client, arnhem):
    admin_user = ProfessionalFactory(municipality=arnhem, administrator=True)
    admin_user.groups.add(functional_admin_group_sync())
    client.force_login(admin_user)
    template = JourneyTemplate.objects.get(municipality=arnhem)
    html = client.get(
        reverse("admin:journeys_journeytemplate_change", args=[template.pk])
    ).content.decode()
    rows = re.findall(
        r'<(?:input|select|textarea)[^>]*name="stages-\d+-[^"]*"[^>]*>', html
    )
    assert rows
    for element in rows:
        if 'type="hidden"' in element:
            continue
        assert "aria-label=" in element, element
    assert 'aria-label="Delete (row 1)"' in html


def test_the_professional_form_labels_every_box(client, arnhem, coordinator):
    admin_user = ProfessionalFactory(municipality=arnhem, administrator=True)
    admin_user.groups.add(functional_admin_group_sync())
    client.force_login(admin_user)
    html = client.get(
        reverse("admin:organisations_professional_change", args=[coordinator.pk])
    ).content.decode()
    # Check boxes with their labels, not the two-box filter; the dates not editable.
    assert 'type="checkbox" name="teams"' in html
    assert "SelectFilter2" not in html
    assert 'name="date_joined_0"' not in html
