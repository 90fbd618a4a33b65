"""How far an application has come. Pure: works on answers and completed steps only."""

from __future__ import annotations

from collections.abc import Iterable

from .answers import STEPS, AllAnswers, document_answers, section
from .required_documents import OTHER, RequiredDocument, required_documents

QUESTION_STEPS = STEPS[:-1]  # everything before "check"


def required_for(answers: AllAnswers) -> list[RequiredDocument]:
    return required_documents(document_answers(answers))


def shown_under(attachment_key: str, answers: AllAnswers) -> str:
    """Which required document an upload belongs to now. A changed answer can make a document
    unnecessary (renting → owning: no rental contract); what was uploaded for it then goes with
    the application as "other documents", and returns to its place if the answer changes back.
    """
    required = {document.key for document in required_for(answers)}
    return attachment_key if attachment_key in required else OTHER.key


def uploaded_keys(answers: AllAnswers, attachment_keys: Iterable[str]) -> set[str]:
    return {shown_under(key, answers) for key in attachment_keys}


def documents_without_choice(
    answers: AllAnswers, uploaded_keys: Iterable[str]
) -> list[RequiredDocument]:
    """Required documents the applicant has not yet uploaded or said something about."""
    chosen = section(answers, "documents")
    uploaded = set(uploaded_keys)
    return [
        document
        for document in required_for(answers)
        if document.key not in uploaded
        and chosen.get(document.key) not in ("already_sent", "later", "none")
    ]


def steps_left(completed_steps: Iterable[str]) -> list[str]:
    done = set(completed_steps)
    return [step for step in QUESTION_STEPS if step not in done]


def first_open_step(completed_steps: Iterable[str]) -> str:
    left = steps_left(completed_steps)
    return left[0] if left else "check"


def may_open(step: str, completed_steps: Iterable[str]) -> bool:
    """A step can be opened once every step before it is done (no skipping ahead)."""
    done = set(completed_steps)
    return all(earlier in done for earlier in STEPS[: STEPS.index(step)])


def missing_documents(answers: AllAnswers, uploaded_keys: Iterable[str]) -> list[RequiredDocument]:
    """Required documents that NAV does not have yet: chosen "later", or nothing uploaded."""
    chosen = section(answers, "documents")
    uploaded = set(uploaded_keys)
    return [
        document
        for document in required_for(answers)
        if document.key not in uploaded
        and not document.optional
        and chosen.get(document.key) != "already_sent"
    ]
