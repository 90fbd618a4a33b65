"""The required-documents rules: pure, so tested without a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompanjong.applications.required_documents import (
    EXPENSE_DOCUMENTS,
    OTHER,
    Answers,
    ChildSupport,
    Housing,
    required_documents,
)

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "digisos"


def keys(answers: Answers) -> list[str]:
    return [document.key for document in required_documents(answers)]


def test_the_least_anyone_is_asked_for() -> None:
    assert keys(Answers(bank_accounts=False)) == ["annet|annet"]
    assert required_documents(Answers())[-1] is OTHER and OTHER.optional


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (Answers(housing=Housing.RENTS), "husleiekontrakt|husleiekontrakt"),
        (Answers(housing=Housing.RENTS_MUNICIPAL), "husleiekontrakt|kommunal"),
        (Answers(working=True), "lonnslipp|arbeid"),
        (Answers(nordic_citizen=False), "oppholdstillatel|oppholdstillatel"),
        (Answers(children_shared_residence=True), "samvarsavtale|barn"),
        (Answers(student=True, student_loan=True), "student|vedtak"),
        (Answers(child_support=ChildSupport.PAYS), "barnebidrag|betaler"),
        (Answers(child_support=ChildSupport.RECEIVES), "barnebidrag|mottar"),
        (Answers(housing_benefit=True), "bostotte|vedtak"),
        (Answers(savings_accounts=True), "kontooversikt|sparekonto"),
        (Answers(expenses=frozenset({"electricity"})), "faktura|strom"),
        (Answers(expenses=frozenset({"dentist"})), "faktura|tannbehandling"),
    ],
)
def test_each_answer_asks_for_its_document(answers: Answers, expected: str) -> None:
    assert expected in keys(answers)


@pytest.mark.parametrize(
    ("answers", "absent"),
    [
        (Answers(nordic_citizen=True), "oppholdstillatel|oppholdstillatel"),
        (Answers(student=True, student_loan=False), "student|vedtak"),
        (Answers(housing=Housing.OWNS), "husleiekontrakt|husleiekontrakt"),
        (Answers(housing=Housing.NO_HOME), "husleiekontrakt|husleiekontrakt"),
    ],
)
def test_nothing_is_asked_without_a_reason(answers: Answers, absent: str) -> None:
    assert absent not in keys(answers)


def test_unknown_expense_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown expense"):
        required_documents(Answers(expenses=frozenset({"yacht"})))


answers_strategy = st.builds(
    Answers,
    nordic_citizen=st.booleans(),
    working=st.booleans(),
    student=st.booleans(),
    student_loan=st.booleans(),
    children_shared_residence=st.booleans(),
    child_support=st.sampled_from(list(ChildSupport)),
    housing=st.sampled_from(list(Housing)),
    housing_benefit=st.booleans(),
    bank_accounts=st.booleans(),
    savings_accounts=st.booleans(),
    expenses=st.frozensets(st.sampled_from(sorted(EXPENSE_DOCUMENTS))),
)


@given(answers_strategy)
def test_every_list_is_unique_stable_ends_with_other_and_gives_reasons(answers: Answers) -> None:
    documents = required_documents(answers)
    assert documents[-1] is OTHER
    assert len({d.key for d in documents}) == len(documents)
    assert documents == required_documents(answers)
    for document in documents:
        assert str(document.title) and str(document.reason)


def test_types_are_ones_the_digisos_contract_names() -> None:
    """Types and subtypes come from the vedlegg contract's lists of known values."""
    schema = json.loads((CONTRACT / "json/vedlegg/vedleggSpesifikasjon.json").read_text())
    properties = schema["definitions"]["vedlegg"]["properties"]
    known_types = properties["type"]["description"]
    known_subtypes = properties["tilleggsinfo"]["description"]
    everything = Answers(
        nordic_citizen=False,
        working=True,
        student=True,
        student_loan=True,
        children_shared_residence=True,
        child_support=ChildSupport.PAYS,
        housing=Housing.RENTS,
        housing_benefit=True,
        savings_accounts=True,
        expenses=frozenset(EXPENSE_DOCUMENTS),
    )
    for document in required_documents(everything):
        assert f"* {document.type}\n" in known_types, document.type
        # "kommunal" (municipal housing) is a subtype NAV uses that the list does not name;
        # the contract says consumers must accept new subtypes.
        assert f"* {document.subtype}" in known_subtypes or document.subtype == "kommunal", (
            document.subtype
        )
