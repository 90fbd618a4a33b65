"""Login with ID-porten. The URL names are mozilla-django-oidc's, which its code reverses."""

from django.urls import path

from kompanjong.core.policy import rule
from kompanjong.people.oidc import IdPortenAuthenticationRequestView, IdPortenCallbackView

urlpatterns = [
    path(
        "authenticate/",
        rule("public")(IdPortenAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        rule("public")(IdPortenCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
