"""Enrolling the second factor. A professional without an authenticator app first
enters the one-time code a functional administrator gave them; only then does
django-two-factor-auth's set-up wizard open. A stolen password alone does not get
past this page.

DenyByDefaultMiddleware lets a professional who has not passed the second factor
reach this module's views (``SECOND_FACTOR_SETUP``) and nothing else."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from two_factor.utils import default_device
from two_factor.views import SetupView

from meedoen.accounts.forms import EnrolmentCodeForm
from meedoen.accounts.services import enrolment_code_redeem
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest

# The session remembers that this user redeemed a code, until the device is set up.
GRANT = "meedoen_enrolment_code"


def _granted(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated) and (
        request.session.get(GRANT) == request.user.pk
    )


def enrolment_code(request: AuthenticatedRequest) -> HttpResponse:
    if default_device(request.user):
        return redirect("two_factor:setup_complete")
    if _granted(request):
        return redirect("two_factor:setup")
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_code_redeem(
                professional=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            request.session[GRANT] = request.user.pk
            return redirect("two_factor:setup")
    status = 400 if form.is_bound else 200
    return render(
        request, "accounts/enrolment_code.html", {"form": form}, status=status
    )


class EnrolmentSetupView(SetupView):
    """django-two-factor-auth's set-up, opened only with a redeemed enrolment code
    (or for a professional who already has a device, whom it sends on)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user: Any = request.user
        if user.is_authenticated and not default_device(user) and not _granted(request):
            return redirect("enrolment_code")
        return super().dispatch(request, *args, **kwargs)

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().done(form_list, **kwargs)
        self.request.session.pop(GRANT, None)
        return response


enrolment_setup = EnrolmentSetupView.as_view()
