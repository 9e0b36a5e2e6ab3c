from django.urls import path

from meedoen.privacy import views

urlpatterns = [
    path("inwoners/<int:pk>/toestemmingen/", views.consent_list, name="consent_list"),
    path(
        "inwoners/<int:pk>/toestemmingen/nieuw/",
        views.consent_add,
        name="consent_add",
    ),
    path(
        "toestemmingen/<int:pk>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("inwoners/noodtoegang/", views.emergency_access, name="emergency_access"),
]
