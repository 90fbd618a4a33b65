"""Files from an upload form (inputs "photos" and "files", see documents/_upload_fieldset.html)."""

from __future__ import annotations

from django.http import HttpRequest

from .pipeline import Upload, check_file_size


def uploads_from(request: HttpRequest) -> list[Upload]:
    """The photos, then the files, of the upload form."""
    return uploads_in(request, "photos", "files")


def uploads_in(request: HttpRequest, *fields: str) -> list[Upload]:
    """The files of these inputs, empty inputs left out. Raises DocumentRejected for a file
    that is too big before it is read into memory. (More files than
    DATA_UPLOAD_MAX_NUMBER_FILES never get here: the request is refused with the 400 page,
    which says how many files can be sent at once.)"""
    files = [file for field in fields for file in request.FILES.getlist(field)]
    for file in files:
        check_file_size(file.name or "", file.size or 0)
    uploads = [Upload(name=file.name or "", data=file.read()) for file in files]
    return [upload for upload in uploads if upload.name or upload.data]
