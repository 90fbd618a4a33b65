"""From a stored application to the pure Digisos export's input (digisos.py does the mapping)."""

from __future__ import annotations

from typing import Any

from .digisos import ExportDocument, ExportFile, ExportInput, Office, to_digisos
from .models import Application
from .progress import required_for, shown_under


def export_documents(application: Application) -> tuple[ExportDocument, ...]:
    attachments = list(application.attachments.all())
    chosen = application.answers.get("documents") or {}
    documents = []
    for requirement in required_for(application.answers):
        files = tuple(
            ExportFile(
                filename=f"{requirement.type}-{attachment.document.pk}.pdf",
                sha512=attachment.document.sha512,
            )
            for attachment in attachments
            if shown_under(attachment.requirement, application.answers) == requirement.key
        )
        if files:
            status = "uploaded"
        elif chosen.get(requirement.key) == "already_sent":
            status = "already_sent"
        elif requirement.optional:
            continue  # "other documents" with nothing in it is not a missing document
        else:
            status = "later"
        documents.append(ExportDocument(requirement.type, requirement.subtype, status, files))
    return tuple(documents)


def export_input(application: Application) -> ExportInput:
    person = application.person
    office = application.office
    municipality = application.municipality
    if office is None or municipality is None or application.submitted_at is None:
        raise ValueError(f"Application {application.pk} is not sent, so it cannot be exported.")
    return ExportInput(
        national_id=person.national_id,
        first_name=person.given_name,
        middle_name="",
        last_name=person.family_name,
        answers=application.answers,
        office=Office(
            municipality_number=municipality.number,
            unit_number=office.unit_number,
            name=office.name,
        ),
        documents=export_documents(application),
        submitted_at=application.submitted_at,
    )


def digisos_export(application: Application) -> dict[str, dict[str, Any]]:
    return to_digisos(export_input(application))
