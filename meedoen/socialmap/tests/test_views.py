import pytest
from django.urls import reverse

from meedoen.organisations.models import Neighbourhood
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.plans.models import Action
from meedoen.socialmap.models import Offer, Referral, Route, RouteStep
from meedoen.socialmap.services import referral_propose, referral_step
from meedoen.socialmap.tests.factories import offer
from meedoen.web.tests.helpers import assert_queries_do_not_grow, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_offer(nijmegen):
    return offer(nijmegen, "Nijmeegse moestuin")


def test_the_list_shows_only_the_own_municipality(
    client, coordinator, offers, foreign_offer
):
    login(client, coordinator)
    html = client.get(reverse("offer_list")).content.decode()
    assert "Koffieochtend Klarendal" in html
    assert "Nijmeegse moestuin" not in html
    assert "Gestopt" not in html  # inactive
    html = client.get(reverse("offer_list"), {"language": "pl"}).content.decode()
    assert "Magazijnmedewerker" in html and "Koffieochtend" not in html
    html = client.get(
        reverse("offer_list"), {"free": "on", "rung": "3"}
    ).content.decode()
    assert "Naaiatelier" in html and "Computercursus" not in html


def test_detail_is_404_for_another_municipality(
    client, coordinator, offers, foreign_offer
):
    login(client, coordinator)
    assert (
        client.get(reverse("offer_detail", args=[offers["koffie"].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("offer_detail", args=[foreign_offer.pk])).status_code == 404
    )
    assert client.get(reverse("offer_edit", args=[foreign_offer.pk])).status_code == 404


def test_a_provider_edits_only_its_own_offers(client, provider, offers):
    login(client, provider)
    own, other = offers["koffie"], offers["naaien"]
    assert client.get(reverse("offer_edit", args=[other.pk])).status_code == 403
    url = reverse("offer_edit", args=[own.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "day_activity",
        "title": "Koffieochtend Klarendal (nieuw)",
        "organisation": own.organisation_id,
        "is_free": "on",
        "languages": "nl, ar",
        "is_active": "on",
        "version": own.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    own.refresh_from_db()
    assert own.title.endswith("(nieuw)") and own.version == 2
    # A stale version is refused.
    response = client.post(url, {**data, "title": "Oud", "version": 1})
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.title.endswith("(nieuw)")


def test_creating_offers(client, administrator, arnhem, welfare):
    nobody = ProfessionalFactory(municipality=arnhem, organisation=None)
    login(client, nobody)
    assert client.get(reverse("offer_create")).status_code == 403
    login(client, administrator)
    response = client.post(
        reverse("offer_create"),
        {
            "kind": "sport",
            "title": "Wandelgroep",
            "provider_name": "Buurtsport",
            "is_free": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Offer.objects.get(title="Wandelgroep").municipality == arnhem


def test_import_is_for_administrators(client, administrator, coordinator):
    login(client, coordinator)
    assert client.get(reverse("offer_import")).status_code == 403
    login(client, administrator)
    assert client.get(reverse("offer_import")).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.csv", b"soort;titel;aanbieder\ntoveren;X;Y\n")
    response = client.post(reverse("offer_import"), {"file": bad})
    assert response.status_code == 400
    assert (
        "Row 2: kind &#x27;toveren&#x27; does not exist." in response.content.decode()
    )
    assert not Offer.objects.exists()


def test_match_page_and_add_to_plan(
    client, trajectory, coordinator, offers, outsider, foreigner, team_lead
):
    url = reverse("socialmap_match", args=[trajectory.pk])
    for who, status in ((outsider, 404), (foreigner, 404), (team_lead, 200)):
        login(client, who)
        assert client.get(url).status_code == status
    login(client, team_lead)
    response = client.post(reverse("socialmap_add_to_plan", args=[trajectory.pk]), {})
    assert response.status_code == 403
    login(client, coordinator)
    html = client.get(url).content.decode()
    assert "Koffieochtend Klarendal" in html and "Add to the plan" in html
    plan = trajectory.plan
    plan.refresh_from_db()
    response = client.post(
        reverse("socialmap_add_to_plan", args=[trajectory.pk]),
        {
            "offer": offers["koffie"].pk,
            "version": plan.version,
            "life_domain": "time_use",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(plan=plan, description__startswith="Koffieochtend")
    assert action.life_domain == "time_use" and action.owner_kind == "resident"


def test_referral_from_the_match_page_to_the_inbox(
    client, trajectory, coordinator, offers, provider, arnhem
):
    koffie = offers["koffie"]
    login(client, coordinator)
    response = client.post(
        reverse("referral_create", args=[trajectory.pk]),
        {"offer": koffie.pk, "note": "Graag op dinsdag", "shared": ["name"]},
        follow=True,
    )
    # Welfare has no legal task and there is no consent: refused, in words.
    assert "no valid consent" in response.content.decode()
    assert not Referral.objects.exists()
    client.post(
        reverse("referral_create", args=[trajectory.pk]),
        {"offer": koffie.pk, "note": "Graag op dinsdag", "shared": []},
    )
    referral = Referral.objects.get()
    client.post(reverse("referral_send", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.state == "sent"
    login(client, provider)
    html = client.get(reverse("referral_inbox")).content.decode()
    assert "Koffieochtend" in html
    assert trajectory.resident.last_name not in html  # nothing shared
    assert "Graag op dinsdag" not in html
    # Someone of another organisation cannot answer it.
    other = ProfessionalFactory(municipality=arnhem)
    login(client, other)
    response = client.post(
        reverse("referral_answer", args=[referral.pk]), {"step": "accept"}
    )
    assert response.status_code == 404
    login(client, provider)
    client.post(
        reverse("referral_answer", args=[referral.pk]),
        {"step": "decline", "reason": ""},
    )
    referral.refresh_from_db()
    assert referral.state == "sent"
    client.post(reverse("referral_answer", args=[referral.pk]), {"step": "accept"})
    referral.refresh_from_db()
    assert referral.state == "accepted" and referral.answered_by == provider


def test_routes_suppress_small_numbers(
    client, administrator, coordinator, arnhem, trajectory, offers, provider, welfare
):
    login(client, coordinator)
    assert client.get(reverse("route_create")).status_code == 403
    login(client, administrator)
    response = client.post(
        reverse("route_create"),
        {"name": "Naar werk", "steps": "day_activity\nwork_experience\nvolunteer\njob"},
    )
    assert response.status_code == 302
    route = Route.objects.get()
    assert list(route.steps.values_list("kind", flat=True)) == [
        "day_activity",
        "work_experience",
        "volunteer",
        "job",
    ]
    response = client.post(reverse("route_create"), {"name": "X", "steps": "toveren"})
    assert response.status_code == 400
    # Three residents started a day activity: under 10, suppressed.
    koffie = offers["koffie"]
    koffie.organisation = None
    koffie.provider_name = "Buurthuis"
    koffie.save()
    for _ in range(3):
        r = referral_propose(trajectory=trajectory, by=coordinator, offer=koffie)
        Referral.objects.filter(pk=r.pk).update(state="started")
    login(client, coordinator)
    html = client.get(reverse("route_detail", args=[route.pk])).content.decode()
    assert "&lt;10" in html
    assert client.get(reverse("route_list")).status_code == 200


def test_route_counts_at_the_threshold_are_shown(arnhem, coordinator, offers, settings):
    from meedoen.socialmap.selectors import route_view

    settings.MEEDOEN_SUPPRESSION_THRESHOLD = 1
    route = Route.objects.create(municipality=arnhem, name="R")
    RouteStep.objects.create(route=route, order=1, kind="job")
    _route, figures, _limit = route_view(coordinator, route.pk)
    assert figures[0].at_step is None  # 0 residents: under 1


def test_the_other_municipality_sees_no_route(client, foreigner, arnhem):
    route = Route.objects.create(municipality=arnhem, name="R")
    login(client, foreigner)
    assert client.get(reverse("route_detail", args=[route.pk])).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(
    client, coordinator, arnhem, django_assert_max_num_queries
):
    area = Neighbourhood.objects.create(municipality=arnhem, name="Malburgen")
    login(client, coordinator)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            offer(
                arnhem, f"Aanbod {next(counter)}", neighbourhood=area, languages="nl,ar"
            )

    assert_queries_do_not_grow(
        client,
        reverse("offer_list"),
        grow,
        limit=20,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_the_match_page_runs_a_fixed_number_of_queries(
    client, trajectory, coordinator, arnhem, django_assert_max_num_queries
):
    login(client, coordinator)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            o = offer(arnhem, f"Aanbod {next(counter)}")
            referral_propose(trajectory=trajectory, by=coordinator, offer=o)

    assert_queries_do_not_grow(
        client,
        reverse("socialmap_match", args=[trajectory.pk]),
        grow,
        limit=40,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_inbox_and_overview_run_a_fixed_number_of_queries(
    client,
    trajectory,
    coordinator,
    arnhem,
    provider,
    welfare,
    django_assert_max_num_queries,
):
    from meedoen.organisations.models import Organisation

    Organisation.objects.filter(pk=welfare.pk).update(legal_task="Wmo 2015")
    welfare.refresh_from_db()
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            o = offer(
                arnhem,
                f"Aanbod {next(counter)}",
                organisation=welfare,
                provider_name="",
            )
            r = referral_propose(
                trajectory=trajectory,
                by=coordinator,
                offer=o,
                shared=["name", "note"],
                note="n",
            )
            referral_step(referral=r, to="sent", by=coordinator)

    login(client, provider)
    assert_queries_do_not_grow(
        client,
        reverse("referral_inbox"),
        grow,
        limit=30,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
    login(client, coordinator)
    assert_queries_do_not_grow(
        client,
        reverse("referral_overview"),
        grow,
        limit=30,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_every_page_owes_the_basics(
    client, trajectory, coordinator, administrator, offers, provider
):
    from meedoen.web.tests.helpers import assert_page_basics

    route = Route.objects.create(municipality=offers["koffie"].municipality, name="R")
    RouteStep.objects.create(route=route, order=1, kind="job")
    pages = [
        (coordinator, reverse("offer_list")),
        (coordinator, reverse("offer_detail", args=[offers["koffie"].pk])),
        (coordinator, reverse("socialmap_match", args=[trajectory.pk])),
        (coordinator, reverse("referral_overview")),
        (provider, reverse("referral_inbox")),
        (provider, reverse("offer_edit", args=[offers["koffie"].pk])),
        (administrator, reverse("offer_create")),
        (administrator, reverse("offer_import")),
        (administrator, reverse("route_create")),
        (coordinator, reverse("route_list")),
        (coordinator, reverse("route_detail", args=[route.pk])),
    ]
    for user, url in pages:
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_basics(response.content.decode())
