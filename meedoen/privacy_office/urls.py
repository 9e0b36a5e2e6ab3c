from django.urls import path

from meedoen.privacy_office import views

urlpatterns = [
    path("privacy/logboek/", views.audit_log, name="audit_log"),
    path("privacy/noodtoegang/", views.emergency_review, name="emergency_review"),
    path("privacy/inzage/", views.access_request, name="access_request"),
    path(
        "privacy/noodtoegang/<int:pk>/beoordeeld/",
        views.emergency_access_review,
        name="emergency_access_review",
    ),
]
