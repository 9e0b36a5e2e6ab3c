import random
from datetime import date
from types import SimpleNamespace

import pytest

from meedoen.demo.seed_socialmap import seed_socialmap
from meedoen.organisations.models import Neighbourhood
from meedoen.socialmap.matching import Needs, Profile, rank
from meedoen.socialmap.models import Offer, Route

pytestmark = pytest.mark.django_db


def test_the_demo_social_map(arnhem, welfare):
    names = ["Klarendal", "Geitenkamp", "Malburgen", "Presikhaaf", "Het Arnhemse Broek"]
    districts = {
        n: Neighbourhood.objects.create(municipality=arnhem, name=n) for n in names
    }
    seeder = SimpleNamespace(
        municipality=arnhem,
        districts=districts,
        orgs={"welfare": welfare},
        rng=random.Random(1),
        today=date(2026, 3, 1),
        cases=[],
        log=lambda m: None,
    )
    seed_socialmap(seeder)
    assert 70 <= Offer.objects.count() <= 90
    assert Route.objects.get().steps.count() == 4
    klarendal = districts["Klarendal"]
    matches = rank(
        Offer.objects.all(),
        Needs(free_only=True, language="ar", nearby_only=True),
        Profile(neighbourhood_id=klarendal.pk, rung=2, target_rung=3),
    )
    assert matches and all(m.offer.neighbourhood_id == klarendal.pk for m in matches)
    assert "speaks Arabic" in matches[0].reasons
