from django.urls import path

from meedoen.outreach import views

urlpatterns = [
    path("huisbezoeken/", views.campaign_list, name="campaign_list"),
    path("huisbezoeken/nieuw/", views.campaign_create, name="campaign_create"),
    path("huisbezoeken/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path(
        "huisbezoeken/<int:pk>/verdelen/",
        views.campaign_assign,
        name="campaign_assign",
    ),
    path(
        "huisbezoeken/<int:pk>/adressen/",
        views.campaign_import,
        name="campaign_import",
    ),
    path("bezoekronde/<int:pk>/", views.visit_round, name="visit_round"),
    path(
        "bezoekronde/<int:pk>/bezoek/<int:visit_id>/",
        views.visit_record,
        name="visit_record",
    ),
    path("activeringsteams/nieuw/", views.team_create, name="team_create"),
    path("activeringsteams/<int:pk>/", views.team_detail, name="team_detail"),
    path(
        "activeringsteams/<int:pk>/leden/",
        views.team_member_add,
        name="team_member_add",
    ),
    path("activeringsteams/<int:pk>/wensen/", views.wish_add, name="wish_add"),
    path("activeringsteams/<int:pk>/themas/", views.theme_add, name="theme_add"),
    path(
        "activeringsteams/<int:pk>/wensen/groeperen/",
        views.wishes_group,
        name="wishes_group",
    ),
    path(
        "activeringsteams/<int:pk>/activiteiten/",
        views.activity_add,
        name="activity_add",
    ),
    path(
        "activeringsteams/<int:pk>/activiteiten/<int:activity_id>/",
        views.activity_detail,
        name="activity_detail",
    ),
    path(
        "activeringsteams/<int:pk>/activiteiten/<int:activity_id>/"
        "deelname/<int:participation_id>/bevestigen/",
        views.participation_confirm,
        name="participation_confirm",
    ),
]
