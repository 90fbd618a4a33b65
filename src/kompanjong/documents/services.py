"""Writes for documents: store a prepared (checked, converted, scanned) PDF, delete one."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from kompanjong.documents.models import Document, ScanResult, unguessable_name
from kompanjong.documents.pipeline import PreparedDocument
from kompanjong.people.models import Account, Person


@contextmanager
def stored_file(pdf: bytes) -> Iterator[str]:
    """Save the file under an unguessable name; delete it again if the block fails, so a
    failed upload never leaves a file without its database row."""
    name = default_storage.save(unguessable_name(None, ""), ContentFile(pdf))
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise


def _originals(prepared: PreparedDocument, fingerprints: list[str]) -> list[dict[str, object]]:
    return [
        {"name": original.name, "kind": str(original.kind), "size": original.size, "sha256": print_}
        for original, print_ in zip(prepared.originals, fingerprints, strict=True)
    ]


def new_document(
    *,
    name: str,
    owner: Person,
    uploaded_by: Account | None,
    vedlegg_type: str,
    vedlegg_subtype: str,
    prepared: PreparedDocument,
    fingerprints: list[str],
) -> Document:
    """Create the row for a file stored with `stored_file` (call inside a transaction)."""
    document = Document(
        owner=owner,
        uploaded_by=uploaded_by,
        vedlegg_type=vedlegg_type,
        vedlegg_subtype=vedlegg_subtype,
        size=prepared.size,
        pages=prepared.pages,
        sha512=prepared.sha512,
        originals=_originals(prepared, fingerprints),
        uploaded_bytes=sum(original.size for original in prepared.originals),
        scan=prepared.scan,
    )
    document.file.name = name
    document.save()
    return document


def store_generated(
    *, pdf: bytes, owner: Person, made_by: Account | None, vedlegg_type: str, vedlegg_subtype: str
) -> Document:
    """A PDF Kompanjong made itself (a letter): stored like any document, marked as ours
    rather than scanned. Call inside the transaction that links it to what it belongs to."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    with stored_file(pdf) as name:
        document = Document(
            owner=owner,
            uploaded_by=made_by,
            vedlegg_type=vedlegg_type,
            vedlegg_subtype=vedlegg_subtype,
            size=len(pdf),
            pages=pages,
            sha512=hashlib.sha512(pdf).hexdigest(),
            originals=[],
            uploaded_bytes=0,
            scan=ScanResult.GENERATED,
        )
        document.file.name = name
        document.save()
    return document


def replace_with_more_pages(
    *, document: Document, name: str, combined: PreparedDocument, fingerprints: list[str]
) -> Document:
    """Point the document at its new, longer file (stored with `stored_file`); the old file
    goes once the transaction has committed."""
    old_name = document.file.name
    document.file.name = name
    document.size = combined.size
    document.pages = combined.pages
    document.sha512 = combined.sha512
    document.originals = [*document.originals, *_originals(combined, fingerprints)]
    document.uploaded_bytes += sum(original.size for original in combined.originals)
    if combined.scan != "clean":
        document.scan = combined.scan
    document.save()
    transaction.on_commit(lambda: default_storage.delete(old_name))
    return document


def delete_documents(documents: Iterable[Document]) -> int:
    """Delete documents; their files go once the transaction has committed."""
    names: list[str] = []
    for document in documents:
        names.append(document.file.name)
        document.delete()

    def remove_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    return len(names)
