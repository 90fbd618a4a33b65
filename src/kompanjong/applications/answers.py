"""The shape of an application's answers, one section per wizard step. Pure: no Django models.

A draft stores `{step: {field: value}}` as JSON. The wizard's forms write exactly these keys,
and everything that reads answers (required documents, check answers, receipt, Digisos export)
reads them through this module, so the shape lives in one place.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from .required_documents import Answers, ChildSupport, Housing

STEPS: tuple[str, ...] = (
    "personal",
    "need",
    "work",
    "family",
    "housing",
    "income",
    "expenses",
    "documents",
    "check",
)

Citizenship = Literal["norwegian", "nordic", "other"]
NEEDS = ("food", "rent", "electricity", "medicine", "clothes", "transport", "other")
MARITAL_STATUSES = ("single", "married", "cohabiting", "separated", "divorced", "widowed")
STUDY_LEVELS = ("full_time", "part_time")
INCOME_SOURCES = ("wage", "nav_benefits", "student_loan", "child_support", "other")
ASSETS = ("bank_account", "savings_account", "shares", "vehicle", "property", "other")


class Personal(TypedDict):
    street: str
    postcode: str  # four digits
    city: str
    municipality: str  # kommunenummer, four digits; decides the receiving NAV office
    phone: str  # "" or E.164 ("+4791234567")
    has_account: bool
    account_number: str  # "" when has_account is False; else 11 digits, mod 11 valid
    citizenship: Citizenship
    citizenship_country: str  # free text, "" unless citizenship == "other"


class Need(TypedDict):
    needs: list[str]  # subset of NEEDS
    need_details: str  # what exactly (may be "")
    reason: str  # why you apply (required)
    urgent: bool  # "I need help today"


class Work(TypedDict):
    working: bool
    employer: str  # "" unless working
    student: bool
    study_level: str  # one of STUDY_LEVELS, "" unless student
    student_loan: bool  # False unless student


class Family(TypedDict):
    marital_status: str  # one of MARITAL_STATUSES
    children: int  # children under 18 you provide for, 0–20
    children_shared_residence: bool  # False when children == 0
    child_support: str  # ChildSupport value


class HousingAnswers(TypedDict):
    housing: str  # Housing value
    people_in_household: int  # 1–30, you included
    housing_benefit: bool


class Income(TypedDict):
    income_sources: list[str]  # subset of INCOME_SOURCES
    monthly_income: int | None  # kroner after tax, None when not given
    assets: list[str]  # subset of ASSETS


class Expenses(TypedDict):
    expenses: list[str]  # subset of required_documents.EXPENSE_DOCUMENTS keys
    other_expenses: str  # free text, may be ""


AllAnswers = dict[str, dict[str, Any]]


def section(answers: AllAnswers, step: str) -> dict[str, Any]:
    return answers.get(step) or {}


def document_answers(answers: AllAnswers) -> Answers:
    """What the required-documents rules need, from whatever has been answered so far."""
    personal = section(answers, "personal")
    work = section(answers, "work")
    family = section(answers, "family")
    housing = section(answers, "housing")
    income = section(answers, "income")
    assets = set(income.get("assets") or ())
    return Answers(
        nordic_citizen=personal.get("citizenship", "norwegian") != "other",
        working=bool(work.get("working")),
        student=bool(work.get("student")),
        student_loan=bool(work.get("student_loan")),
        children_shared_residence=bool(family.get("children_shared_residence")),
        child_support=ChildSupport(family.get("child_support") or ChildSupport.NONE),
        housing=Housing(housing.get("housing") or Housing.OTHER),
        housing_benefit=bool(housing.get("housing_benefit")),
        bank_accounts="bank_account" in assets,
        savings_accounts="savings_account" in assets,
        expenses=frozenset(section(answers, "expenses").get("expenses") or ()),
    )
