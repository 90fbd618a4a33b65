"""Small helpers for tests that drive pages with Django's test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

Persona = Callable[[str], Client]


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def post(client: Client, url: str, data: Any, status: int = 302) -> Any:
    response = client.post(url, data)
    assert response.status_code == status, (url, response.content.decode()[:4000])
    return response
