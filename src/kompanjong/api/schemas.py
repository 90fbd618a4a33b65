"""What the API sends back. Codes are stable; the OpenAPI document lists their meanings."""

from __future__ import annotations

from ninja import Field, Schema

from kompanjong.people.models import Channel, Language, Organisation, OrganisationKind, Person


class CommunicationNeeds(Schema):
    preferred_language: Language = Field(description="Language the person prefers (code).")
    interpreter_language: Language | None = Field(
        description="Language the person needs an interpreter in; null if none is needed."
    )
    reading_support: bool = Field(description="Needs help with reading.")
    writing_support: bool = Field(description="Needs help with writing.")
    preferred_channel: Channel = Field(description="How the person prefers to be contacted.")
    reserved_against_digital: bool = Field(
        description="Reserved against digital notices in the contact register (KRR)."
    )

    @staticmethod
    def resolve_interpreter_language(obj: Person) -> str | None:
        return obj.interpreter_language or None


class Me(Schema):
    name: str
    communication_needs: CommunicationNeeds

    @staticmethod
    def resolve_name(obj: Person) -> str:
        return obj.full_name

    @staticmethod
    def resolve_communication_needs(obj: Person) -> Person:
        return obj


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    municipality_number: str
    municipality_name: str
    phone: str

    @staticmethod
    def resolve_municipality_number(obj: Organisation) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_municipality_name(obj: Organisation) -> str:
        return obj.municipality.name


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.")
