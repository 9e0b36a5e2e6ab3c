"""The benchmark generator at a tiny size: rows in every table it promises, the audit
chain still verifying, the demo logins untouched, and a second run refused."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meedoen.core import audit
from meedoen.demo.bench import BENCH_PREFIX
from meedoen.journeys.models import CaseTeamMember, StageTransition, Trajectory
from meedoen.measurements.models import LadderProgress, Measurement
from meedoen.meetings.models import AgendaItem
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action, Goal, Plan
from meedoen.residents.models import Household, Resident

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_generate_builds_a_consistent_city(settings, tmp_path):
    settings.MEEDOEN_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    call_command("seed_demo", stdout=StringIO())
    before = Resident.objects.count()
    out = StringIO()
    call_command(
        "bench_generate", "--residents", "300", "--seed", "7",
        "--audit-per-resident", "3", stdout=out,
    )  # fmt: skip
    assert Resident.objects.count() - before == 300
    bench = Trajectory.objects.filter(coordinator__username__startswith=BENCH_PREFIX)
    assert bench.count() > 30
    assert bench.filter(closed_on__isnull=True).exists()
    assert bench.filter(closed_on__isnull=False).exists()
    assert len(set(bench.values_list("stage__order", flat=True))) >= 4
    assert Plan.objects.filter(trajectory__in=bench).count() == bench.count()
    assert Goal.objects.filter(plan__trajectory__in=bench).exists()
    assert Action.objects.filter(plan__trajectory__in=bench).exists()
    assert StageTransition.objects.filter(trajectory__in=bench).count() >= bench.count()
    assert CaseTeamMember.objects.filter(trajectory__in=bench).count() > bench.count()
    assert Measurement.objects.filter(trajectory__in=bench).exists()
    assert LadderProgress.objects.filter(trajectory__in=bench).exists()
    assert AgendaItem.objects.filter(trajectory__in=bench).exists()
    assert Household.objects.filter(name__startswith="Huishouden").exists()
    assert Professional.objects.filter(username__startswith=BENCH_PREFIX).exists()
    # The demo coordinator's caseload is the demo's, not the bench's.
    coordinator = Professional.objects.get(username="coordinator")
    assert not bench.filter(coordinator=coordinator).exists()
    # The generated events continue the keyed chain.
    result = audit.verify(checkpoint=False)
    assert result.ok, result.problem
    assert result.checked >= 900
    # The same database is refused a second time.
    with pytest.raises(CommandError):
        call_command("bench_generate", "--residents", "10", stdout=StringIO())
    # New rows after the generated ids get fresh primary keys (sequences moved on).
    Resident.objects.create(
        municipality=coordinator.municipality, first_name="Na", last_name="Bench",
        birth_date="1990-01-01",
    )  # fmt: skip
