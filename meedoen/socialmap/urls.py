from django.urls import path

from meedoen.socialmap import views

urlpatterns = [
    path("sociale-kaart/", views.offer_list, name="offer_list"),
    path("sociale-kaart/nieuw/", views.offer_create, name="offer_create"),
    path("sociale-kaart/importeren/", views.offer_import, name="offer_import"),
    path("sociale-kaart/hsds.json", views.offer_export, name="offer_export"),
    path("sociale-kaart/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("sociale-kaart/<int:pk>/wijzigen/", views.offer_edit, name="offer_edit"),
    path("trajecten/<int:pk>/aanbod/", views.match, name="socialmap_match"),
    path(
        "trajecten/<int:pk>/aanbod/in-plan/",
        views.match_add_to_plan,
        name="socialmap_add_to_plan",
    ),
    path(
        "trajecten/<int:pk>/verwijzingen/nieuw/",
        views.referral_create,
        name="referral_create",
    ),
    path("verwijzingen/", views.referral_overview, name="referral_overview"),
    path("verwijzingen/inbox/", views.referral_inbox, name="referral_inbox"),
    path("verwijzingen/<int:pk>/versturen/", views.referral_send, name="referral_send"),
    path(
        "verwijzingen/<int:pk>/antwoord/", views.referral_answer, name="referral_answer"
    ),
    path("routes/", views.route_list, name="route_list"),
    path("routes/nieuw/", views.route_create, name="route_create"),
    path("routes/<int:pk>/", views.route_detail, name="route_detail"),
]
