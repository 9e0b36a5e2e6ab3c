"""The second factor's pages: django-two-factor-auth's own, with its set-up replaced
by one that asks for an enrolment code first (meedoen.accounts.views)."""

from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urlpatterns

from meedoen.accounts import views

_patterns, _namespace = two_factor_urlpatterns
two_factor = (
    [
        path(str(p.pattern), views.enrolment_setup, name="setup")
        if getattr(p, "name", None) == "setup"
        else p
        for p in _patterns
    ],
    _namespace,
)

urlpatterns = [
    path("tweestaps/activeren/", views.enrolment_code, name="enrolment_code"),
    path("tweestaps/", include(two_factor)),
]
