"""Setting up who may configure what."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

FUNCTIONAL_ADMIN_GROUP = "Functioneel beheer"

# Configuration a functional administrator maintains without a developer. Residents'
# data is not in this list: it is never reachable through the admin.
FUNCTIONAL_ADMIN_MODELS = {
    "organisations": ["neighbourhood", "organisation", "team", "professional"],
    "accounts": ["enrolmentcode"],
    "journeys": ["journeytemplate", "stage"],
    "privacy": ["privacypolicy", "retentionrule", "categoryaccess"],
}


def functional_admin_group_sync() -> Group:
    """Create or update the functional administrators' group and its permissions."""
    group, _created = Group.objects.get_or_create(name=FUNCTIONAL_ADMIN_GROUP)
    perms = Permission.objects.none()
    for app_label, models in FUNCTIONAL_ADMIN_MODELS.items():
        perms = perms | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    group.permissions.set(perms)
    return group
