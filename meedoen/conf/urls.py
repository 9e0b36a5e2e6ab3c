from django.contrib import admin
from django.urls import include, path

import meedoen.core.admin_site  # noqa: F401  (the admin's login goes through two factors)

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meedoen.web.urls")),
]
