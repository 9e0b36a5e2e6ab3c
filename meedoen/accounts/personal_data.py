"""Enrolment codes and password history are about professionals' accounts, not about
residents: no personal data of residents here."""

from meedoen.accounts.models import EnrolmentCode, PreviousPassword
from meedoen.core.personal_data import registry

registry.not_personal(EnrolmentCode, PreviousPassword)
