"""The audit trail is shown in plain words, not in its codes."""

from django.utils import translation

from meedoen.privacy.audit_words import basis_words, via_words


def test_bases_in_plain_dutch():
    with translation.override("nl"):
        assert "Wmo 2015" in basis_words("case_team; legal task: Wmo 2015")
        assert "case_team" not in basis_words("case_team; legal task: Wmo 2015")
        assert "Crisis" in basis_words("break_the_glass #3: Crisis in de nacht")
        assert "break_the_glass" not in basis_words("break_the_glass #3: Crisis")
        assert basis_words("team_lead") != "team_lead"


def test_pages_in_plain_words():
    with translation.override("en"):
        assert via_words("resident_file") == "the resident's file"
        assert via_words("resident_file:household") == "the resident's file"
        assert via_words("plan_goal_add") == "a change to the plan"
        assert via_words("measurement_list") == "the measurements"


def test_the_household_pages_in_words():
    assert via_words("household") == "the household"
    assert via_words("resident_file:household") == "the resident's file"
    assert via_words("household_plan") == "the household plan"
    assert via_words("household_member_end") == "leaving the household"
