"""The audit trail in plain words: the trail stores short codes (``case_team; legal
task: Wmo 2015``, ``resident_file``) so that it can be searched and verified; the
pages that show it to a coordinator, the privacy officer or the resident say what they
mean ("lid van het casusteam, wettelijke taak: Wmo 2015", "het dossier")."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Where a read or change happened: the page, download or command (by its code).
VIA: dict[str, object] = {
    "resident_file": gettext_lazy("the resident's file"),
    "plan": gettext_lazy("the plan"),
    "plan_print": gettext_lazy("the printed plan"),
    "search": gettext_lazy("search"),
    "caseload": gettext_lazy("the caseload"),
    "journey_board": gettext_lazy("the journey board"),
    "meeting": gettext_lazy("a meeting"),
    "meeting_agenda_choices": gettext_lazy("a meeting's agenda choices"),
    "handovers_offered": gettext_lazy("hand-overs offered"),
    "handover_decline": gettext_lazy("a hand-over"),
    "access_requests": gettext_lazy("requests to join a case team"),
    "consent_list": gettext_lazy("the consents"),
    "consent_add": gettext_lazy("recording a consent"),
    "consent_withdraw": gettext_lazy("withdrawing a consent"),
    "consent_record": gettext_lazy("recording a consent"),
    "measurement_list": gettext_lazy("the measurements"),
    "measurement_detail": gettext_lazy("a measurement"),
    "emergency_access": gettext_lazy("emergency access"),
    "break_the_glass": gettext_lazy("opening a file in an emergency"),
    "emergency_access:lookup": gettext_lazy(
        "looking up a resident for emergency access"
    ),
    "emergency_review": gettext_lazy("the review of emergency accesses"),
    "audit_log": gettext_lazy("the audit log"),
    "access_request": gettext_lazy("the access request (AVG art. 15)"),
    "command:access_request": gettext_lazy("the access request (AVG art. 15)"),
    "command:retention_apply": gettext_lazy("retention (anonymising or destroying)"),
    "resident_register:duplicates": gettext_lazy("the duplicate check at registration"),
    "questions": gettext_lazy("the front door"),
    "question": gettext_lazy("a question at the front door"),
    "resident_merge": gettext_lazy("merging two files"),
    "trajectory_start": gettext_lazy("the start of a trajectory"),
    "trajectory_move": gettext_lazy("a move to another stage"),
    "trajectory_close": gettext_lazy("closing a trajectory"),
    "case_team_add": gettext_lazy("an addition to the case team"),
    "case_team_end": gettext_lazy("the end of a case-team membership"),
    "contact_record": gettext_lazy("a contact"),
    "handover_accept": gettext_lazy("taking over the coordination"),
    "access_request_make": gettext_lazy("a request to join the case team"),
    "access_request_answer": gettext_lazy("the answer to a request to join"),
    "agenda_item_record": gettext_lazy("notes at a meeting"),
    "decision_add": gettext_lazy("a decision at a meeting"),
    "meeting_save_minutes": gettext_lazy("the minutes of a meeting"),
    "meeting_add_agenda_item": gettext_lazy("a meeting's agenda"),
    "household": gettext_lazy("the household"),
    "household_plan": gettext_lazy("the household plan"),
    "household_start": gettext_lazy("recording a household"),
    "household_update": gettext_lazy("a change to the household"),
    "household_member_add": gettext_lazy("an addition to the household"),
    "household_member_end": gettext_lazy("leaving the household"),
    "socialmap_match": gettext_lazy("offers for the resident (social map)"),
    "referral_overview": gettext_lazy("the referrals overview"),
    "referral_inbox": gettext_lazy("the referrals to an organisation"),
    "referral_propose": gettext_lazy("proposing a referral"),
    "referral_sent": gettext_lazy("sending a referral"),
    "referral_accepted": gettext_lazy("accepting a referral"),
    "referral_declined": gettext_lazy("declining a referral"),
    "referral_started": gettext_lazy("the start at a referral"),
    "referral_ended": gettext_lazy("the end of a referral"),
    "visit_round": gettext_lazy("a round of home visits"),
    "visit_record": gettext_lazy("recording a home visit"),
    "campaign": gettext_lazy("a home-visit campaign"),
    "activation_team": gettext_lazy("an activation team"),
    "participation_confirm": gettext_lazy("confirming participation in an activity"),
}


def via_words(via: str) -> str:
    """The page, download or command, in words."""
    code = via.split(":", 1)[0] if via not in VIA else via
    if code in VIA:
        return str(VIA[code])
    if code.startswith("plan_") or code.startswith("plan"):
        return _("a change to the plan")
    if code.startswith("measurement") or code.startswith("work_record"):
        return _("the measurements")
    if code.startswith("meeting") or code.startswith("decision"):
        return _("a meeting")
    if code.startswith("resident_file"):
        return _("the resident's file")
    return code.replace("_", " ")


def basis_words(basis: str) -> str:
    """Why the access was allowed, in words."""
    if m := re.fullmatch(r"case_team; legal task: (.*)", basis):
        return _("member of the case team, legal task: %(task)s") % {"task": m.group(1)}
    if m := re.fullmatch(r"case_team; consent #(\d+)", basis):
        return _("member of the case team, on the resident's consent (#%(n)s)") % {
            "n": m.group(1)
        }
    if m := re.fullmatch(r"break_the_glass lookup: (.*)", basis, flags=re.S):
        return _("emergency access, looking up a BSN or number: %(reason)s") % {
            "reason": m.group(1)
        }
    if m := re.fullmatch(r"break_the_glass #(\d+): (.*)", basis, flags=re.S):
        return _("emergency access: %(reason)s") % {"reason": m.group(2)}
    if m := re.fullmatch(r"consent #(\d+) (recorded|withdrawn)", basis):
        if m.group(2) == "recorded":
            return _("consent %(n)s recorded") % {"n": m.group(1)}
        return _("consent %(n)s withdrawn") % {"n": m.group(1)}
    if m := re.fullmatch(r"household of resident #(\d+)", basis):
        return _("household member on the file of resident %(n)s") % {"n": m.group(1)}
    if m := re.fullmatch(r"outreach campaign #(\d+): visitor", basis):
        return _("home visit of campaign %(n)s") % {"n": m.group(1)}
    if m := re.fullmatch(r"activation team #(\d+): coach", basis):
        return _("coach of activation team %(n)s") % {"n": m.group(1)}
    if m := re.fullmatch(r"merge #(\d+) into #(\d+): (.*)", basis, flags=re.S):
        return _("file %(a)s merged into file %(b)s: %(reason)s") % {
            "a": m.group(1),
            "b": m.group(2),
            "reason": m.group(3),
        }
    words = {
        "case_team": _("member of the case team"),
        "case_team; coordinator": _("coordinator of the trajectory"),
        "team_lead": _("team lead of a case-team member"),
        "handover": _("a hand-over offered to them"),
        "handover offered": _("a hand-over offered to them"),
        "privacy_officer": _("privacy officer"),
        "registration: duplicate check": _("duplicate check at registration"),
        "front door": _("the front door (question or signal)"),
        "access_request (AVG art. 15)": _("access request (AVG art. 15)"),
        "break_the_glass": _("emergency access"),
    }
    if basis in words:
        return words[basis]
    if basis.startswith("case_team; "):
        return _("member of the case team (%(role)s)") % {
            "role": basis.split("; ", 1)[1]
        }
    return basis
