from django.urls import path

from meedoen.plans import views

urlpatterns = [
    path("trajecten/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("trajecten/<int:pk>/plan/afdrukken/", views.plan_print, name="plan_print"),
    path("trajecten/<int:pk>/plan/doelen/", views.plan_goal_add, name="plan_goal_add"),
    path(
        "trajecten/<int:pk>/plan/doelen/<int:goal_id>/status/",
        views.plan_goal_status,
        name="plan_goal_status",
    ),
    path(
        "trajecten/<int:pk>/plan/acties/", views.plan_action_add, name="plan_action_add"
    ),
    path(
        "trajecten/<int:pk>/plan/acties/<int:action_id>/status/",
        views.plan_action_status,
        name="plan_action_status",
    ),
    path(
        "trajecten/<int:pk>/plan/acties/<int:action_id>/wijzigen/",
        views.plan_action_edit,
        name="plan_action_edit",
    ),
    path("trajecten/<int:pk>/plan/akkoord/", views.plan_agree, name="plan_agree"),
]
