from django.urls import path

from meedoen.outcomes import views

urlpatterns = [
    path("uitkomsten/", views.outcome_report, name="outcome_report"),
    path("uitkomsten/csv/", views.outcome_report_csv, name="outcome_report_csv"),
    path("uitkomsten/excel/", views.outcome_report_xlsx, name="outcome_report_xlsx"),
    path("uitkomsten/pdf/", views.outcome_report_pdf, name="outcome_report_pdf"),
    path("uitkomsten/onderzoek/", views.research_export, name="research_export"),
]
