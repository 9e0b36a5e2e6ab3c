from django.urls import path

from meedoen.casefile import views

urlpatterns = [
    path("", views.caseload_view, name="caseload"),
    path("inwoners/", views.resident_search, name="resident_search"),
    path("inwoners/nieuw/", views.resident_register, name="resident_register"),
    path("inwoners/<int:pk>/", views.resident_file, name="resident_file"),
]
