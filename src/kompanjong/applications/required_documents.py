"""Which documents an application needs, from its answers. Pure: no database, no Django models.

Each rule is one line: when the answers say X, NAV needs document Y, and the reason the
citizen is shown says why in plain words. Types are Digisos vedlegg types
(`type|tilleggsinfo`, see ../shared/contracts/digisos/json/vedlegg/), so the list exports as is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Housing(StrEnum):
    RENTS = "rents"
    RENTS_MUNICIPAL = "rents_municipal"
    OWNS = "owns"
    LIVES_WITH_FAMILY = "lives_with_family"
    INSTITUTION = "institution"
    NO_HOME = "no_home"
    OTHER = "other"


class ChildSupport(StrEnum):
    NONE = "none"
    PAYS = "pays"
    RECEIVES = "receives"


@dataclass(frozen=True, kw_only=True)
class Answers:
    """The answers that decide documents. Everything else in the application does not."""

    # Citizens of Norway, Sweden, Denmark, Finland and Iceland need no residence permit.
    nordic_citizen: bool = True
    working: bool = False
    student: bool = False
    student_loan: bool = False
    children_shared_residence: bool = False
    child_support: ChildSupport = ChildSupport.NONE
    housing: Housing = Housing.OTHER
    housing_benefit: bool = False  # bostøtte from Husbanken
    bank_accounts: bool = True
    savings_accounts: bool = False
    expenses: frozenset[str] = field(default_factory=frozenset)  # keys of EXPENSE_DOCUMENTS


@dataclass(frozen=True)
class RequiredDocument:
    type: str  # Digisos vedlegg type
    subtype: str  # Digisos tilleggsinfo
    title: Promise
    reason: Promise
    optional: bool = False

    @property
    def key(self) -> str:
        return f"{self.type}|{self.subtype}"


Rule = tuple[Callable[[Answers], bool], RequiredDocument]

RULES: tuple[Rule, ...] = (
    (
        lambda a: not a.nordic_citizen,
        RequiredDocument(
            "oppholdstillatel",
            "oppholdstillatel",
            _("Residence permit"),
            _("You are not a citizen of a Nordic country."),
        ),
    ),
    (
        lambda a: a.working,
        RequiredDocument(
            "lonnslipp", "arbeid", _("Payslip for the last month"), _("You said you are working.")
        ),
    ),
    (
        lambda a: a.student and a.student_loan,
        RequiredDocument(
            "student",
            "vedtak",
            _("Decision on student loan and grant"),
            _("You said you are a student with a student loan."),
        ),
    ),
    (
        lambda a: a.children_shared_residence,
        RequiredDocument(
            "samvarsavtale",
            "barn",
            _("Agreement on where the children live"),
            _("You said the children live with both parents."),
        ),
    ),
    (
        lambda a: a.child_support == ChildSupport.PAYS,
        RequiredDocument(
            "barnebidrag",
            "betaler",
            _("Proof of child support you pay"),
            _("You said you pay child support."),
        ),
    ),
    (
        lambda a: a.child_support == ChildSupport.RECEIVES,
        RequiredDocument(
            "barnebidrag",
            "mottar",
            _("Proof of child support you receive"),
            _("You said you receive child support."),
        ),
    ),
    (
        lambda a: a.housing == Housing.RENTS,
        RequiredDocument(
            "husleiekontrakt",
            "husleiekontrakt",
            _("Rental contract"),
            _("You said you rent where you live."),
        ),
    ),
    (
        lambda a: a.housing == Housing.RENTS_MUNICIPAL,
        RequiredDocument(
            "husleiekontrakt",
            "kommunal",
            _("Rental contract for municipal housing"),
            _("You said you rent from the municipality."),
        ),
    ),
    (
        lambda a: a.housing_benefit,
        RequiredDocument(
            "bostotte",
            "vedtak",
            _("Decision on housing benefit (bostøtte)"),
            _("You said you get housing benefit."),
        ),
    ),
    (
        lambda a: a.bank_accounts,
        RequiredDocument(
            "kontooversikt",
            "brukskonto",
            _("Statement for your bank account"),
            _("NAV needs to see the money you have now."),
        ),
    ),
    (
        lambda a: a.savings_accounts,
        RequiredDocument(
            "kontooversikt",
            "sparekonto",
            _("Statement for your savings account"),
            _("You said you have savings."),
        ),
    ),
)

EXPENSE_DOCUMENTS: dict[str, RequiredDocument] = {
    "rent": RequiredDocument(
        "faktura", "husleie", _("Invoice or receipt for rent"), _("You said you pay rent.")
    ),
    "electricity": RequiredDocument(
        "faktura", "strom", _("Electricity bill"), _("You said you pay for electricity.")
    ),
    "municipal_fees": RequiredDocument(
        "faktura",
        "kommunaleavgifter",
        _("Bill for municipal fees"),
        _("You said you pay municipal fees."),
    ),
    "heating": RequiredDocument(
        "faktura", "oppvarming", _("Bill for heating"), _("You said you pay for heating.")
    ),
    "mortgage": RequiredDocument(
        "nedbetalingsplan",
        "avdraglaan",
        _("Repayment plan for your loan"),
        _("You said you pay off a home loan."),
    ),
    "kindergarten": RequiredDocument(
        "faktura", "barnehage", _("Kindergarten invoice"), _("You said you pay for kindergarten.")
    ),
    "after_school": RequiredDocument(
        "faktura",
        "sfo",
        _("After-school care (SFO) invoice"),
        _("You said you pay for after-school care."),
    ),
    "dentist": RequiredDocument(
        "faktura",
        "tannbehandling",
        _("Invoice or quote from the dentist"),
        _("You said you need money for the dentist."),
    ),
    "leisure": RequiredDocument(
        "faktura",
        "fritidsaktivitet",
        _("Invoice for the children's leisure activities"),
        _("You said you pay for the children's leisure activities."),
    ),
}

OTHER = RequiredDocument(
    "annet",
    "annet",
    _("Other documents"),
    _("Anything else you think NAV should see."),
    optional=True,
)


def required_documents(answers: Answers) -> list[RequiredDocument]:
    """The documents to ask for, in a stable order, each once; "other" is always last."""
    unknown = answers.expenses - EXPENSE_DOCUMENTS.keys()
    if unknown:
        raise ValueError(f"Unknown expense keys: {sorted(unknown)}")
    documents = [document for applies, document in RULES if applies(answers)]
    documents += [EXPENSE_DOCUMENTS[key] for key in EXPENSE_DOCUMENTS if key in answers.expenses]
    unique = list({document.key: document for document in documents}.values())
    return [*unique, OTHER]
