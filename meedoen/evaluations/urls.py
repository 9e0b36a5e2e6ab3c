from django.urls import path

from meedoen.evaluations import views

urlpatterns = [
    path("evaluaties/", views.evaluation_list, name="evaluation_list"),
    path("evaluaties/nieuw/", views.evaluation_create, name="evaluation_create"),
    path("evaluaties/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluaties/<int:pk>/pdf/", views.evaluation_pdf, name="evaluation_pdf"),
    path(
        "evaluaties/<int:pk>/verhalen/nieuw/",
        views.story_add,
        name="evaluation_story_add",
    ),
    path(
        "evaluaties/verhalen/<int:pk>/bevindingen/nieuw/",
        views.finding_add,
        name="evaluation_finding_add",
    ),
]
