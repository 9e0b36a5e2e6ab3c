"""The site shell: logging in (password plus second factor) and out. Everything else
lives in the domain apps."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import LoginView as TwoFactorLoginView

from meedoen.core.forms import LoginForm, UtrechtFormMixin
from meedoen.core.middleware import public


# Explicit signatures: the wizard passes ``user`` and ``initial_device`` only to forms
# whose signature names them.
class TokenForm(UtrechtFormMixin, AuthenticationTokenForm):
    def __init__(self, user: Any, initial_device: Any, **kwargs: Any) -> None:
        super().__init__(user, initial_device, **kwargs)


class BackupForm(UtrechtFormMixin, BackupTokenForm):
    def __init__(self, user: Any, initial_device: Any, **kwargs: Any) -> None:
        super().__init__(user, initial_device, **kwargs)


class LoginView(TwoFactorLoginView):
    """Password first, then the code from the authenticator app (django-two-factor-auth).
    A professional without a device yet is sent to enrol one before anything else."""

    template_name = "registration/login.html"
    form_list = (
        ("auth", LoginForm),
        ("token", TokenForm),
        ("backup", BackupForm),
    )
    redirect_authenticated_user = True


login = public(LoginView.as_view())
logout = public(auth_views.LogoutView.as_view())
