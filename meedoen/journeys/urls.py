from django.urls import path

from meedoen.journeys import views

urlpatterns = [
    path(
        "toegangsverzoeken/<int:pk>/",
        views.access_request_answer,
        name="access_request_answer",
    ),
    path("klantreis/", views.journey_board, name="journey_board"),
    path("trajecten/<int:pk>/fase/", views.trajectory_move, name="trajectory_move"),
    path(
        "trajecten/<int:pk>/afsluiten/", views.trajectory_close, name="trajectory_close"
    ),
    path("trajecten/<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("trajecten/<int:pk>/team/", views.case_team_add, name="case_team_add"),
    path("trajecten/<int:pk>/overdracht/", views.handover_offer, name="handover_offer"),
    path(
        "overdrachten/<int:pk>/accepteren/",
        views.handover_accept,
        name="handover_accept",
    ),
    path(
        "overdrachten/<int:pk>/afwijzen/",
        views.handover_decline,
        name="handover_decline",
    ),
]
