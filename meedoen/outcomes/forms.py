"""The outcome report's filters (GET) and the research export's forms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form
from meedoen.journeys.models import JourneyTemplate, Trajectory
from meedoen.organisations.models import Neighbourhood, Professional, Team
from meedoen.outcomes.indicators import Population, population_for
from meedoen.outcomes.models import ResearchExportKey


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=365), today


class OutcomeFilterForm(Form):
    date_from = forms.DateField(
        label=_("Started from"),
        required=False,
        widget=DateInput(),
        help_text=_("First start date of the intake cohort."),
    )
    date_to = forms.DateField(
        label=_("Started until"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Last start date of the intake cohort; also the end of the period."
        ),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    coach = forms.ModelChoiceField(
        label=_("Coach"), queryset=Professional.objects.none(), required=False
    )
    template = forms.ModelChoiceField(
        label=_("Journey"), queryset=JourneyTemplate.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Professional, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        muni = int(user.municipality_id or 0)
        teams = Team.objects.filter(municipality_id=muni)
        # EXISTS on the coordinator index, not a DISTINCT over every trajectory's
        # join (100 ms at 100,000 residents).
        coaches = Professional.objects.filter(
            Exists(Trajectory.objects.filter(coordinator_id=OuterRef("pk"))),
            municipality_id=muni,
        )
        if user.role == Professional.Role.TEAM_LEAD:
            teams = teams.filter(pk__in=user.teams.values("pk"))
            coaches = coaches.filter(teams__in=user.teams.values("pk")).distinct()
        fields: dict[str, Any] = self.fields
        fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality_id=muni
        )
        fields["team"].queryset = teams
        fields["coach"].queryset = coaches.order_by("last_name", "first_name")
        fields["template"].queryset = JourneyTemplate.objects.filter(
            municipality_id=muni
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end lies before the start."))
        return data

    def population(self) -> Population:
        """The population the user asked for, never wider than the user may see."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = default_period()

        def pk(name: str) -> int | None:
            obj = data.get(name)
            return obj.pk if obj is not None else None

        return population_for(
            self.user,
            start=data.get("date_from") or start,
            end=data.get("date_to") or end,
            neighbourhood_id=pk("neighbourhood"),
            team_id=pk("team"),
            coach_id=pk("coach"),
            template_id=pk("template"),
        )


class ResearchKeyForm(Form):
    name = forms.CharField(
        label=_("Name of the new key"),
        max_length=100,
        help_text=_("What the key is for, e.g. the evaluation and the evaluator."),
    )


class ResearchExportForm(Form):
    key = forms.ModelChoiceField(
        label=_("Export key"), queryset=ResearchExportKey.objects.none()
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("csv", _("CSV with a readme, in a zip file")),
            ("xlsx", _("Excel, with a readme on the second sheet")),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, user: Professional, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["key"]
        field.queryset = ResearchExportKey.objects.filter(
            municipality_id=int(user.municipality_id or 0)
        )
