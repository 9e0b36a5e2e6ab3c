from django.urls import path

from meedoen.casefile import views

urlpatterns = [
    path("vragen/", views.question_list, name="question_list"),
    path("vragen/nieuw/", views.question_create, name="question_create"),
    path("vragen/<int:pk>/", views.question_detail, name="question_detail"),
    path("vragen/<int:pk>/beantwoord/", views.question_answer, name="question_answer"),
    path("vragen/<int:pk>/doorverwezen/", views.question_refer, name="question_refer"),
    path("inwoners/<int:pk>/samenvoegen/", views.resident_merge, name="resident_merge"),
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
