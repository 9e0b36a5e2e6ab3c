"""Settings for the test suite: the production settings with development keys.

The database comes from ``DATABASE_URL`` like everywhere else, so the same suite runs
on SQLite (default) and on PostgreSQL (``.ci/run``).
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
# Most tests log in with force_login; the two-factor flow itself is tested with this
# switched off (meedoen/web/tests/test_login.py).
os.environ.setdefault("MEEDOEN_DEMO_LOGIN_WITHOUT_2FA", "1")

from meedoen.conf.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Lockouts are tested explicitly; other tests must not lock each other out.
AXES_FAILURE_LIMIT = 5
