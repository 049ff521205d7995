"""Wire copy's names (agency stories: "NEW YORK, March 3 - Merrill Lynch, Pierce, Fenner and Smith Inc
<MER> said..."), as registered spaCy components the pipeline runs around NER:

- `newsflow_company_names` (before NER): a company's name with its legal form and the commas and
  "and" inside it is one organisation, which NER then keeps whole;
- `newsflow_company_names` also: a name in angle brackets with a space or a lower-case letter
  ("<Italiana Olii e Sifi>") is a company, as Reuters marks them;
- `newsflow_legal_forms` (after NER): a name followed by its legal form is a company with it, and
  "of" a place after a company's last word belongs to its name ("Morgan Guaranty Trust Co of New York");
- `newsflow_tickers` (before NER): a ticker in angle brackets ("<USX>") is no name of its own;
- `newsflow_region_abbreviations` (after NER): "Andalusia, Ala." names Andalusia and Alabama, and a
  place tagged "Dayton, Ohio" is two places;
- `quoted_as_a_stock`, for `mentions`: a name whose price moves in a market report is a company.
"""

import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from shared import lexicon
from shared.enrichment.entities.cues import NATIONALITY
from shared.enrichment.entities.names import CORPORATE_SUFFIXES, ends_in_legal_form
from shared.lexicon.vocabulary import REGION_ABBREVIATIONS

_WORD = r"[A-Z][\w'\u2019&.-]*"
_NAME = rf"{_WORD}(?: (?:of |de |e |y )?{_WORD}){{0,4}}"
_SUFFIX = r"(?:" + "|".join(re.escape(s) for s in sorted(CORPORATE_SUFFIXES, key=len, reverse=True)) + r")\b\.?"
COMPANY_RUN = re.compile(
    rf"\b{_NAME}(?:, {_NAME})+,? (?:and|&) {_NAME}(?: {_SUFFIX})+"  # "Merrill Lynch, Pierce, Fenner and Smith Inc"
    rf"|\b{_NAME} (?:and|&) {_SUFFIX}(?: {_SUFFIX})*"  # "Rosenkranz and Co", "Gabelli and Co Inc"
)
"""Names joined by commas and "and" that end in a legal form, or a name and "and Co": one company."""
REGION_NAMES = frozenset(REGION_ABBREVIATIONS.values())
# Quick tests on the doc's text, so that the token loops below run only on the stories that need them
_LEGAL_FORM = re.compile(rf"\b{_SUFFIX}")
_REGION_AFTER_A_COMMA = re.compile(r", (?:" + "|".join(re.escape(a) for a in REGION_ABBREVIATIONS) + r")(?!\w)")
_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC", "PRODUCT"})
TICKER = re.compile(r"<[A-Z0-9.&-]{1,12}>")
BRACKETED_COMPANY = re.compile(r"<([A-Z][^<>\n]*[a-z ][^<>\n]*)>")  # not a ticker: a space or lower case inside
_OF_A_PLACE_HEADS = frozenset({"Bank", "Co", "Company", "Corp", "Corporation", "Trust"})
PRICE_MOVES = lexicon.words("price_moves")
PRICE_UNITS = lexicon.words("price_units")
_PRICE = re.compile(r"\d+/\d+|\d[\d,]*(?:\.\d+)?(?:-\d+/\d+)?")  # "7/8", "27-1/4", "3.5", "1,250"


@Language.component("newsflow_company_names")
def company_names(doc: Doc) -> Doc:
    text = doc.text
    runs = []
    if _LEGAL_FORM.search(text):  # most stories name no company with its legal form
        runs = [span for span in _spans(doc, text, COMPANY_RUN) if len(span) > 2 and not _a_list(span.text)]
    if "<" in text:
        runs += _spans(doc, text, BRACKETED_COMPANY, group=1)
    if runs:
        kept = [e for e in doc.ents if not any(e.start < r.end and r.start < e.end for r in runs)]
        doc.ents = filter_spans([*runs, *kept])
    return doc


def _spans(doc: Doc, text: str, pattern: re.Pattern[str], group: int = 0) -> list[Span]:
    matches = pattern.finditer(text)
    spans = (doc.char_span(m.start(group), m.end(group), label="ORG", alignment_mode="contract") for m in matches)
    return [span for span in spans if span is not None and len(span)]


@Language.component("newsflow_legal_forms")
def legal_forms(doc: Doc) -> Doc:
    """After NER: a name followed by a legal form is a company with it ("Sige" + "Spa", a person
    "Valhi" + "Inc"); capitalised words before a legal form that NER left alone are one ("Sun Co")."""
    ents = list(doc.ents)
    by_end = {e.end: e for e in ents}
    changed = False
    for token in doc[1:] if _LEGAL_FORM.search(doc.text) else ():
        if token.text.rstrip(".") not in CORPORATE_SUFFIXES or token.ent_type_:
            continue
        end = token.i + 1
        while end < len(doc) and doc[end].text.rstrip(".") in CORPORATE_SUFFIXES and not doc[end].ent_type_:
            end += 1  # "Co Inc"
        start = token.i
        while start > 0 and (_name_word(doc[start - 1]) or _inner_hyphen(doc, start - 1)):
            start -= 1  # "Sun Co", "Enro-At-Ease Inc"
        if (before := by_end.get(start)) is not None and before.label_ in _NAME_LABELS:
            start = before.start  # "Sige" + "Spa", "Ing C. Olivetti" + "EC Spa"
        if start < token.i:
            ents = [e for e in ents if not (start <= e.start < end or start < e.end <= end)]
            ents.append(Span(doc, start, end, label="ORG"))
            changed = True
    with_places = _of_a_place(doc, ents)
    if changed or with_places != ents:
        doc.ents = filter_spans(with_places)
    return doc


def _of_a_place(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Morgan Guaranty Trust Co" + "of New York", "Merchants Bank" + "of Kansas City": one name."""
    by_start = {e.start: e for e in ents}
    joined: dict[int, Span] = {}
    for ent in ents:
        place = by_start.get(ent.end + 1)
        of = ent.end < len(doc) and doc[ent.end].text == "of"
        company = ent.label_ == "ORG" and ent[-1].text.rstrip(".") in _OF_A_PLACE_HEADS
        if company and of and place is not None and place.label_ == "GPE":
            joined[ent.start] = joined[place.start] = Span(doc, ent.start, place.end, label="ORG")
    return list(dict.fromkeys(joined.get(e.start, e) for e in ents)) if joined else ents


def quoted_as_a_stock(ent: Span) -> bool:
    """ "Hemlo Gold advanced 7/8 to 27-1/4", "Glaxo fell 12 pence": in a market report, a name whose
    price moves by a fraction or in a unit is a listed company, not a person."""
    after = ent.doc[ent.end : ent.end + 3]
    if len(after) < 2 or after[0].lower_ not in PRICE_MOVES or not _PRICE.fullmatch(after[1].text):
        return False
    return "/" in after[1].text or (len(after) > 2 and after[2].lower_ in PRICE_UNITS)


def _inner_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a name ("Enro-At-Ease"), between two capitalised words without spaces."""
    token = doc[i]
    return token.text == "-" and i > 0 and not doc[i - 1].whitespace_ and not token.whitespace_ and doc[i - 1].is_title


def _name_word(token: Token) -> bool:
    """A word of a company's name: capitalised, no stop word or nationality, in no other entity."""
    capitalised = token.is_title or (token.is_upper and token.is_alpha)
    return capitalised and not token.ent_type_ and not token.is_stop and not NATIONALITY.match(token.text)


def _a_list(text: str) -> bool:
    """ "Enro Shirt Co Inc, Enro-At-Ease Inc and Foxcroft Shirt Ltd": several companies, each with
    its legal form, not one name."""
    parts = re.split(r",? (?:and|&) |, ", text)
    return any(ends_in_legal_form(part) for part in parts[:-1])


@Language.component("newsflow_tickers")
def tickers(doc: Doc) -> Doc:
    spans = (doc.char_span(m.start() + 1, m.end() - 1, alignment_mode="expand") for m in TICKER.finditer(doc.text))
    blocked = [span for span in spans if span is not None and not any(t.ent_type_ for t in span)]
    if blocked:
        doc.set_ents([], blocked=filter_spans(blocked), default="unmodified")
    return doc


@Language.component("newsflow_region_abbreviations")
def region_abbreviations(doc: Doc) -> Doc:
    ents: list[Span] = []
    changed = False
    for ent in doc.ents:
        commas = [t.i for t in ent if t.text == ","] if ent.label_ in ("GPE", "LOC") else []
        if commas and _region_name(doc[commas[-1] + 1 : ent.end].text):  # "Dayton, Ohio": two places
            bounds = [ent.start, *commas, ent.end]
            parts = [doc[a + (a != ent.start) : b] for a, b in itertools.pairwise(bounds)]
            ents += [_region(Span(doc, p.start, p.end, label=ent.label_)) for p in parts if len(p)]
            changed = True
        else:
            ents.append(_region(ent) if ent.label_ in ("GPE", "LOC") else ent)
    taken = {t for e in ents for t in range(e.start, e.end)}
    for token in doc[2:] if _REGION_AFTER_A_COMMA.search(doc.text) else ():  # "Andalusia, Ala." where NER saw none
        after_a_place = doc[token.i - 1].text == "," and (
            doc[token.i - 2].is_title or doc[token.i - 2].ent_type_ in ("GPE", "LOC")
        )
        if token.text in REGION_ABBREVIATIONS and token.i not in taken and after_a_place:
            ents.append(_region(Span(doc, token.i, token.i + 1, label="GPE")))
            changed = True
    if changed or any(e.kb_id_ for e in ents):
        doc.ents = filter_spans(ents)
    return doc


def _region_name(text: str) -> bool:
    return text in REGION_ABBREVIATIONS or text in REGION_NAMES


def _region(ent: Span) -> Span:
    """The place an abbreviation names, kept as the span's knowledge-base id ("Calif." -> "California")."""
    name = REGION_ABBREVIATIONS.get(ent.text)
    return Span(ent.doc, ent.start, ent.end, label=ent.label_, kb_id=name) if name else ent
