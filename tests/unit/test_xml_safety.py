"""Hostile XML: a billion-laughs bomb or an external entity is refused with a clear reason naming
the file, before any parser expands anything, whatever format the root element claims."""

import pytest

from shared.parsing import ParseError, parse_file
from shared.parsing.safexml import root_name
from tests.support.paths import FIXTURES

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("root", ["nitf", "newsItem", "newsMessage", "rss", "feed"])
@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_entity_declarations_are_refused_for_every_format(root: str, name: str) -> None:
    hostile = (HOSTILE / name).read_bytes().replace(b"ROOT", root.encode())
    assert root_name(hostile.decode()) == root
    with pytest.raises(ParseError, match=rf"^{name}: XML declares entities") as caught:
        parse_file(name, hostile)
    assert "/etc/passwd" not in str(caught.value)


def test_xml_of_another_kind_or_malformed_is_named_as_such() -> None:
    with pytest.raises(ParseError, match=r"^catalog.xml: XML with root <catalog> is not a news format"):
        parse_file("catalog.xml", b"<?xml version='1.0'?><catalog><book>x</book></catalog>")
    with pytest.raises(ParseError, match=r"^broken.xml: malformed XML"):
        parse_file("broken.xml", b"<?xml version='1.0'?><nitf><head><title>x</title></head>")
