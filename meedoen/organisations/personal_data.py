"""The municipality's own set-up holds no personal data of residents. (Professionals'
names are personal data of employees, governed by the employer, not by this door.)"""

from meedoen.core.personal_data import registry
from meedoen.organisations.models import (
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
    Team,
)

registry.not_personal(Municipality, Neighbourhood, Organisation, Team, Professional)
