from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class IdPortenLikeValidator(OAuth2Validator):
    # ID-porten gives `pid` and `acr` with the openid scope; without this map entry
    # django-oauth-toolkit would leave them out.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "pid": "openid", "acr": "openid"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        # `sub` here replaces the toolkit's user.pk, as ID-porten's subjects are opaque strings.
        return dict(request.user.identity.claims)
