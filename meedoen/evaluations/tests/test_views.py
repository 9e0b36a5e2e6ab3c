"""The evaluation pages: who may read them, the four windows side by side, never the
resident's name, consent withdrawal at once, the audit trail, the PDF, and a number of
queries that does not grow with the stories."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.evaluations import export, services
from meedoen.evaluations.models import CaseStory, Window
from meedoen.evaluations.tests.conftest import add_story, consent_for
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.services import consent_withdraw
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db

FINDINGS = {
    Window.RESIDENT: "Hoefde haar verhaal maar één keer te vertellen.",
    Window.PROFESSIONAL: "Werkcoach en wijkcoach maakten samen één plan.",
    Window.ORGANISATION: "Privacy-afspraken maakten delen lastig.",
    Window.POLICY: "Geldstromen Participatiewet en Wmo lopen gescheiden.",
}


@pytest.fixture
def coded(story, adviser):
    for window, text in FINDINGS.items():
        services.finding_add(story=story, window=window, text=text, by=adviser)
    return story


def _detail(evaluation):
    return reverse("evaluation_detail", args=[evaluation.pk])


def _pdf(evaluation):
    return reverse("evaluation_pdf", args=[evaluation.pk])


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF was laid out from (no PDF text extractor is installed)."""
    rendered: list[str] = []
    original = export.render_html

    def spy(detail):
        html = original(detail)
        rendered.append(html)
        return html

    monkeypatch.setattr(export, "render_html", spy)
    return rendered


@pytest.mark.parametrize("role", ["adviser", "team_lead", "coordinator"])
def test_readers_see_the_list_and_the_detail(client, request, coded, role):
    user = request.getfixturevalue(role)
    login(client, user)
    response = client.get(reverse("evaluation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maat Werkt Klarendal" in html
    assert 'aria-current="page">Evaluations' in html
    response = client.get(_detail(coded.evaluation))
    assert response.status_code == 200
    assert_page_basics(response.content.decode())


def test_the_four_windows_side_by_side_without_the_residents_name(
    client, adviser, coded
):
    resident = coded.trajectory.resident
    login(client, adviser)
    html = client.get(_detail(coded.evaluation)).content.decode()
    assert html.count('class="meedoen-card meedoen-window"') == 4
    assert 'class="meedoen-windows"' in html
    positions = [html.index(f'id="window-{w}"') for w in Window.values]
    assert positions == sorted(
        positions
    )  # resident, professional, organisation, policy
    for window, text in FINDINGS.items():
        section = html[html.index(f'id="window-{window}"') :]
        assert escape(text) in section.split("</section>")[0]
    for text in (resident.full_name, resident.last_name, resident.bsn):
        assert escape(text) not in html
    assert "Wat werkt voor wie?" in html  # the question


def test_a_withdrawn_consent_removes_the_story_at_once(
    client, adviser, coordinator, coded, pdf_html
):
    login(client, adviser)
    title = escape(coded.title)
    assert title in client.get(_detail(coded.evaluation)).content.decode()
    consent_withdraw(consent=coded.consent, by=coordinator)
    html = client.get(_detail(coded.evaluation)).content.decode()
    assert title not in html
    for text in FINDINGS.values():
        assert escape(text) not in html
    response = client.get(_pdf(coded.evaluation))
    assert response.content.startswith(b"%PDF")
    assert escape(FINDINGS[Window.POLICY]) not in pdf_html[-1]
    assert escape(coded.title) not in pdf_html[-1]
    listing = client.get(reverse("evaluation_list")).content.decode()
    assert '<td class="utrecht-table__cell">0</td>' in listing
    # Coding a finding on it is refused too.
    response = client.get(reverse("evaluation_finding_add", args=[coded.pk]))
    assert response.status_code == 404


def test_every_read_is_audited_per_resident(client, adviser, coordinator, coded):
    second = TrajectoryFactory(coordinator=coordinator)
    add_story(coded.evaluation, second, coordinator, title="Tweede verhaal")
    add_story(coded.evaluation, second, coordinator, title="Derde verhaal")
    login(client, adviser)
    start = AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    client.get(_detail(coded.evaluation))
    events = AccessEvent.objects.filter(seq__gt=start)
    assert sorted(events.values_list("resident_id", flat=True)) == sorted(
        [coded.trajectory.resident_id, second.resident_id]
    )  # one per resident, not per story
    assert set(events.values_list("action", "category", "via")) == {
        (AccessEvent.Action.READ, Category.NOTES, "evaluation_detail")
    }
    assert set(events.values_list("professional_id", flat=True)) == {adviser.pk}


def test_the_pdf_has_the_windows_and_is_audited_as_export(
    client, adviser, coded, pdf_html
):
    login(client, adviser)
    start = AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    response = client.get(_pdf(coded.evaluation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    html = pdf_html[-1]
    assert "De vier vensters" in html
    assert html.count('<th scope="col">') == 4  # the four windows side by side
    assert escape(coded.trajectory.resident.last_name) not in html
    assert escape(coded.title) in html
    for text in FINDINGS.values():
        assert escape(text) in html
    events = AccessEvent.objects.filter(seq__gt=start)
    assert list(events.values_list("action", "resident_id", "via")) == [
        (AccessEvent.Action.EXPORT, coded.trajectory.resident_id, "evaluation_pdf")
    ]


@pytest.mark.parametrize(
    "name", ["evaluation_detail", "evaluation_pdf", "evaluation_story_add"]
)
def test_another_municipality_gets_404(client, coded, nijmegen, name):
    other = ProfessionalFactory(
        municipality=nijmegen, role=Professional.Role.POLICY_ADVISER
    )
    login(client, other)
    assert client.get(reverse(name, args=[coded.evaluation.pk])).status_code == 404
    assert (
        client.get(reverse("evaluation_finding_add", args=[coded.pk])).status_code
        == 404
    )
    html = client.get(reverse("evaluation_list")).content.decode()
    assert "Maat Werkt Klarendal" not in html


@pytest.mark.parametrize(
    "role",
    [
        Professional.Role.INCOME_CONSULTANT,
        Professional.Role.WORK_COACH,
        Professional.Role.PRIVACY_OFFICER,
        Professional.Role.ADMINISTRATOR,
    ],
)
def test_roles_without_access_get_403(client, arnhem, coded, role):
    user = ProfessionalFactory(municipality=arnhem, role=role)
    login(client, user)
    urls = [
        reverse("evaluation_list"),
        reverse("evaluation_create"),
        _detail(coded.evaluation),
        _pdf(coded.evaluation),
        reverse("evaluation_story_add", args=[coded.evaluation.pk]),
        reverse("evaluation_finding_add", args=[coded.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert "Evaluations" not in client.get(reverse("caseload")).content.decode()


def test_a_policy_adviser_writes_no_story(client, adviser, evaluation):
    login(client, adviser)
    url = reverse("evaluation_story_add", args=[evaluation.pk])
    assert client.get(url).status_code == 403


def test_the_detail_page_queries_do_not_grow_with_the_stories(
    client, adviser, coordinator, evaluation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n: int) -> None:
        for i in range(n):
            story = add_story(
                evaluation, TrajectoryFactory(coordinator=coordinator), coordinator,
                title=f"Verhaal {CaseStory.objects.count() + 1}",
            )  # fmt: skip
            services.finding_add(
                story=story, window=Window.values[i % 4],
                text="Een bevinding", by=adviser,
            )  # fmt: skip

    login(client, adviser)
    url = _detail(evaluation)
    counts = []
    for n in (3, 9):
        grow(n)
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert CaseStory.objects.count() == 12
    assert counts[0] == counts[1], counts
    assert counts[0] <= 15, counts


def test_create_an_evaluation(client, adviser):
    login(client, adviser)
    response = client.post(reverse("evaluation_create"), {"title": "", "question": ""})
    assert response.status_code == 400
    assert "Give the evaluation a title." in response.content.decode()
    response = client.post(
        reverse("evaluation_create"), {"title": "Op Koers", "question": "Wat werkt?"}
    )
    assert response.status_code == 302


def test_add_a_story_in_two_steps(client, coordinator, evaluation, trajectory):
    login(client, coordinator)
    url = reverse("evaluation_story_add", args=[evaluation.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(trajectory.resident.full_name) in html
    # Step 2 without a consent for the evaluation: a warning, and refused on POST.
    response = client.get(url, {"trajectory": trajectory.pk})
    assert "has no consent in force" in response.content.decode()
    data = {
        "trajectory": trajectory.pk, "title": "Eén plan", "narrative": "Het verhaal.",
        "written_with_resident": "on", "written_on": "2020-01-01",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Choose the resident&#x27;s consent" in response.content.decode()
    consent = consent_for(trajectory, coordinator)
    response = client.get(url, {"trajectory": trajectory.pk})
    assert consent.purpose[:30] in response.content.decode()
    response = client.post(url, {**data, "consent": consent.pk})
    assert response.status_code == 302
    story = CaseStory.objects.get()
    assert response["Location"].endswith(f"#story-{story.pk}")
    assert story.consent == consent


def test_a_trajectory_not_on_the_users_case_team_cannot_be_chosen(
    client, coordinator, evaluation, arnhem
):
    other = ProfessionalFactory(municipality=arnhem)
    trajectory = TrajectoryFactory(coordinator=other)
    login(client, coordinator)
    url = reverse("evaluation_story_add", args=[evaluation.pk])
    response = client.get(url, {"trajectory": trajectory.pk})
    assert response.status_code == 400
    assert escape(trajectory.resident.full_name) not in response.content.decode()


def test_add_a_finding(client, adviser, story):
    login(client, adviser)
    url = reverse("evaluation_finding_add", args=[story.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"window": "", "text": ""})
    assert response.status_code == 400
    response = client.post(url, {"window": Window.ORGANISATION, "text": "Mandaat."})
    assert response.status_code == 302
    assert story.findings.get().window == Window.ORGANISATION
