"""Every URL is mapped to a policy rule, and nothing private is reachable anonymously."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kompanjong.core import policy

SAMPLE = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
OPEN_RULES = {"public", "demo", "api"}


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, URLPattern, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                namespace or pattern.namespace,
            )
        else:
            yield prefix + str(pattern.pattern), pattern, namespace


def rule_for(pattern: URLPattern, namespace: str | None) -> str | None:
    own = getattr(pattern.callback, "policy_rule", None)
    if own:
        return own
    return policy.EXTERNAL_URL_RULES.get(namespace or "") or policy.EXTERNAL_URL_RULES.get(
        pattern.name or ""
    )


ALL_URLS = list(walk(get_resolver().url_patterns))


def test_the_sweep_sees_the_whole_url_configuration() -> None:
    routes = {route for route, _pattern, _ns in ALL_URLS}
    assert "home/" in routes
    assert any(route.startswith("admin/") for route in routes)
    assert any(route.startswith("api/v1/") for route in routes)


@pytest.mark.parametrize(
    ("route", "pattern", "namespace"), ALL_URLS, ids=[r for r, _p, _n in ALL_URLS]
)
def test_every_url_is_mapped_to_a_known_rule(
    route: str, pattern: URLPattern, namespace: str | None
) -> None:
    name = rule_for(pattern, namespace)
    assert name is not None, f"/{route} has no policy rule: wrap its view in policy.rule(...)"
    assert name in policy.RULES, f"/{route} names an unknown rule {name!r}"


def concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[str(m.group(1) or "str")], route)


OWN_PRIVATE = [
    (route, pattern)
    for route, pattern, namespace in ALL_URLS
    if getattr(pattern.callback, "policy_rule", None) not in (None, *OPEN_RULES)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), OWN_PRIVATE, ids=[r for r, _p in OWN_PRIVATE])
def test_private_urls_send_anonymous_visitors_to_log_in(route: str, pattern: URLPattern) -> None:
    url = concrete(route)
    assert url is not None
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code in {302, 405}, (method, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/login/"), (url, response["Location"])


@pytest.mark.django_db
def test_admin_site_and_api_deny_anonymous_visitors(client: Client) -> None:
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/people/person/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_unknown_rules_deny_and_cannot_guard_a_view() -> None:
    assert policy.allows(object(), "no.such.rule") is False
    with pytest.raises(LookupError):
        policy.rule("no.such.rule")


def test_a_failing_rule_denies_instead_of_failing_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(user: object, obj: object) -> bool:
        raise RuntimeError("lookup failed")

    monkeypatch.setitem(policy.RULES, "public", broken)
    assert policy.allows(object(), "public") is False
