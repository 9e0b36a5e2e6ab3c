"""The write rules of meedoen, as one table (registered with ``meedoen.core.rules``).

Reading and writing have different grounds. A team lead reads their team's caseload,
and break the glass opens a file for reading in an emergency, but only a member of the
case team changes anything about the resident: their membership carries the basis
(legal task or consent) on which the change is made. A few writes belong to one person
on that team: the coordinator offers a hand-over and ends others' memberships.

Every rule takes the writer and their ``Access`` to the trajectory
(``meedoen.privacy.door``); services build it and call ``core.rules.require``.
"""

from __future__ import annotations

from typing import Any

import rules

from meedoen.core import rules as write_rules
from meedoen.core.categories import Category
from meedoen.organisations.models import Professional


@rules.predicate
def on_case_team(user: Any, access: Any) -> bool:
    return bool(access is not None and access.member)


@rules.predicate
def is_coordinator(user: Any, access: Any) -> bool:
    return bool(access is not None and access.coordinator)


@rules.predicate
def reads_work(user: Any, access: Any) -> bool:
    return bool(access is not None and Category.WORK in access.readable)


@rules.predicate
def reads_notes(user: Any, access: Any) -> bool:
    return bool(access is not None and Category.NOTES in access.readable)


@rules.predicate
def reads_every_item(user: Any, minutes: Any) -> bool:
    """The minutes are about everyone on the agenda (``meetings.selectors.
    MinutesAccess``): only a participant who reads every resident's notes writes them."""
    return bool(getattr(minutes, "reads_all_notes", False))


@rules.predicate
def is_administrator(user: Any, obj: Any) -> bool:
    """A functional administrator of the municipality (the social map's keeper)."""
    return bool(getattr(user, "role", "") == Professional.Role.ADMINISTRATOR)


@rules.predicate
def works_for_provider(user: Any, obj: Any) -> bool:
    """The user works for the organisation that provides an offer or receives a
    referral (``obj`` has ``organisation_id`` and ``municipality_id``)."""
    organisation_id = getattr(obj, "organisation_id", None)
    return bool(
        organisation_id is not None
        and organisation_id == getattr(user, "organisation_id", None)
        and getattr(obj, "municipality_id", None) == user.municipality_id
    )


def visits_the_round(user: Any, access: Any) -> bool:
    """A visit round's addresses: the worker assigned to it, or the campaign's
    coordinator (``outreach.selectors.RoundAccess``)."""
    return bool(
        access is not None
        and (getattr(access, "assigned", False) or getattr(access, "runs", False))
    )


@rules.predicate
def runs_the_campaign(user: Any, access: Any) -> bool:
    """The campaign's coordinator (``outreach.selectors.RoundAccess``)."""
    return bool(access is not None and getattr(access, "runs", False))


@rules.predicate
def coaches_the_team(user: Any, access: Any) -> bool:
    """An activation team's coach (``outreach.selectors.TeamAccess``)."""
    return bool(access is not None and getattr(access, "coach", False))


RULES: dict[str, Any] = {
    # The journey
    "trajectory.move": on_case_team,
    "trajectory.close": on_case_team,
    "contact.record": on_case_team,
    "case_team.add": on_case_team,
    "case_team.end": is_coordinator,
    "handover.offer": is_coordinator,
    "access_request.answer": is_coordinator,
    # The one plan: goals, actions, agreement
    "plan.change": on_case_team,
    # The table: the agenda, presence and notes, decisions, decisions into the plan,
    # the minutes
    "agenda_item.add": on_case_team,
    "agenda_item.record": on_case_team & reads_notes,
    "decision.add": on_case_team,
    "decision.to_action": on_case_team,
    "meeting.minutes": reads_every_item,
    # Measurements and work records
    "measurement.record": on_case_team,
    "work_record.record": on_case_team & reads_work,
    # The resident's consents
    "consent.change": on_case_team,
    # A story of the resident's journey for an evaluation (with their consent)
    "evaluation.record": on_case_team,
    # The household (who lives with whom): on the case team of a trajectory of one
    # of its members (the access is a ``casefile.households.HouseholdAccess``, whose
    # ``member`` says so)
    "household.change": on_case_team,
    # The social map: offers kept by the administrator and by the providing
    # organisation's own professionals (``obj`` is the offer); import and routes by the
    # administrator. Referrals are proposed and sent by the case team (``obj`` is the
    # access) and answered by the receiving organisation (``obj`` is the referral).
    "offer.change": is_administrator | works_for_provider,
    "socialmap.manage": is_administrator,
    "referral.propose": on_case_team,
    "referral.answer": works_for_provider,
    # Outreach: the addresses of a round are visited and recorded by the worker
    # assigned to it (or the campaign's coordinator), who divides them; an activation
    # team's wishes, themes, activities and participation are kept by its coach
    "visit.record": visits_the_round,
    "campaign.assign": runs_the_campaign,
    "activation_team.change": coaches_the_team,
}


def install() -> None:
    for name, predicate in RULES.items():
        write_rules.register(name, predicate)
