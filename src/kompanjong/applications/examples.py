"""A complete set of answers, as the wizard stores them: for demo cases and for tests."""

from __future__ import annotations

EXAMPLE_ANSWERS: dict[str, dict[str, object]] = {
    "personal": {
        "street": "Øvre Slottsgate 12B",
        "postcode": "0157",
        "city": "Oslo",
        "municipality": "0301",
        "phone": "+4791234567",
        "has_account": True,
        "account_number": "12345678903",
        "citizenship": "norwegian",
        "citizenship_country": "",
    },
    "need": {
        "needs": ["rent", "food"],
        "need_details": "Husleie for mars.",
        "reason": "Jeg mistet jobben.",
        "urgent": False,
    },
    "work": {
        "working": False,
        "employer": "",
        "student": False,
        "study_level": "",
        "student_loan": False,
    },
    "family": {
        "marital_status": "single",
        "children": 0,
        "children_shared_residence": False,
        "child_support": "none",
    },
    "housing": {"housing": "rents", "people_in_household": 1, "housing_benefit": False},
    "income": {"income_sources": [], "monthly_income": None, "assets": ["bank_account"]},
    "expenses": {"expenses": ["rent"], "other_expenses": ""},
    "documents": {},
}
