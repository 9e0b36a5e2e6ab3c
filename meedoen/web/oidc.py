"""Single sign-on for municipalities with an OpenID Connect identity provider."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ProfessionalOIDCBackend(OIDCAuthenticationBackend):
    """Match an existing professional on e-mail; the identity provider did the second
    factor, which the privacy door accepts through the session flag."""

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session["meedoen_second_factor"] = "oidc"
        return user
