from django.urls import include, path

from meedoen.web import views

urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("", include("meedoen.journeys.urls")),
    path("", include("meedoen.residents.urls")),
    path("", include("meedoen.plans.urls")),
    path("", include("meedoen.meetings.urls")),
]
