"""Which data belongs to which category, and the default role configuration.

Plan goals are categorised by their life domain, so a health goal is shown only to
those who may read health data. The defaults follow the law as summarised in
DOMAIN.md; the default role configuration is data (migration 0002_default_policy).
"""

from __future__ import annotations

from meedoen.plans.models import LifeDomain
from meedoen.privacy.models import Category

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
    return DOMAIN_CATEGORY.get(life_domain or "", Category.PLAN)
