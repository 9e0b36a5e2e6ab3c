from django.urls import path

from meedoen.measurements import views

urlpatterns = [
    path(
        "trajecten/<int:pk>/metingen/",
        views.measurement_list,
        name="measurement_list",
    ),
    path(
        "trajecten/<int:pk>/metingen/nieuw/",
        views.measurement_add,
        name="measurement_add",
    ),
    path(
        "metingen/<int:measurement_id>/",
        views.measurement_detail,
        name="measurement_detail",
    ),
    path(
        "metingen/<int:measurement_id>/bevestigen/",
        views.measurement_confirm,
        name="measurement_confirm",
    ),
    path(
        "metingen/<int:measurement_id>/corrigeren/",
        views.measurement_correct,
        name="measurement_correct",
    ),
    path(
        "trajecten/<int:pk>/werk/nieuw/",
        views.work_record_add,
        name="work_record_add",
    ),
    path(
        "werk/<int:record_id>/einde/",
        views.work_record_end,
        name="work_record_end",
    ),
]
