from __future__ import annotations

from collections.abc import Callable

import pytest

from kompanjong.api.scopes import ORGANISATIONS_READ, PEOPLE_NEEDS_READ
from kompanjong.api.tokens import create_token


@pytest.fixture
def make_token(db) -> Callable[..., tuple[object, str]]:
    def make(*scopes: str, name: str = "NAV Modia", office: object = None) -> tuple[object, str]:
        return create_token(name=name, scopes=list(scopes), organisation=office)  # type: ignore[arg-type]

    return make


@pytest.fixture
def bearer() -> Callable[[str], dict[str, str]]:
    return lambda plain: {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def org_token(make_token) -> str:
    return make_token(ORGANISATIONS_READ)[1]


@pytest.fixture
def needs_token(make_token) -> str:
    return make_token(PEOPLE_NEEDS_READ, name="Kommunens fagsystem")[1]
