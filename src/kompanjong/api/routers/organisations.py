"""The organisations Kompanjong knows, for connected systems."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from kompanjong.api.auth import token_auth
from kompanjong.api.schemas import Error, OrganisationOut
from kompanjong.api.scopes import ORGANISATIONS_READ
from kompanjong.people.models import Organisation
from kompanjong.people.selectors_api import organisations_for_api

router = Router(tags=["organisations"])


@router.get(
    "/organisations",
    auth=token_auth(ORGANISATIONS_READ),
    response={200: list[OrganisationOut], 401: Error, 403: Error},
    summary="List organisations",
    openapi_extra={"x-required-scopes": [ORGANISATIONS_READ]},
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """All organisations, by name, a page at a time. Needs the scope `organisations:read`."""
    return organisations_for_api()
