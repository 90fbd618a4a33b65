"""The Digisos export: every shape of answers exports to soknad.json and vedlegg.json that the
contract schemas accept. Pure: no database."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompanjong.applications import digisos
from kompanjong.applications.answers import (
    ASSETS,
    INCOME_SOURCES,
    MARITAL_STATUSES,
    NEEDS,
    STEPS,
    STUDY_LEVELS,
    AllAnswers,
    document_answers,
)
from kompanjong.applications.digisos import (
    ExportDocument,
    ExportFile,
    ExportInput,
    Office,
    split_street,
    to_digisos,
    to_soknad,
    to_vedlegg,
)
from kompanjong.applications.required_documents import (
    EXPENSE_DOCUMENTS,
    ChildSupport,
    Housing,
    required_documents,
)
from tests.contracts import CONTRACTS, schema_errors, schema_validator, undeclared_properties
from tests.factories import COMPLETE_ANSWERS

SOKNAD = "digisos/json/soknad/soknad.json"
VEDLEGG = "digisos/json/vedlegg/vedleggSpesifikasjon.json"
SOKER = "digisos/json/digisos/soker/digisos-soker.json"

OFFICE = Office(municipality_number="0301", unit_number="1209", name="NAV Grünerløkka")
SUBMITTED = datetime(2025, 3, 14, 9, 26, 53, 589_793, tzinfo=ZoneInfo("Europe/Oslo"))


def assert_valid(instance: dict[str, Any], schema: str) -> None:
    errors = schema_errors(instance, schema)
    assert not errors, "\n".join(errors) + "\n\n" + json.dumps(instance, indent=2)
    undeclared = undeclared_properties(instance, schema)
    assert not undeclared, f"keys the contract does not name: {undeclared}"


# Strategies ----------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnoprstuvyzæøåABCDEFGHIJKLMNOPRSTUVYZÆØÅéü"
words = st.text(LETTERS, min_size=1, max_size=12)
names = st.lists(words, min_size=1, max_size=3).map(" ".join)
# What a form lets through: Django's CharField refuses NUL, and a browser cannot send a lone
# surrogate.
typed = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
free_text = st.one_of(st.just(""), st.text(typed, min_size=1, max_size=80))
digits = lambda n: st.text("0123456789", min_size=n, max_size=n)  # noqa: E731


def mod11_check_digit(number: str) -> int | None:
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11
    return {11: 0, 10: None}.get(check, check)


account_numbers = (
    digits(10)
    .map(lambda n: (n, mod11_check_digit(n)))
    .filter(lambda pair: pair[1] is not None)
    .map(lambda pair: f"{pair[0]}{pair[1]}")
)

streets = st.one_of(
    names,  # "Kirkeveien": no number
    st.builds("{} {}".format, names, st.integers(1, 300)),
    st.builds(
        "{} {}{}{}".format,
        names,
        st.integers(1, 300),
        st.sampled_from(["", " "]),
        st.sampled_from("ABCDabcÆØå"),
    ),  # "Storgata 12B", "Storgata 12 b"
    st.builds("{} {}, H{:04d}".format, names, st.integers(1, 300), st.integers(101, 9999)),
)

phones = st.one_of(
    st.just(""),
    digits(8).map(lambda n: f"+47{n}"),
    st.integers(7, 15).flatmap(digits).map(lambda n: f"+{n}"),
)


def subsets(values: Any) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(list(values)), unique=True)


@st.composite
def personal_answers(draw: st.DrawFn) -> dict[str, Any]:
    has_account = draw(st.booleans())
    citizenship = draw(st.sampled_from(["norwegian", "nordic", "other"]))
    return {
        "street": draw(streets),
        "postcode": draw(digits(4)),
        "city": draw(names),
        "municipality": draw(digits(4)),
        "phone": draw(phones),
        "has_account": has_account,
        "account_number": draw(account_numbers) if has_account else "",
        "citizenship": citizenship,
        "citizenship_country": draw(names) if citizenship == "other" else "",
    }


@st.composite
def work_answers(draw: st.DrawFn) -> dict[str, Any]:
    working = draw(st.booleans())
    student = draw(st.booleans())
    return {
        "working": working,
        "employer": draw(free_text) if working else "",
        "student": student,
        "study_level": draw(st.sampled_from(STUDY_LEVELS)) if student else "",
        "student_loan": draw(st.booleans()) if student else False,
    }


@st.composite
def family_answers(draw: st.DrawFn) -> dict[str, Any]:
    children = draw(st.integers(0, 5))
    return {
        "marital_status": draw(st.sampled_from(MARITAL_STATUSES)),
        "children": children,
        "children_shared_residence": draw(st.booleans()) if children else False,
        "child_support": draw(st.sampled_from([str(value) for value in ChildSupport])),
    }


need_answers = st.fixed_dictionaries(
    {
        "needs": subsets(NEEDS),
        "need_details": free_text,
        "reason": st.text(typed, min_size=1, max_size=200),
        "urgent": st.booleans(),
    }
)
housing_answers = st.fixed_dictionaries(
    {
        "housing": st.sampled_from([str(value) for value in Housing]),
        "people_in_household": st.integers(1, 30),
        "housing_benefit": st.booleans(),
    }
)
income_answers = st.fixed_dictionaries(
    {
        "income_sources": subsets(INCOME_SOURCES),
        "monthly_income": st.one_of(st.none(), st.integers(0, 200_000)),
        "assets": subsets(ASSETS),
    }
)
expenses_answers = st.fixed_dictionaries(
    {"expenses": subsets(EXPENSE_DOCUMENTS), "other_expenses": free_text}
)

submitted_applications: st.SearchStrategy[AllAnswers] = st.fixed_dictionaries(
    {
        "personal": personal_answers(),
        "need": need_answers,
        "work": work_answers(),
        "family": family_answers(),
        "housing": housing_answers,
        "income": income_answers,
        "expenses": expenses_answers,
    }
)


@st.composite
def drafts(draw: st.DrawFn) -> AllAnswers:
    """Any step missing, and any answer in a step missing."""
    answers = draw(submitted_applications)
    draft: AllAnswers = {}
    for step, section in answers.items():
        if draw(st.booleans()):
            kept = draw(st.sets(st.sampled_from(sorted(section))))
            draft[step] = {key: section[key] for key in kept}
    return draft


files = st.builds(
    ExportFile,
    filename=st.builds("{}.{}".format, words, st.sampled_from(["pdf", "jpg", "png"])),
    sha512=st.binary(max_size=64).map(lambda content: hashlib.sha512(content).hexdigest()),
)


@st.composite
def export_inputs(draw: st.DrawFn, answers: st.SearchStrategy[AllAnswers]) -> ExportInput:
    drawn = draw(answers)
    required = required_documents(document_answers(drawn))
    chosen = draw(st.lists(st.sampled_from(required), unique_by=lambda d: d.key))
    documents = tuple(
        ExportDocument(
            type=document.type,
            subtype=document.subtype,
            status=draw(st.sampled_from(sorted(digisos.DOCUMENT_STATUSES))),
            files=tuple(draw(st.lists(files, max_size=3))),
        )
        for document in chosen
    )
    return ExportInput(
        national_id=draw(digits(11)),
        first_name=draw(names),
        middle_name=draw(st.one_of(st.just(""), names)),
        last_name=draw(names),
        answers=drawn,
        office=Office(draw(digits(4)), draw(digits(4)), draw(st.builds("NAV {}".format, names))),
        documents=documents,
        submitted_at=draw(
            st.datetimes(
                min_value=datetime(2020, 1, 1),
                max_value=datetime(2040, 1, 1),
                timezones=st.sampled_from(
                    [UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Oslo")]
                ),
            )
        ),
    )


# Property-based: the contract accepts every export ---------------------------------------------

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(export_inputs(submitted_applications))
def test_every_submitted_application_exports_to_the_contract(data: ExportInput) -> None:
    exported = to_digisos(data)
    assert_valid(exported["soknad"], SOKNAD)
    assert_valid(exported["vedlegg"], VEDLEGG)

    soknad, answers = exported["soknad"], data.answers
    personalia = soknad["data"]["personalia"]
    personal = answers["personal"]
    assert personalia["kontonummer"].get("verdi") == (personal["account_number"] or None)
    assert personalia["kontonummer"]["harIkkeKonto"] is not personal["has_account"]
    assert ("statsborgerskap" in personalia) == (personal["citizenship"] == "norwegian")
    assert personalia["nordiskBorger"]["verdi"] == (personal["citizenship"] != "other")
    assert personalia.get("telefonnummer", {}).get("verdi", "") == personal["phone"]
    forsorgerplikt = soknad["data"]["familie"]["forsorgerplikt"]
    assert len(forsorgerplikt.get("ansvar", [])) == answers["family"]["children"]
    assert soknad["mottaker"]["enhetsnummer"] == data.office.unit_number

    vedlegg = exported["vedlegg"]["vedlegg"]
    assert [(v["type"], v["tilleggsinfo"]) for v in vedlegg] == [
        (d.type, d.subtype) for d in data.documents
    ]
    for entry, document in zip(vedlegg, data.documents, strict=True):
        uploaded = document.status == "uploaded"
        assert len(entry["filer"]) == (len(document.files) if uploaded else 0)


@FAST
@given(export_inputs(drafts()))
def test_every_draft_exports_to_the_contract(data: ExportInput) -> None:
    assert_valid(to_soknad(data), SOKNAD)
    assert_valid(to_vedlegg(data), VEDLEGG)


# Examples: what goes where -----------------------------------------------------------------


def application(**changes: dict[str, Any]) -> AllAnswers:
    """A complete application, with some answers changed per step."""
    answers: AllAnswers = {
        step: dict(section) for step, section in COMPLETE_ANSWERS.items() if step != "documents"
    }
    for step, section in changes.items():
        answers[step] = {**answers[step], **section}
    return answers


def export(answers: AllAnswers | None = None, *documents: ExportDocument) -> ExportInput:
    return ExportInput(
        national_id="01017012345",
        first_name="Kåre",
        middle_name="",
        last_name="Ødegård",
        answers=application() if answers is None else answers,
        office=OFFICE,
        documents=documents,
        submitted_at=SUBMITTED,
    )


def soknad_data(**changes: dict[str, Any]) -> dict[str, Any]:
    soknad = to_soknad(export(application(**changes)))
    assert_valid(soknad, SOKNAD)
    data: dict[str, Any] = soknad["data"]
    return data


def test_a_whole_application() -> None:
    soknad = to_soknad(export())
    assert_valid(soknad, SOKNAD)
    data = soknad["data"]
    assert data["personalia"]["personIdentifikator"] == {"kilde": "system", "verdi": "01017012345"}
    assert data["personalia"]["navn"] == {
        "kilde": "system",
        "fornavn": "Kåre",
        "mellomnavn": "",
        "etternavn": "Ødegård",
    }
    assert data["personalia"]["telefonnummer"] == {"kilde": "bruker", "verdi": "+4791234567"}
    assert data["personalia"]["oppholdsadresse"] == {
        "kilde": "bruker",
        "type": "gateadresse",
        "adresseValg": "soknad",
        "landkode": "NOR",
        "gatenavn": "Øvre Slottsgate",
        "husnummer": "12",
        "husbokstav": "B",
        "postnummer": "0157",
        "poststed": "Oslo",
        "kommunenummer": "0301",
    }
    assert "folkeregistrertAdresse" not in data["personalia"]
    assert data["begrunnelse"] == {
        "kilde": "bruker",
        "hvaSokesOm": "Mat, husleie.\n\nHusleie for mars.",
        "hvorforSoke": "Jeg mistet jobben.",
    }
    assert data["arbeid"] == {"situasjon": {"kilde": "bruker", "erIJobb": False}}
    assert data["utdanning"] == {"kilde": "bruker", "erStudent": False}
    assert data["bosituasjon"] == {"kilde": "bruker", "botype": "leier", "antallPersoner": 1}
    assert data["okonomi"]["oversikt"]["utgift"] == [
        {"kilde": "bruker", "type": "husleie", "tittel": "Husleie", "overstyrtAvBruker": False}
    ]
    assert [f["type"] for f in data["okonomi"]["oversikt"]["formue"]] == ["brukskonto"]
    assert soknad["innsendingstidspunkt"] == "2025-03-14T08:26:53.589Z"  # UTC
    assert soknad["mottaker"] == {
        "kommunenummer": "0301",
        "enhetsnummer": "1209",
        "navEnhetsnavn": "NAV Grünerløkka",
    }
    assert set(soknad["driftsinformasjon"].values()) == {False}
    assert soknad["kompatibilitet"] == []


def test_account_number_or_no_account() -> None:
    with_account = soknad_data()["personalia"]["kontonummer"]
    assert with_account == {"kilde": "bruker", "harIkkeKonto": False, "verdi": "12345678903"}
    without = soknad_data(personal={"has_account": False, "account_number": ""})
    assert without["personalia"]["kontonummer"] == {"kilde": "bruker", "harIkkeKonto": True}
    spaced = soknad_data(personal={"account_number": "1234.56.78903"})
    assert spaced["personalia"]["kontonummer"]["verdi"] == "12345678903"


@pytest.mark.parametrize(
    ("citizenship", "statsborgerskap", "nordic"),
    [
        ("norwegian", {"kilde": "bruker", "verdi": "NOR"}, True),
        ("nordic", None, True),
        ("other", None, False),
    ],
)
def test_citizenship_names_a_country_only_when_norwegian(
    citizenship: str, statsborgerskap: dict[str, str] | None, nordic: bool
) -> None:
    country = "Syria" if citizenship == "other" else ""
    personal = soknad_data(personal={"citizenship": citizenship, "citizenship_country": country})
    personalia = personal["personalia"]
    assert personalia.get("statsborgerskap") == statsborgerskap
    assert personalia["nordiskBorger"] == {"kilde": "bruker", "verdi": nordic}


@pytest.mark.parametrize(
    ("marital_status", "status"),
    [
        ("single", "ugift"),
        ("married", "gift"),
        ("cohabiting", "samboer"),
        ("separated", "separert"),
        ("divorced", "skilt"),
        ("widowed", "enke"),
    ],
)
def test_sivilstatus(marital_status: str, status: str) -> None:
    sivilstatus = soknad_data(family={"marital_status": marital_status})["familie"]["sivilstatus"]
    assert sivilstatus["kilde"] == "bruker"
    assert sivilstatus["status"] == status
    # The contract requires a spouse for "gift"; we know no more than that there is one.
    assert ("ektefelle" in sivilstatus) == (status == "gift")


def test_children_and_child_support() -> None:
    familie = soknad_data(
        family={"children": 2, "children_shared_residence": True, "child_support": "pays"}
    )["familie"]
    forsorgerplikt = familie["forsorgerplikt"]
    assert forsorgerplikt["harForsorgerplikt"] == {"kilde": "bruker", "verdi": True}
    assert forsorgerplikt["barnebidrag"] == {"kilde": "bruker", "verdi": "betaler"}
    assert len(forsorgerplikt["ansvar"]) == 2
    assert forsorgerplikt["ansvar"][0]["harDeltBosted"] == {"kilde": "bruker", "verdi": True}
    no_children = soknad_data()["familie"]["forsorgerplikt"]
    assert no_children["harForsorgerplikt"]["verdi"] is False
    assert no_children["barnebidrag"]["verdi"] == "ingen"
    assert "ansvar" not in no_children


def test_child_support_is_an_expense_or_an_income() -> None:
    pays = soknad_data(family={"child_support": "pays"})["okonomi"]["oversikt"]
    assert "barnebidrag" in [u["type"] for u in pays["utgift"]]
    receives = soknad_data(family={"child_support": "receives"})["okonomi"]["oversikt"]
    assert [i["type"] for i in receives["inntekt"]] == ["barnebidrag"]


@pytest.mark.parametrize(
    ("housing", "botype"),
    [
        ("rents", "leier"),
        ("rents_municipal", "kommunal"),
        ("owns", "eier"),
        ("lives_with_family", "familie"),
        ("institution", "institusjon"),
        ("no_home", "ingen"),
        ("other", "annet"),
    ],
)
def test_botype(housing: str, botype: str) -> None:
    assert soknad_data(housing={"housing": housing})["bosituasjon"]["botype"] == botype


def test_work_study_and_income() -> None:
    data = soknad_data(
        work={
            "working": True,
            "employer": "Rema 1000 Tøyen",
            "student": True,
            "study_level": "part_time",
            "student_loan": True,
        },
        income={"income_sources": ["wage"], "monthly_income": 9000, "assets": []},
        housing={"housing_benefit": True},
    )
    assert data["arbeid"]["situasjon"] == {"kilde": "bruker", "erIJobb": True}
    assert data["utdanning"] == {"kilde": "bruker", "erStudent": True, "studentgrad": "deltid"}
    inntekt = data["okonomi"]["oversikt"]["inntekt"]
    assert [(i["type"], i["tittel"]) for i in inntekt] == [
        ("jobb", "Lønnsinntekt fra Rema 1000 Tøyen"),
        ("studielanOgStipend", "Studielån og stipend fra Lånekassen"),
        ("bostotte", "Bostøtte fra Husbanken"),
    ]
    assert all("netto" not in i for i in inntekt)  # a total, not any one income's
    bekreftelser = {b["type"]: b["verdi"] for b in data["okonomi"]["opplysninger"]["bekreftelse"]}
    assert bekreftelser["studielanOgStipend"] is True
    assert bekreftelser["bostotte"] is True
    assert bekreftelser["sparing"] is False

    single = soknad_data(income={"income_sources": ["nav_benefits"], "monthly_income": 12000})
    assert single["okonomi"]["oversikt"]["inntekt"][0]["netto"] == 12000


def test_expenses_go_where_nav_reads_them() -> None:
    okonomi = soknad_data(
        expenses={"expenses": sorted(EXPENSE_DOCUMENTS), "other_expenses": "Briller"}
    )["okonomi"]
    assert [u["type"] for u in okonomi["oversikt"]["utgift"]] == [
        "husleie",
        "boliglanAvdrag",
        "boliglanRenter",
        "barnehage",
        "sfo",
    ]
    assert [u["type"] for u in okonomi["opplysninger"]["utgift"]] == [
        "strom",
        "kommunalAvgift",
        "oppvarming",
        "tannbehandling",
        "barnFritidsaktiviteter",
        "annen",
    ]
    assert okonomi["opplysninger"]["utgift"][-1]["tittel"] == "Andre utgifter: Briller"


def test_assets() -> None:
    formue = soknad_data(income={"assets": list(ASSETS)})["okonomi"]["oversikt"]["formue"]
    assert [f["type"] for f in formue] == [
        "brukskonto",
        "sparekonto",
        "verdipapirer",
        "kjoretoy",
        "bolig",
        "annet",
    ]


def test_urgency_is_told_where_the_caseworker_reads_the_need() -> None:
    begrunnelse = soknad_data(need={"urgent": True, "needs": [], "need_details": ""})
    assert begrunnelse["begrunnelse"]["hvaSokesOm"] == digisos.URGENT_TEXT


@pytest.mark.parametrize(
    ("street", "fields"),
    [
        ("Storgata 12B", {"gatenavn": "Storgata", "husnummer": "12", "husbokstav": "B"}),
        ("Storgata  12 b", {"gatenavn": "Storgata", "husnummer": "12", "husbokstav": "B"}),
        ("Kirkeveien", {"gatenavn": "Kirkeveien"}),
        ("7. juni-plassen 3", {"gatenavn": "7. juni-plassen", "husnummer": "3"}),
        (
            "Åsveien 4, H0101",
            {"gatenavn": "Åsveien", "husnummer": "4", "bolignummer": "H0101"},
        ),
        ("", {}),
    ],
)
def test_split_street(street: str, fields: dict[str, str]) -> None:
    assert split_street(street) == fields


def test_vedlegg_statuses_and_files() -> None:
    payslip = ExportFile("lønnsslipp mars.pdf", hashlib.sha512(b"payslip").hexdigest())
    documents = (
        ExportDocument("lonnslipp", "arbeid", "uploaded", (payslip,)),
        ExportDocument("husleiekontrakt", "husleiekontrakt", "already_sent"),
        ExportDocument("kontooversikt", "brukskonto", "later", (payslip,)),
    )
    vedlegg = to_vedlegg(export(None, *documents))
    assert_valid(vedlegg, VEDLEGG)
    assert vedlegg == {
        "vedlegg": [
            {
                "type": "lonnslipp",
                "tilleggsinfo": "arbeid",
                "status": "LastetOpp",
                "filer": [{"filnavn": "lønnsslipp mars.pdf", "sha512": payslip.sha512}],
                "hendelseType": "soknad",
            },
            {
                "type": "husleiekontrakt",
                "tilleggsinfo": "husleiekontrakt",
                "status": "VedleggAlleredeSendt",
                "filer": [],
                "hendelseType": "soknad",
            },
            {
                "type": "kontooversikt",
                "tilleggsinfo": "brukskonto",
                "status": "VedleggKreves",
                "filer": [],  # the readme: no files unless uploaded
                "hendelseType": "soknad",
            },
        ]
    }


def test_an_empty_draft_still_exports() -> None:
    assert_valid(to_soknad(export({})), SOKNAD)


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("need", "needs", ["yacht"]),
        ("family", "marital_status", "complicated"),
        ("housing", "housing", "castle"),
        ("income", "assets", ["bitcoin"]),
        ("expenses", "expenses", ["yacht"]),
    ],
)
def test_an_unknown_answer_is_an_error_not_a_silent_gap(step: str, field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=field):
        to_soknad(export(application(**{step: {field: value}})))


def test_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="submitted_at"):
        ExportInput("01017012345", "Kåre", "", "Ødegård", {}, OFFICE, (), datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="national_id"):
        ExportInput("0101701234", "Kåre", "", "Ødegård", {}, OFFICE, (), SUBMITTED)
    with pytest.raises(ValueError, match="unit_number"):
        Office("0301", "12", "NAV Oslo")
    with pytest.raises(ValueError, match="status"):
        ExportDocument("annet", "annet", "lost")
    with pytest.raises(ValueError, match="sha512"):
        ExportFile("a.pdf", "abc")


def test_every_choice_in_the_answers_has_a_home() -> None:
    """A new choice in answers.py must get a mapping here before it can be exported."""
    assert set(digisos.NEED_LABELS) == set(NEEDS)
    assert set(digisos.SIVILSTATUS) == set(MARITAL_STATUSES)
    assert set(digisos.STUDENTGRAD) == set(STUDY_LEVELS)
    assert set(digisos.INCOME_TYPES) == set(INCOME_SOURCES)
    assert set(digisos.ASSET_TYPES) == set(ASSETS)
    assert set(digisos.EXPENSE_TYPES) == set(EXPENSE_DOCUMENTS)
    assert set(digisos.BOTYPE) == {str(value) for value in Housing}
    assert set(digisos.BARNEBIDRAG) == {str(value) for value in ChildSupport}
    assert {"personal", "need", "work", "family", "housing", "income", "expenses"} < set(STEPS)


def test_version_is_the_contracts() -> None:
    version = json.loads((CONTRACTS / "digisos/json/soknad/parts/version.json").read_text())
    assert version["default"] == digisos.SOKNAD_VERSION


# The helper itself ---------------------------------------------------------------------------

EXAMPLES = sorted((CONTRACTS / "digisos" / "examples").glob("*.json"))
EXAMPLE_SCHEMAS = {"soknad": SOKNAD, "vedlegg": VEDLEGG, "digisos": SOKER}


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_the_contract_examples_validate(example: Any) -> None:
    schema = EXAMPLE_SCHEMAS[example.name.split("_")[0]]
    assert_valid(json.loads(example.read_text(encoding="utf-8")), schema)


def test_a_broken_document_names_the_failing_paths() -> None:
    soknad = to_soknad(export())
    soknad["data"]["personalia"]["kontonummer"]["verdi"] = "1234"
    soknad["data"]["familie"]["sivilstatus"]["status"] = "complicated"
    soknad["data"]["personalia"]["oppholdsadresse"]["postnummer"] = 157
    del soknad["mottaker"]
    soknad["data"]["bosituasjon"]["antallPersonner"] = 1
    errors = schema_errors(soknad, SOKNAD)
    assert any(e.startswith("$.data.personalia.kontonummer.verdi: '1234'") for e in errors)
    assert any(e.startswith("$.data.familie.sivilstatus.status: 'complicated'") for e in errors)
    assert any(e.startswith("  $.data.personalia.oppholdsadresse.postnummer") for e in errors)
    assert "$: 'mottaker' is a required property" in errors
    # The contract allows unknown keys, so only undeclared_properties finds the typo.
    assert undeclared_properties(soknad, SOKNAD) == ["$.data.bosituasjon.antallPersonner"]


def test_the_helper_reads_other_dialects() -> None:
    """HSDS's compiled schemas name no $schema, so they are draft 2020-12, with formats."""
    organization = "hsds/schema/compiled/organization.json"
    assert type(schema_validator(organization)).__name__ == "Draft202012Validator"
    assert type(schema_validator(SOKNAD)).__name__ == "Draft6Validator"
    errors = schema_errors({"id": "not-a-uuid", "name": "Kirkens Bymisjon"}, organization)
    assert "$.id: 'not-a-uuid' is not a 'uuid'" in errors
