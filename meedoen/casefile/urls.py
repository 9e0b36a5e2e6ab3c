from django.urls import path

from meedoen.casefile import household_views, views

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
    path(
        "inwoners/<int:pk>/huishouden/nieuw/",
        household_views.household_start,
        name="household_start",
    ),
    path(
        "huishoudens/<int:pk>/",
        household_views.household_detail,
        name="household_detail",
    ),
    path(
        "huishoudens/<int:pk>/wijzigen/",
        household_views.household_edit,
        name="household_edit",
    ),
    path(
        "huishoudens/<int:pk>/leden/nieuw/",
        household_views.household_member_add,
        name="household_member_add",
    ),
    path(
        "huishoudens/<int:pk>/leden/<int:member_id>/einde/",
        household_views.household_member_end,
        name="household_member_end",
    ),
    path(
        "huishoudens/<int:pk>/plan/",
        household_views.household_plan,
        name="household_plan",
    ),
]
