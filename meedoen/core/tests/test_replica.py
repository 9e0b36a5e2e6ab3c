"""The read-replica router: report reads go to ``replica`` when it is configured,
everything else (and every write and migration) stays on ``default``."""

import os
import subprocess
import sys

import pytest

from meedoen.core.replica import ReplicaRouter, replica_reads
from meedoen.organisations.models import Municipality
from meedoen.residents.models import Resident


def test_reads_go_to_the_replica_only_inside_the_block(monkeypatch):
    from meedoen.core import replica

    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(Resident) is None  # default
    with replica_reads():
        assert router.db_for_read(Resident) == "replica"
        assert router.db_for_write(Resident) == "default"
    assert router.db_for_read(Resident) is None
    assert router.allow_migrate("replica", "residents") is False
    assert router.allow_migrate("default", "residents") is True


def test_without_a_replica_the_block_changes_nothing(settings):
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert ReplicaRouter().db_for_read(Municipality) is None


def test_the_environment_variable_adds_the_alias_and_the_router():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.settings",
        "DJANGO_DEBUG": "1",
        "REPLICA_DATABASE_URL": "postgres://reader@replica.example:5432/meedoen",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; "
        "print(r['HOST'], r['USER'], r['TEST']['MIRROR'], s.DATABASE_ROUTERS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    assert (
        "replica.example reader default ['meedoen.core.replica.ReplicaRouter']" in out
    )


@pytest.mark.django_db
def test_the_outcome_report_reads_inside_the_block(client, monkeypatch):
    from meedoen.core import replica
    from meedoen.organisations.tests.factories import ProfessionalFactory
    from meedoen.outcomes import views
    from meedoen.web.tests.helpers import login

    seen = []
    real = views.report.build

    def build(*args, **kwargs):
        seen.append(replica._reading_replica.get())
        return real(*args, **kwargs)

    monkeypatch.setattr(views.report, "build", build)
    adviser = ProfessionalFactory(role="policy_adviser")
    response = login(client, adviser).get("/uitkomsten/")
    assert response.status_code == 200
    assert seen == [True]
