from django.urls import path

from meedoen.casefile import views

urlpatterns = [
    path("", views.caseload_view, name="caseload"),
    path("inwoners/", views.resident_search, name="resident_search"),
    path("inwoners/nieuw/", views.resident_register, name="resident_register"),
    path("inwoners/<int:pk>/", views.resident_file, name="resident_file"),
    path("inwoners/nieuw/terugkeer/", views.resident_return, name="resident_return"),
    path(
        "inwoners/nieuw/toegang-vragen/",
        views.access_request_create,
        name="access_request_create",
    ),
]
