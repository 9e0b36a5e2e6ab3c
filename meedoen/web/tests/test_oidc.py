"""Single sign-on is switched on by configuration alone (no code)."""

import os
import subprocess
import sys


def test_oidc_is_configured_from_the_environment(db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.settings",
        "DJANGO_DEBUG": "1",
        "OIDC_RP_CLIENT_ID": "meedoen",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.nl/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.nl/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example.nl/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.nl/jwks",
    }
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.urls import reverse;"
        "print(settings.AUTHENTICATION_BACKENDS[-1]);"
        "print(reverse('oidc_authentication_init'));"
        "print(settings.OIDC_CREATE_USER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    backend, url, create = result.stdout.split()[-3:]
    assert backend == "meedoen.web.oidc.ProfessionalOIDCBackend"
    assert url == "/oidc/authenticate/"
    assert create == "False"  # professionals are provisioned, never created by a login
