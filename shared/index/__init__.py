"""The article index: the template (`template`), the document (`documents`), writing it
(`writer`), near-duplicate stories (`stories`) and the search queries (`queries`)."""
