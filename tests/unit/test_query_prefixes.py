"""Prefixed filters typed in the search box (explorer, JSON API, `newsflow search`): what becomes a
filter and what stays full text. The servers test runs them on Elasticsearch."""

from datetime import date

import pytest

from shared.index.queries import ParsedQuery, parse_query


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('person:"Tony Blair" election', ParsedQuery("election", {"people": ["Tony Blair"]})),
        ("org:Hamas place:Gaza", ParsedQuery(None, {"organisations": ["Hamas"], "places": ["Gaza"]})),
        (
            'organisation:"United States Institute of Peace"',
            ParsedQuery(None, {"organisations": ["United States Institute of Peace"]}),
        ),
        ("country:UK budget", ParsedQuery("budget", {"countries": ["GB"]})),
        ('country:"United States"', ParsedQuery(None, {"countries": ["US"]})),
        ("country:ir", ParsedQuery(None, {"countries": ["IR"]})),
        ("agency:AFP lang:EN", ParsedQuery(None, {"agency": ["AFP"], "language": ["en"]})),
        ("since:2025-01-08 ceasefire", ParsedQuery("ceasefire", since=date(2025, 1, 8))),
        ("date:2025-01", ParsedQuery(None, since=date(2025, 1, 1), until=date(2025, 1, 31))),
        ("date:2004..2005-06", ParsedQuery(None, since=date(2004, 1, 1), until=date(2005, 6, 30))),
        ("until:2024", ParsedQuery(None, until=date(2024, 12, 31))),
        # Not filters: stay full text, never an error.
        ("colour:red", ParsedQuery("colour:red")),
        ("country:Atlantis", ParsedQuery("country:Atlantis")),
        ("since:yesterday", ParsedQuery("since:yesterday")),
        ("date:2025-02-30", ParsedQuery("date:2025-02-30")),
        ('person:"" tax', ParsedQuery('person:"" tax')),
        ('"gaza ceasefire" -sullivan', ParsedQuery('"gaza ceasefire" -sullivan')),
        ("elect*", ParsedQuery("elect*")),
        ("10:30 meeting", ParsedQuery("10:30 meeting")),
        ("http://example.com", ParsedQuery("http://example.com")),
    ],
)
def test_prefixes_become_filters_and_the_rest_stays_text(typed: str, expected: ParsedQuery) -> None:
    assert parse_query(typed) == expected
