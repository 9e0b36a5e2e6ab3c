"""The categories of personal data, and the life domains that sort plan goals and
matrix scores into them.

Categories are the unit of "which data": a role reads some categories of a file it has
need-to-know for (``meedoen.privacy.scope``), and every audit event names the
categories a response contained. Which field holds which category is declared once,
next to each model (``meedoen.core.personal_data``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Categories of personal data; which roles may read which is configuration."""

    IDENTITY = "identity", _("identity and contact")
    INCOME = "income", _("income and debts")
    WORK = "work", _("work and education")
    HEALTH = "health", _("health and care")
    JUSTICE = "justice", _("justice")
    NOTES = "notes", _("conversation notes")
    PLAN = "plan", _("plan and journey")


# The categories a writer can give a free text (a reason, a conversation summary):
# "notes" is the normal case; a text about health, money or justice is marked so and
# is then read only by those who may read that category.
FREE_TEXT_CATEGORIES = [
    (Category.NOTES, _("conversation notes (the normal case)")),
    (Category.HEALTH, _("contains health data")),
    (Category.INCOME, _("contains income or debt data")),
    (Category.WORK, _("about work and education")),
    (Category.JUSTICE, _("contains justice data")),
]


class LifeDomain(models.TextChoices):
    """Life domains (leefgebieden), named after the self-sufficiency matrix 2017."""

    FINANCES = "finances", _("finances")
    WORK_EDUCATION = "work_education", _("work and education")
    TIME_USE = "time_use", _("daytime activities")
    HOUSING = "housing", _("housing")
    DOMESTIC_RELATIONS = "domestic_relations", _("domestic relations")
    MENTAL_HEALTH = "mental_health", _("mental health")
    PHYSICAL_HEALTH = "physical_health", _("physical health")
    SUBSTANCE_USE = "substance_use", _("substance use")
    BASIC_ADL = "basic_adl", _("basic daily living")
    INSTRUMENTAL_ADL = "instrumental_adl", _("instrumental daily living")
    SOCIAL_NETWORK = "social_network", _("social network")
    PARTICIPATION = "participation", _("participation in society")
    JUSTICE = "justice", _("justice")
    PARENTING = "parenting", _("parenting")


# A life domain's data category: health goals only for roles with a basis for health
# data, finances only for income roles, and so on. Domains without a special category
# belong to the plan.
DOMAIN_CATEGORY: dict[str, str] = {
    LifeDomain.FINANCES: Category.INCOME,
    LifeDomain.WORK_EDUCATION: Category.WORK,
    LifeDomain.TIME_USE: Category.WORK,
    LifeDomain.PARTICIPATION: Category.WORK,
    LifeDomain.MENTAL_HEALTH: Category.HEALTH,
    LifeDomain.PHYSICAL_HEALTH: Category.HEALTH,
    LifeDomain.SUBSTANCE_USE: Category.HEALTH,
    LifeDomain.BASIC_ADL: Category.HEALTH,
    LifeDomain.INSTRUMENTAL_ADL: Category.HEALTH,
    LifeDomain.JUSTICE: Category.JUSTICE,
    LifeDomain.HOUSING: Category.PLAN,
    LifeDomain.DOMESTIC_RELATIONS: Category.PLAN,
    LifeDomain.SOCIAL_NETWORK: Category.PLAN,
    LifeDomain.PARENTING: Category.PLAN,
}


def domain_category(life_domain: str | None) -> str:
    """The category of data about a life domain (the plan's, when there is none)."""
    return DOMAIN_CATEGORY.get(life_domain or "", Category.PLAN)
