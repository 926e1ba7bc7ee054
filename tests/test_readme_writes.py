"""The README's table of which writes are repeated says what the specs' `x-idempotent` says."""

from __future__ import annotations

import re

from support.specs import ROOT, load_spec, operations, providers

NAMES = {
    "leegality": "Leegality",
    "slashid": "SlashID",
    "loginradius": "LoginRadius",
    "launchdarkly": "LaunchDarkly",
}


def readme_table() -> dict[str, tuple[set[str], set[str]]]:
    """Provider -> (the verbs the README lists as repeated, those it lists as sent once)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Writes", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in NAMES.values():
            rows[cells[0]] = (verbs(cells[1]), verbs(cells[2]))
    return rows


def verbs(cell: str) -> set[str]:
    """`update (why), delete` -> {"update", "delete"}; `rotate secret (...)` -> {"rotate"}."""
    without_reasons = re.sub(r"\([^)]*\)", "", cell)
    return {item.split()[0] for item in re.split(r"[,;]", without_reasons) if item.strip()}


def spec_writes(provider: str) -> tuple[set[str], set[str]]:
    """(the verbs of the writes the spec marks repeatable, those it marks not), from operation IDs."""
    repeated: set[str] = set()
    once: set[str] = set()
    for _, method, operation in operations(load_spec(provider)):
        if method != "get":
            (repeated if operation["x-idempotent"] else once).add(operation["operationId"].split("_", 1)[0])
    return repeated, once


def test_the_readme_lists_every_provider_and_write_as_the_specs_declare():
    table = readme_table()
    assert set(table) == set(NAMES.values())
    for provider in (p.name for p in providers()):
        assert table[NAMES[provider]] == spec_writes(provider), provider
