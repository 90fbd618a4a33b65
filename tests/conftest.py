from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def citizen(db):
    return factories.CitizenAccountFactory()


@pytest.fixture
def caseworker(db):
    return factories.MembershipFactory(role="caseworker").account
