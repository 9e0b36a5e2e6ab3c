from django.urls import path

from meedoen.meetings import views

urlpatterns = [
    path("overleggen/", views.meeting_list, name="meeting_list"),
    path("overleggen/nieuw/", views.meeting_create, name="meeting_create"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "overleggen/<int:pk>/agenda/",
        views.meeting_add_agenda_item,
        name="meeting_add_agenda_item",
    ),
    path(
        "overleggen/<int:pk>/notulen/",
        views.meeting_save_minutes,
        name="meeting_save_minutes",
    ),
    path(
        "overleggen/agendapunten/<int:pk>/",
        views.agenda_item_record,
        name="agenda_item_record",
    ),
    path(
        "overleggen/agendapunten/<int:pk>/besluiten/",
        views.decision_add,
        name="decision_add",
    ),
    path(
        "overleggen/besluiten/<int:pk>/actie/",
        views.decision_to_action,
        name="decision_to_action",
    ),
]
