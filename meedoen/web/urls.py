from django.conf import settings
from django.urls import include, path

from meedoen.web import views

urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    # Enrolling (with an enrolment code) and managing the second factor.
    path("", include("meedoen.accounts.urls")),
    path("", include("meedoen.journeys.urls")),
    path("", include("meedoen.casefile.urls")),
    path("", include("meedoen.plans.urls")),
    path("", include("meedoen.meetings.urls")),
    path("", include("meedoen.privacy.urls")),
    path("", include("meedoen.privacy_office.urls")),
    path("", include("meedoen.outcomes.urls")),
    path("", include("meedoen.evaluations.urls")),
    path("", include("meedoen.measurements.urls")),
    path("", include("meedoen.socialmap.urls")),
    path("", include("meedoen.outreach.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
