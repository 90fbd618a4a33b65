"""Measuring what a page costs to load: requests, origins and compressed bytes.

Bytes are counted as they would travel compressed: response headers plus the body. When the
response came compressed (Django's GZipMiddleware compresses HTML) the body is what Chromium
received on the wire. Static files in tests are served by Django's StaticFilesHandler, which
does not compress; in production WhiteNoise serves precompressed copies
(CompressedManifestStaticFilesStorage), so for those we count the body gzipped at level 6,
the same as `gzip -6` and no better than WhiteNoise's own gzip or Brotli files.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from playwright.sync_api import Page, Request

MAX_REQUESTS = 6
MAX_BYTES = 60_000  # 60 KB, counted as 60 000 bytes to be on the safe side


@dataclass
class Transfer:
    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, …
    status: int
    header_bytes: int
    body_bytes: int
    measured: str  # "wire" (came compressed) or "gzip-6" (compressed by us)

    @property
    def total(self) -> int:
        return self.header_bytes + self.body_bytes


@dataclass
class PageWeight:
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.transfers)

    @property
    def total(self) -> int:
        return sum(transfer.total for transfer in self.transfers)

    def bytes_of(self, *kinds: str) -> int:
        return sum(t.total for t in self.transfers if t.kind in kinds)

    def third_party(self, origin: str) -> list[str]:
        return [t.url for t in self.transfers if not t.url.startswith(origin + "/")]


def _transfer(request: Request) -> Transfer:
    response = request.response()
    sizes = request.sizes()
    if response is None:
        return Transfer(request.url, request.resource_type, 0, 0, 0, "failed")
    headers = response.all_headers()
    header_bytes = sizes["responseHeadersSize"]
    if headers.get("content-encoding") or 300 <= response.status < 400:
        return Transfer(
            request.url,
            request.resource_type,
            response.status,
            header_bytes,
            sizes["responseBodySize"],
            "wire",
        )
    body = response.body()
    return Transfer(
        request.url,
        request.resource_type,
        response.status,
        header_bytes,
        len(gzip.compress(body, compresslevel=6)),
        "gzip-6",
    )


class Recorder:
    """Records every request a page makes; `current()` weighs the page it shows now.

    The page shown now is the last main-frame document request (with the redirects that led
    to it, e.g. POST → 302 → GET) and every request made after it.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[Request] = []
        page.on("request", self._record)

    def _record(self, request: Request) -> None:
        self.requests.append(request)

    def current(self) -> PageWeight:
        documents = [
            index
            for index, request in enumerate(self.requests)
            if request.resource_type == "document" and request.frame == self.page.main_frame
        ]
        assert documents, "no page loaded yet"
        last = documents[-1]
        chain: list[Request] = []
        redirected = self.requests[last].redirected_from
        while redirected is not None:
            chain.insert(0, redirected)
            redirected = redirected.redirected_from
        own = [*chain, *self.requests[last:]]
        return PageWeight([_transfer(request) for request in own])


def format_table(rows: list[list[str]]) -> str:
    """A Markdown table: who, page, requests, HTML, CSS, JS and total bytes."""
    header = ["who", "page", "requests", "HTML B", "CSS B", "JS B", "total KB"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---", "---", "--:", "--:", "--:", "--:", "--:"]) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def row(who: str, state: str, weight: PageWeight) -> list[str]:
    return [
        who,
        state,
        str(weight.requests),
        str(weight.bytes_of("document")),
        str(weight.bytes_of("stylesheet")),
        str(weight.bytes_of("script")),
        f"{weight.total / 1000:.1f}",
    ]
