"""Export an application for økonomisk sosialhjelp to NAV's Digisos formats. Pure: no database.

`to_soknad` builds `soknad.json` and `to_vedlegg` builds `vedlegg.json` (the vedlegg
specification), per the contracts in ../shared/contracts/digisos/json/. The tests validate both
against those schemas for every shape of answers (see answers.py).

Principles:
- Only what the citizen answered is exported; an unanswered question is left out, which the
  contract reads as "not answered". A draft may therefore be exported too.
- What we know from ID-porten (national id, name) has kilde "system"; all answers have kilde
  "bruker".
- Texts a caseworker reads (titles, labels) are in Norwegian bokmål, as NAV shows them as is.
- An answer value this module does not know raises ValueError: sending NAV an application with
  an answer silently dropped is worse than not sending it.
- Where the contract has no field for an answer, the answer is left out, and a comment says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .answers import AllAnswers
from .answers import section as answers_section
from .required_documents import ChildSupport, Housing

JSON = dict[str, Any]

# The soknad data format version this export follows: the default of the contract's
# json/soknad/parts/version.json (the tests check they agree).
SOKNAD_VERSION = "1.0.11"

BRUKER = "bruker"
SYSTEM = "system"


@dataclass(frozen=True)
class Office:
    """The NAV office that receives the application."""

    municipality_number: str  # kommunenummer, four digits
    unit_number: str  # NAV enhetsnummer, four digits
    name: str  # navEnhetsnavn, e.g. "NAV Grünerløkka"

    def __post_init__(self) -> None:
        _require(_FOUR_DIGITS.fullmatch(self.municipality_number), "municipality_number")
        _require(_FOUR_DIGITS.fullmatch(self.unit_number), "unit_number")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    sha512: str  # hex digest of the file's content

    def __post_init__(self) -> None:
        _require(_SHA512.fullmatch(self.sha512), "sha512")


DOCUMENT_STATUSES: dict[str, str] = {
    "uploaded": "LastetOpp",
    "already_sent": "VedleggAlleredeSendt",
    "later": "VedleggKreves",
}


@dataclass(frozen=True)
class ExportDocument:
    type: str  # Digisos vedlegg type, RequiredDocument.type
    subtype: str  # Digisos tilleggsinfo, RequiredDocument.subtype
    status: str  # a key of DOCUMENT_STATUSES
    files: tuple[ExportFile, ...] = ()

    def __post_init__(self) -> None:
        _require(self.status in DOCUMENT_STATUSES, "status")


@dataclass(frozen=True)
class ExportInput:
    national_id: str  # fødselsnummer or D-nummer, 11 digits
    first_name: str
    middle_name: str
    last_name: str
    answers: AllAnswers  # {step: {field: value}}, see answers.py
    office: Office
    documents: tuple[ExportDocument, ...]
    submitted_at: datetime  # aware

    def __post_init__(self) -> None:
        _require(_ELEVEN_DIGITS.fullmatch(self.national_id), "national_id")
        _require(self.submitted_at.utcoffset() is not None, "submitted_at (must be aware)")


def to_digisos(data: ExportInput) -> dict[str, JSON]:
    """Both files of a Digisos message: soknad.json and vedlegg.json."""
    return {"soknad": to_soknad(data), "vedlegg": to_vedlegg(data)}


def to_soknad(data: ExportInput) -> JSON:
    """soknad.json: json/soknad/soknad.json in the contract."""
    answers = data.answers
    return {
        "version": SOKNAD_VERSION,
        "data": {
            "soknadstype": "standard",
            "personalia": _personalia(data),
            "arbeid": _arbeid(answers),
            "utdanning": _utdanning(answers),
            "familie": _familie(answers),
            "begrunnelse": _begrunnelse(answers),
            "bosituasjon": _bosituasjon(answers),
            "okonomi": _okonomi(answers, _timestamp(data.submitted_at)),
        },
        "innsendingstidspunkt": _timestamp(data.submitted_at),
        "mottaker": {
            "kommunenummer": data.office.municipality_number,
            "enhetsnummer": data.office.unit_number,
            "navEnhetsnavn": data.office.name,
        },
        # We fetch nothing from NAV, Skatteetaten or Husbanken, so nothing failed.
        "driftsinformasjon": {
            "utbetalingerFraNavFeilet": False,
            "inntektFraSkatteetatenFeilet": False,
            "stotteFraHusbankenFeilet": False,
        },
        "kompatibilitet": [],
    }


def to_vedlegg(data: ExportInput) -> JSON:
    """vedlegg.json: json/vedlegg/vedleggSpesifikasjon.json in the contract.

    The readme says files are listed only for uploaded documents ("filer" is an empty array for
    VedleggAlleredeSendt and VedleggKreves), so files of a document with another status are
    not listed: they are not part of the message.
    """
    return {
        "vedlegg": [
            {
                "type": document.type,
                "tilleggsinfo": document.subtype,
                "status": DOCUMENT_STATUSES[document.status],
                "filer": [
                    {"filnavn": file.filename, "sha512": file.sha512}
                    for file in document.files
                    if document.status == "uploaded"
                ],
                # Every document here is one the application asked for ("soknad"); "bruker" is
                # for documents sent on one's own initiative after the application.
                "hendelseType": "soknad",
            }
            for document in data.documents
        ]
    }


# Personalia ----------------------------------------------------------------------------------


def _personalia(data: ExportInput) -> JSON:
    personal = answers_section(data.answers, "personal")
    personalia: JSON = {
        "personIdentifikator": {"kilde": SYSTEM, "verdi": data.national_id},
        "navn": {
            "kilde": SYSTEM,
            "fornavn": data.first_name,
            "mellomnavn": data.middle_name,
            "etternavn": data.last_name,
        },
    }
    citizenship = personal.get("citizenship")
    if citizenship:
        _require(citizenship in ("norwegian", "nordic", "other"), "citizenship", citizenship)
        # statsborgerskap is an ISO 3166-1 alpha-3 code. Only "norwegian" names a country;
        # "nordic" does not say which, and citizenship_country is free text, not a code, so
        # neither has a home here beyond nordiskBorger.
        if citizenship == "norwegian":
            personalia["statsborgerskap"] = {"kilde": BRUKER, "verdi": "NOR"}
        personalia["nordiskBorger"] = {"kilde": BRUKER, "verdi": citizenship != "other"}
    phone = re.sub(r"\s", "", personal.get("phone") or "")
    if _E164.fullmatch(phone):  # anything else is not a phone number the contract accepts
        personalia["telefonnummer"] = {"kilde": BRUKER, "verdi": phone}
    personalia["kontonummer"] = _kontonummer(personal)
    address = _gateadresse(personal)
    if address:
        # The citizen gave where they live, which decides the NAV office: that is the
        # oppholdsadresse chosen in the application ("soknad"). folkeregistrertAdresse is the
        # National Population Register's (kilde system), which we do not have.
        personalia["oppholdsadresse"] = address
    return personalia


def _kontonummer(personal: dict[str, Any]) -> JSON:
    kontonummer: JSON = {"kilde": BRUKER}
    if "has_account" not in personal:
        return kontonummer  # not answered
    has_account = bool(personal["has_account"])
    kontonummer["harIkkeKonto"] = not has_account
    number = re.sub(r"[\s.]", "", personal.get("account_number") or "")
    if has_account and _ELEVEN_DIGITS.fullmatch(number):
        kontonummer["verdi"] = number
    return kontonummer


# "Storgata 12B", "Storgata 12 b", "Storgata 12, H0101"; a street without a number is all name.
_STREET = re.compile(
    r"(?P<gatenavn>.*?\S)\s+(?P<husnummer>\d+)\s*(?P<husbokstav>[A-Za-zÆØÅæøå])?"
    r"(?:\s*,?\s*(?P<bolignummer>[HUKLhukl]\d{4}))?"
)


def split_street(street: str) -> dict[str, str]:
    """A street address as gateadresse fields: gatenavn, husnummer, husbokstav, bolignummer."""
    street = " ".join(street.split())
    match = _STREET.fullmatch(street)
    if not match:
        return {"gatenavn": street} if street else {}
    fields = {"gatenavn": match["gatenavn"], "husnummer": match["husnummer"]}
    if match["husbokstav"]:
        fields["husbokstav"] = match["husbokstav"].upper()
    if match["bolignummer"]:
        fields["bolignummer"] = match["bolignummer"].upper()
    return fields


def _gateadresse(personal: dict[str, Any]) -> JSON | None:
    fields: dict[str, str] = split_street(personal.get("street") or "")
    for key, field in (
        ("postcode", "postnummer"),
        ("city", "poststed"),
        ("municipality", "kommunenummer"),
    ):
        value = (personal.get(key) or "").strip()
        if value:
            fields[field] = value
    if not fields:
        return None
    return {
        "kilde": BRUKER,
        "type": "gateadresse",
        "adresseValg": "soknad",
        "landkode": "NOR",  # a Norwegian postcode and kommunenummer
        **fields,
    }


# Arbeid and utdanning ------------------------------------------------------------------------


def _arbeid(answers: AllAnswers) -> JSON:
    work = answers_section(answers, "work")
    # No home for employer in arbeid: "forhold" needs a start date and a position percentage
    # we do not ask for, and "kommentarTilArbeidsforhold" requires "forhold". The employer is
    # named in the title of the wage income instead (see _inntekt).
    if "working" not in work:
        return {}
    return {"situasjon": {"kilde": BRUKER, "erIJobb": bool(work["working"])}}


STUDENTGRAD: dict[str, str] = {"full_time": "heltid", "part_time": "deltid"}


def _utdanning(answers: AllAnswers) -> JSON:
    work = answers_section(answers, "work")
    utdanning: JSON = {"kilde": BRUKER}
    if "student" in work:
        utdanning["erStudent"] = bool(work["student"])
    level = work.get("study_level") or ""
    if work.get("student") and level:
        _require(level in STUDENTGRAD, "study_level", level)
        utdanning["studentgrad"] = STUDENTGRAD[level]
    return utdanning


# Familie -------------------------------------------------------------------------------------

SIVILSTATUS: dict[str, str] = {
    "single": "ugift",
    "married": "gift",  # includes registered partners, as in the contract
    "cohabiting": "samboer",
    "separated": "separert",
    "divorced": "skilt",
    "widowed": "enke",
}

BARNEBIDRAG: dict[str, str] = {
    ChildSupport.NONE: "ingen",
    ChildSupport.PAYS: "betaler",
    ChildSupport.RECEIVES: "mottar",
}

# The contract requires a name where it requires a person; its names may be blank.
_NO_NAME = {"fornavn": "", "mellomnavn": "", "etternavn": ""}


def _familie(answers: AllAnswers) -> JSON:
    family = answers_section(answers, "family")
    familie: JSON = {}
    status = family.get("marital_status") or ""
    if status:
        _require(status in SIVILSTATUS, "marital_status", status)
        sivilstatus: JSON = {"kilde": BRUKER, "status": SIVILSTATUS[status]}
        if status == "married":
            # "gift" requires "ektefelle" with a name; we ask nothing about the spouse.
            sivilstatus["ektefelle"] = {"navn": dict(_NO_NAME)}
        familie["sivilstatus"] = sivilstatus
    forsorgerplikt: JSON = {}
    children = family.get("children")
    if isinstance(children, int):
        forsorgerplikt["harForsorgerplikt"] = {"kilde": BRUKER, "verdi": children > 0}
    support = family.get("child_support") or ""
    if support:
        _require(support in BARNEBIDRAG, "child_support", support)
        forsorgerplikt["barnebidrag"] = {"kilde": BRUKER, "verdi": BARNEBIDRAG[support]}
    if isinstance(children, int) and children > 0:
        # One "ansvar" per child. We ask only how many, so each "barn" has a blank name (its
        # required fields) and nothing else; shared residence is one answer for all children.
        shared = family.get("children_shared_residence")
        forsorgerplikt["ansvar"] = [_ansvar(shared) for _ in range(children)]
    familie["forsorgerplikt"] = forsorgerplikt
    return familie


def _ansvar(shared_residence: bool | None) -> JSON:
    ansvar: JSON = {"barn": {"kilde": BRUKER, "navn": dict(_NO_NAME)}}
    if shared_residence is not None:
        ansvar["harDeltBosted"] = {"kilde": BRUKER, "verdi": bool(shared_residence)}
    return ansvar


# Begrunnelse ---------------------------------------------------------------------------------

NEED_LABELS: dict[str, str] = {
    "food": "mat",
    "rent": "husleie",
    "electricity": "strøm",
    "medicine": "medisiner",
    "clothes": "klær",
    "transport": "transport",
    "other": "annet",
}

URGENT_TEXT = "Søker trenger hjelp i dag."


def _begrunnelse(answers: AllAnswers) -> JSON:
    need = answers_section(answers, "need")
    needs = _choices(need.get("needs"), NEED_LABELS, "needs")
    parts = []
    if needs:
        labels = ", ".join(NEED_LABELS[key] for key in needs)
        parts.append(labels[0].upper() + labels[1:] + ".")
    details = (need.get("need_details") or "").strip()
    if details:
        parts.append(details)
    if need.get("urgent"):
        # The contract has no field for urgency; it goes where the caseworker reads what is
        # applied for, so an emergency is not missed.
        parts.append(URGENT_TEXT)
    begrunnelse: JSON = {"kilde": BRUKER, "hvaSokesOm": "\n\n".join(parts)}
    if "reason" in need:
        begrunnelse["hvorforSoke"] = (need.get("reason") or "").strip()
    return begrunnelse


# Bosituasjon ---------------------------------------------------------------------------------

BOTYPE: dict[str, str] = {
    Housing.RENTS: "leier",
    Housing.RENTS_MUNICIPAL: "kommunal",
    Housing.OWNS: "eier",
    Housing.LIVES_WITH_FAMILY: "familie",  # "foreldre" only if we knew it were parents
    Housing.INSTITUTION: "institusjon",
    Housing.NO_HOME: "ingen",
    Housing.OTHER: "annet",
}


def _bosituasjon(answers: AllAnswers) -> JSON:
    housing = answers_section(answers, "housing")
    bosituasjon: JSON = {"kilde": BRUKER}
    botype = housing.get("housing") or ""
    if botype:
        _require(botype in BOTYPE, "housing", botype)
        bosituasjon["botype"] = BOTYPE[botype]
    people = housing.get("people_in_household")
    if isinstance(people, int) and not isinstance(people, bool):
        bosituasjon["antallPersoner"] = people
    return bosituasjon


# Økonomi -------------------------------------------------------------------------------------

# Types and where they go follow NAV's own mapping between vedlegg and soknad.json types.
INCOME_TYPES: dict[str, tuple[str, str]] = {
    "wage": ("jobb", "Lønnsinntekt"),
    "nav_benefits": ("navytelse", "Ytelser fra NAV"),
    "student_loan": ("studielanOgStipend", "Studielån og stipend fra Lånekassen"),
    "child_support": ("barnebidrag", "Mottar barnebidrag"),
    "other": ("annen", "Annen inntekt"),
}

ASSET_TYPES: dict[str, tuple[str, str]] = {
    "bank_account": ("brukskonto", "Brukskonto"),
    "savings_account": ("sparekonto", "Sparekonto"),
    "shares": ("verdipapirer", "Aksjer, obligasjoner og fond"),
    "vehicle": ("kjoretoy", "Kjøretøy"),
    "property": ("bolig", "Bolig eller annen eiendom"),
    "other": ("annet", "Annet av økonomisk verdi"),
}

OVERSIKT = "oversikt"  # okonomi.oversikt.utgift: fixed monthly expenses
OPPLYSNINGER = "opplysninger"  # okonomi.opplysninger.utgift: other expenses

# Expense key -> (where, ((type, title), ...)).
EXPENSE_TYPES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "rent": (OVERSIKT, (("husleie", "Husleie"),)),
    "electricity": (OPPLYSNINGER, (("strom", "Strøm"),)),
    "municipal_fees": (OPPLYSNINGER, (("kommunalAvgift", "Kommunale avgifter"),)),
    "heating": (OPPLYSNINGER, (("oppvarming", "Oppvarming"),)),
    # NAV splits a home loan into repayment and interest, both documented by the same plan.
    "mortgage": (
        OVERSIKT,
        (("boliglanAvdrag", "Avdrag på boliglån"), ("boliglanRenter", "Renter på boliglån")),
    ),
    "kindergarten": (OVERSIKT, (("barnehage", "Barnehage"),)),
    "after_school": (OVERSIKT, (("sfo", "SFO/AKS"),)),
    # NAV's "barnTannregulering" is orthodontics for children; we ask about the dentist for
    # anyone, so the type is the vedlegg's subtype (consumers must accept new types).
    "dentist": (OPPLYSNINGER, (("tannbehandling", "Tannbehandling"),)),
    "leisure": (OPPLYSNINGER, (("barnFritidsaktiviteter", "Fritidsaktiviteter for barn"),)),
}

HOUSING_EXPENSES = ("rent", "electricity", "municipal_fees", "heating", "mortgage")
CHILD_EXPENSES = ("kindergarten", "after_school", "leisure")
SAVINGS_ASSETS = ("bank_account", "savings_account", "shares")
VALUABLE_ASSETS = ("vehicle", "property", "other")


def _post(type_: str, tittel: str) -> JSON:
    return {"kilde": BRUKER, "type": type_, "tittel": tittel, "overstyrtAvBruker": False}


def _okonomi(answers: AllAnswers, timestamp: str) -> JSON:
    expenses = answers_section(answers, "expenses")
    keys = _choices(expenses.get("expenses"), EXPENSE_TYPES, "expenses")
    oversikt_utgift: list[JSON] = []
    opplysninger_utgift: list[JSON] = []
    for key in keys:
        where, posts = EXPENSE_TYPES[key]
        target = oversikt_utgift if where == OVERSIKT else opplysninger_utgift
        target += [_post(type_, tittel) for type_, tittel in posts]
    if answers_section(answers, "family").get("child_support") == ChildSupport.PAYS:
        oversikt_utgift.append(_post("barnebidrag", "Betaler barnebidrag"))
    other = (expenses.get("other_expenses") or "").strip()
    if other:
        opplysninger_utgift.append(_post("annen", f"Andre utgifter: {other}"))
    return {
        "opplysninger": {
            "bekreftelse": _bekreftelser(answers, timestamp),
            # "utbetaling" is for payments received in the last months; we do not ask.
            "utbetaling": [],
            "utgift": opplysninger_utgift,
        },
        "oversikt": {
            "inntekt": _inntekt(answers),
            "utgift": oversikt_utgift,
            "formue": [
                _post(*ASSET_TYPES[key])
                for key in _choices(
                    answers_section(answers, "income").get("assets"), ASSET_TYPES, "assets"
                )
            ],
        },
    }


def _inntekt(answers: AllAnswers) -> list[JSON]:
    work = answers_section(answers, "work")
    income = answers_section(answers, "income")
    entries: dict[str, JSON] = {}  # by type: each kind of income once
    for key in _choices(income.get("income_sources"), INCOME_TYPES, "income_sources"):
        type_, tittel = INCOME_TYPES[key]
        if key == "wage" and work.get("working") and (work.get("employer") or "").strip():
            tittel = f"{tittel} fra {work['employer'].strip()}"
        entries.setdefault(type_, _post(type_, tittel))
    if work.get("student") and work.get("student_loan"):
        entries.setdefault("studielanOgStipend", _post(*INCOME_TYPES["student_loan"]))
    if answers_section(answers, "family").get("child_support") == ChildSupport.RECEIVES:
        entries.setdefault("barnebidrag", _post(*INCOME_TYPES["child_support"]))
    if answers_section(answers, "housing").get("housing_benefit"):
        entries.setdefault("bostotte", _post("bostotte", "Bostøtte fra Husbanken"))
    inntekt = list(entries.values())
    amount = income.get("monthly_income")
    # monthly_income is the total after tax. It belongs to an entry only when there is one;
    # with several, the contract has no field for a total, and it is left out.
    if len(inntekt) == 1 and isinstance(amount, int) and not isinstance(amount, bool):
        inntekt[0]["netto"] = amount
    return inntekt


def _bekreftelser(answers: AllAnswers, timestamp: str) -> list[JSON]:
    """The yes/no answers, as NAV's types: each only when its question was answered."""
    work = answers_section(answers, "work")
    housing = answers_section(answers, "housing")
    income = answers_section(answers, "income")
    expenses = answers_section(answers, "expenses")
    answered: list[tuple[str, str, bool]] = []
    if work.get("student") and "student_loan" in work:
        loan = bool(work["student_loan"])
        answered.append(("studielanOgStipend", "Mottar lån/stipend fra Lånekassen.", loan))
    if "housing_benefit" in housing:
        benefit = bool(housing["housing_benefit"])
        answered.append(("bostotte", "Mottar bostøtte fra Husbanken.", benefit))
    if "assets" in income:
        assets = set(income.get("assets") or ())
        savings = bool(assets & set(SAVINGS_ASSETS))
        valuables = bool(assets & set(VALUABLE_ASSETS))
        answered.append(("sparing", "Bankinnskudd eller annen sparing.", savings))
        answered.append(("verdi", "Eier noe av økonomisk verdi.", valuables))
    if "expenses" in expenses:
        keys = set(expenses.get("expenses") or ())
        answered.append(("boutgifter", "Boutgifter", bool(keys & set(HOUSING_EXPENSES))))
        answered.append(("barneutgifter", "Utgifter til barn", bool(keys & set(CHILD_EXPENSES))))
    return [
        {
            "kilde": BRUKER,
            "type": type_,
            "tittel": tittel,
            "verdi": verdi,
            "bekreftelsesDato": timestamp,
        }
        for type_, tittel, verdi in answered
    ]


# Helpers -------------------------------------------------------------------------------------

_FOUR_DIGITS = re.compile(r"\d{4}")
_ELEVEN_DIGITS = re.compile(r"\d{11}")
_E164 = re.compile(r"\+\d{2,15}")
_SHA512 = re.compile(r"[0-9a-fA-F]{128}")


def _require(ok: object, field: str, value: object = None) -> None:
    if not ok:
        detail = f": {value!r}" if value is not None else ""
        raise ValueError(f"Invalid {field} for the Digisos export{detail}")


def _choices(values: Any, known: dict[str, Any], field: str) -> list[str]:
    """The chosen keys, in the order of `known` (the order answers.py lists them in)."""
    chosen = set(values or ())
    unknown = chosen - known.keys()
    _require(not unknown, field, sorted(unknown))
    return [key for key in known if key in chosen]


def _timestamp(moment: datetime) -> str:
    """The contract's tidspunkt: UTC with milliseconds, e.g. "2018-10-04T13:37:00.134Z"."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
