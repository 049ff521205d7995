"""Named entities of one article: spaCy's mentions, cleaned, folded and counted.

The headline is not run through NER: in title case the model tags "Pezeshkian Will" or "Quit Netanyahu
Cabinet" as people. Entities come from the body and caption; headline mentions of them are counted by
matching their names, so a headline adds weight but never a new (junk) entity, except the two sides
of a fixture or score line ("Bristol City 2-1 Milton Keynes").

One module per family of rules, in the order an article meets them:
- `rulers`: the pipeline components that set known names and patterns before and after NER;
- `names`: cleaning and retyping one name, and the `Mention` the rules pass along;
- `cues`: what the words around a mention say of it (a title, a bill, a peer, a job, a channel);
- `sport`: line-ups, fixtures, clubs and national sides;
- `works`: titles of films, books and products, which are things, not names;
- `mentions`: one doc's mentions, every rule above applied;
- `folding`: one name per entity in an article (surnames, abbreviations, headline counts).
Word lists live in `shared/lexicon/data/`, patterns in `shared/lexicon/data/patterns/`.
"""

from shared.enrichment.entities.folding import article_entities, fold_names, headline_mentions
from shared.enrichment.entities.mentions import mentions
from shared.enrichment.entities.names import (
    LABELS,
    Mention,
    clean_name,
    known_names,
    mentions_by_category,
    name_key,
    retype,
)
from shared.enrichment.entities.rulers import add_rulers

__all__ = [
    "LABELS",
    "Mention",
    "add_rulers",
    "article_entities",
    "clean_name",
    "fold_names",
    "headline_mentions",
    "known_names",
    "mentions",
    "mentions_by_category",
    "name_key",
    "retype",
]
