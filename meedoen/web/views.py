"""The site shell: logging in and out. Everything else lives in the domain apps."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from meedoen.privacy.middleware import public
from meedoen.web.forms import LoginForm

login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = auth_views.LogoutView.as_view()
