"""Norwegian counties (fylker) by number: the first two digits of a municipality number.

An address in HSDS has a `state_province`; in Norway that is the county. Editors do not type
it: we find it from the postcode's municipality (see services._keep_address).
"""

from __future__ import annotations

# The counties from 1 January 2024.
COUNTIES: dict[str, str] = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}
# Municipality numbers from 2020-2023 that were renumbered in 2024 name the county they were in.
FORMER_COUNTIES: dict[str, str] = {
    "30": "Viken",
    "38": "Vestfold og Telemark",
    "54": "Troms og Finnmark",
}


def county(municipality_number: str) -> str:
    """The county a municipality (by number, e.g. "3403") is in; "" when we do not know."""
    prefix = municipality_number.strip()[:2]
    return COUNTIES.get(prefix) or FORMER_COUNTIES.get(prefix, "")
