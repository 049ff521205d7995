"""Place names that news uses but a gazetteer lookup gets wrong or misses.

Keys are lookup keys (see places.lookup_key: case-folded, dots and a leading "the" removed).
Values: canonical name, ISO alpha-2 country (None for regions), latitude, longitude, kind.
"""

from typing import Final

from shared.contracts import PlaceKind

Alias = tuple[str, str | None, float, float, PlaceKind]

_US: Final = ("United States", "US", 38.89511, -77.03637, "country")
_UK: Final = ("United Kingdom", "GB", 51.50853, -0.12574, "country")
_PS: Final = ("Palestine", "PS", 31.9522, 35.2332, "country")
_EU: Final = ("European Union", None, 50.85045, 4.34878, "region")

ALIASES: Final[dict[str, Alias]] = {
    # Countries by their everyday names and abbreviations.
    "us": _US,
    "usa": _US,
    "america": _US,
    "united states": _US,
    "united states of america": _US,
    "uk": _UK,
    "britain": _UK,
    "great britain": _UK,
    "united kingdom": _UK,
    "england": ("England", "GB", 51.50853, -0.12574, "admin"),
    "scotland": ("Scotland", "GB", 55.95206, -3.19648, "admin"),
    "wales": ("Wales", "GB", 51.48, -3.18, "admin"),
    "northern ireland": ("Northern Ireland", "GB", 54.59682, -5.92541, "admin"),
    "palestine": _PS,
    "palestinian territories": _PS,
    "occupied palestinian territories": _PS,
    "gaza": ("Gaza", "PS", 31.50161, 34.46672, "region"),
    "gaza strip": ("Gaza", "PS", 31.50161, 34.46672, "region"),
    "gaza city": ("Gaza City", "PS", 31.50161, 34.46672, "city"),
    "west bank": ("West Bank", "PS", 31.9466, 35.3027, "region"),
    "east jerusalem": ("East Jerusalem", "PS", 31.78336, 35.23388, "city"),
    "russia": ("Russia", "RU", 55.75222, 37.61556, "country"),
    "south korea": ("South Korea", "KR", 37.566, 126.9784, "country"),
    "north korea": ("North Korea", "KP", 39.03385, 125.75432, "country"),
    "ivory coast": ("Ivory Coast", "CI", 6.82055, -5.27674, "country"),
    "czech republic": ("Czech Republic", "CZ", 50.08804, 14.42076, "country"),
    "holland": ("Netherlands", "NL", 52.37403, 4.88969, "country"),
    "burma": ("Myanmar", "MM", 19.745, 96.12972, "country"),
    "uae": ("United Arab Emirates", "AE", 24.45118, 54.39696, "country"),
    "drc": ("Democratic Republic of the Congo", "CD", -4.32758, 15.31357, "country"),
    # Cities whose most populous namesake is not the one the news means.
    "washington": ("Washington", "US", 38.89511, -77.03637, "city"),
    "washington dc": ("Washington", "US", 38.89511, -77.03637, "city"),
    "washington, dc": ("Washington", "US", 38.89511, -77.03637, "city"),
    "new york": ("New York", "US", 40.71427, -74.00597, "city"),
    "new york city": ("New York", "US", 40.71427, -74.00597, "city"),
    "nyc": ("New York", "US", 40.71427, -74.00597, "city"),
    "la": ("Los Angeles", "US", 34.05223, -118.24368, "city"),  # GeoNames' all-caps forms are not read: codes
    "kiev": ("Kyiv", "UA", 50.45466, 30.5238, "city"),
    # Sites that stand for an institution: keep the name, place it in its city.
    "white house": ("White House", "US", 38.89761, -77.03637, "site"),
    "kremlin": ("Kremlin", "RU", 55.75202, 37.61750, "site"),
    "downing street": ("Downing Street", "GB", 51.50344, -0.12770, "site"),
    "wall street": ("Wall Street", "US", 40.70606, -74.00889, "site"),
    "capitol hill": ("Capitol Hill", "US", 38.88999, -77.00906, "site"),
    "silicon valley": ("Silicon Valley", "US", 37.3875, -122.0575, "region"),
    "hollywood": ("Hollywood", "US", 34.09834, -118.32674, "city"),
    # Regions: no country, but a point to show them on a map.
    "middle east": ("Middle East", None, 29.0, 41.0, "region"),
    "mideast": ("Middle East", None, 29.0, 41.0, "region"),
    "gulf": ("Persian Gulf", None, 26.0, 52.0, "region"),
    "persian gulf": ("Persian Gulf", None, 26.0, 52.0, "region"),
    "eu": _EU,
    "european union": _EU,
    "balkans": ("Balkans", None, 43.0, 21.0, "region"),
    "caucasus": ("Caucasus", None, 42.0, 45.0, "region"),
    "scandinavia": ("Scandinavia", None, 62.0, 15.0, "region"),
    "latin america": ("Latin America", None, -8.78, -55.49, "region"),
    "sahel": ("Sahel", None, 15.0, 5.0, "region"),
    "red sea": ("Red Sea", None, 20.0, 38.5, "region"),
    "mediterranean": ("Mediterranean", None, 35.0, 18.0, "region"),
}

ORGANISATION_ALIASES: Final[dict[str, str]] = {
    # Lookup key (case-folded, dots removed) -> canonical name, for organisations news abbreviates.
    "un": "United Nations",
    "united nations": "United Nations",
    "nato": "Nato",
    "north atlantic treaty organization": "Nato",
    "imf": "International Monetary Fund",
    "international monetary fund": "International Monetary Fund",
    "wto": "World Trade Organization",
    "world trade organization": "World Trade Organization",
    "fbi": "FBI",
    "federal bureau of investigation": "FBI",
    "bbc": "BBC",
    "british broadcasting corporation": "BBC",
    "nhs": "NHS",
    "national health service": "NHS",
}
"""Search synonyms (shared/index/analysis.py) come from this table and ALIASES."""

COUNTRY_NAMES: Final[dict[str, str]] = {
    # GeoNames' short names, except where news usage differs.
    "PS": "Palestine",
    "GB": "United Kingdom",
    "US": "United States",
}
"""Display names that override GeoNames' country names."""

TITLES: Final = frozenset(
    """mr mrs ms miss dr sir dame president prime minister pm king queen prince princess pope sheikh
    general gen senator sen rep governor gov chancellor secretary cardinal archbishop bishop rev father
    ayatollah imam rabbi judge detective inspector sergeant colonel lieutenant admiral""".split()  # noqa: SIM905
)
"""Words before a name that are a title, not part of it ("President Putin" -> "Putin")."""

ROLE_WORDS: Final = frozenset(
    """minister secretary leader advisor adviser president chairman chairwoman spokesman spokeswoman spokesperson
    director ambassador envoy commissioner chief""".split()  # noqa: SIM905
)
"""Role words: an ORG right before (capitalised) or ending in one is a job title, not an organisation.
Phrases with a title or role word are not key phrases either."""

DESCRIPTORS: Final = frozenset(
    """welshman welshwoman scotsman scotswoman irishman irishwoman englishman englishwoman frenchman frenchwoman
    dutchman dutchwoman countryman countrywoman compatriot team-mate teammate""".split()  # noqa: SIM905
)
"""Words before a name that describe the person ("Welshman Jimmy Watkins" -> "Jimmy Watkins")."""

OCCUPATIONS: Final = frozenset(
    """briton scot american australian actor actress singer rapper comedian presenter director producer author
    writer novelist designer artist photographer sprinter hurdler runner athlete striker midfielder defender
    goalkeeper keeper winger captain skipper coach manager boss veteran champion dj""".split()  # noqa: SIM905
)
"""Words a sentence may start with before a person's full name ("Sprinter Michelle Collins", "Briton
Clive Owen"): dropped only when two words or more of the name remain, so "Coach Carter" stays."""

HONOURS: Final = frozenset("obe mbe cbe kbe dbe gbe qc kc mp mps mep meps msp msps".split())  # noqa: SIM905
"""Letters after a name, never a name themselves."""

COMMON_NOUNS: Final = frozenset(
    """cabinet chamber government executive council committee ministry department court police army navy
    schools school law bill education skills digital world century islands state city parliament commons
    house senate congress assembly party union budget""".split()  # noqa: SIM905
)
"""Common nouns written in title case ("the Cabinet", "the Chamber"): an organisation or place only as
part of a longer name ("Cabinet Office", "Chamber of Commerce")."""

TECH_TERMS: Final = frozenset(
    [
        *"""sms mms usb gprs gsm 3g 4g umts wap wi-fi wifi wimax voip ip dvd dvds vhs cd cds mp3 mp3s pc pcs hdtv
        dvb dvb-h dvb-t rfid lcd drm p2p html url urls dsl adsl pda pdas gps bluetooth hsdpa wcdma cdma uwb iptv
        pvr pvrs umd llu ddos wlan dab mpeg kbps mbps""".split(),  # noqa: SIM905
        "digital rights management",
        "asymmetric digital subscriber line",
        "local loop unbundling",
        "liquid crystal display",
    ]
)
"""Technologies, standards and formats the model tags as organisations ("SMS", "GPRS", "DVB-H", "Digital
Rights Management"): terms, not names. Spelt out beside its abbreviation ("High Speed Downlink Packet
Access (HSDPA)", "LCD (Liquid Crystal Display)"), a term is dropped too."""

PRODUCTS: Final = (
    "Xbox", "Xboxes", "Xbox 2", "Xbox Live", "PlayStation", "PlayStation 2", "PlayStation Portable", "PS2", "PS3",
    "PSP", "PSPs", "Nintendo DS", "Game Boy", "GameBoy", "Game Boy Advance", "GameBoy Advance", "GameCube",
    "N-Gage", "iPod", "iPods", "iPod Mini", "iPod Shuffle", "iTunes", "iMac", "Mac Mini", "Macintosh", "PowerMac",
    "Windows", "Windows XP", "XP", "Windows 2000", "Longhorn", "Windows Media Player", "Media Player",
    "Windows Messenger", "MSN Messenger", "Internet Explorer", "Firefox", "Outlook", "Microsoft Outlook",
    "BlackBerry", "Walkman", "Blu-ray", "Betamax", "Freeview", "Sky Plus", "Halo 2", "Grand Theft Auto", "GTA",
    "GTA San Andreas", "Doom 3", "Half-Life 2", "Spider-Man 2", "Pro Evolution Soccer",
)  # fmt: skip
"""Products, software and games the model takes for organisations, people or places ("Xbox", "Windows
XP", "Longhorn", "GTA San Andreas"): things, not names. Left out: names the news uses for the firm as
often as for its product ("Skype", "Napster", "TiVo")."""

EVENT_WORDS: Final = frozenset(
    """championships championship games olympic olympics olympiad prix cup open indoors marathon marathons run festival
    award awards prize trophy tournament rally show expo conference summit election elections""".split()  # noqa: SIM905
)
"""Last words of event names ("European Indoor Championships", "Berlin Film Festival", "Consumer
Electronics Show"): events, not organisations or places."""

WORK_WORDS: Final = frozenset(
    """film films movie movies comedy drama thriller documentary musical opera novel novels book books album
    albums song songs series sitcom soap cartoon programme programmes game games exhibition painting
    blockbuster sequel remake adaptation debut entitled titled""".split()  # noqa: SIM905
)
"""Words right before the title of a work ("the comedy Sideways", "the drama Vera Drake", "games such
as Populous"), or its first word as the model tagged it ("Comedy Meet The Fockers"): the name is a
work in that article, not a person, organisation or place. Not words that are verbs as often ("play
Rui Costa", "figures show Tesco", "the storm hit Florida") nor "called" ("a firm called Swarm")."""

THING_AFTER_WORDS: Final = frozenset(
    "programme series feature browser software machines player console operating".split()  # noqa: SIM905
)
"""Words right after a name that make it a programme or product ("the Focus on Africa programme", "the
Windows operating system"): one vote against the model's tag, so a name
the model tags as an organisation more often than that stays one ("a BBC programme")."""

AWARDS: Final = (
    "Oscars", "Oscar", "Academy Awards", "Baftas", "Golden Globes", "Golden Globe", "Grammys", "Grammy",
    "Emmys", "Emmy", "Brit Awards", "Brits", "Golden Bear", "Palme d'Or",
)  # fmt: skip
"""Awards, whose ceremonies are events: not the organisations or places the model takes them for."""

COMPETITIONS: Final = ("Six Nations", "Tri Nations", "Tri-Nations")
"""Competitions named without a word that says so ("the Six Nations"): events, not organisations."""

TRADE_SHOWS: Final = ("CES", "CeBit", "CeBIT", "Cebit", "E3", "3GSM", "GDC", "Comdex")
"""Trade shows known by their abbreviation ("CES", "E3"): events, not organisations."""

RELIGIONS: Final = ("Islam", "Christianity", "Judaism", "Hinduism", "Buddhism", "Sikhism")
"""Religions: groups, not organisations."""

QUALIFICATIONS: Final = frozenset("gcse gcses a-level a-levels btec btecs".split())  # noqa: SIM905
"""Exams and qualifications the model tags as organisations: never names."""

MEDAL_WORDS: Final = frozenset("gold silver bronze medal medals medallist champion champions title".split())  # noqa: SIM905
"""Words after a name that make it a competition ("a Commonwealth silver medal"): an event."""

ORGANISATION_WORDS: Final = frozenset(
    """firm company group agency bank union carrier airline manufacturer network club band label studio
    insurer chain giant supermarket outfit""".split()  # noqa: SIM905
)
"""Words right before a name that make it an organisation ("car firm Carfax", "analyst Gartner",
"the Chilean group Makisa", "his club AS Roma"), whatever the model tagged. PERSON_WORDS describe
people too, so they do so only before a one-word name ("analyst Gartner", but "games maker Peter
Molyneux")."""

PERSON_WORDS: Final = frozenset(
    "analyst analysts maker developer rival tracker retailer broadcaster publisher operator brewer consultancy".split()  # noqa: SIM905
)

DOCUMENT_WORDS: Final = frozenset("bill act directive convention treaty paper programme report charter".split())  # noqa: SIM905
"""Last words of laws and documents ("Serious Organised Crime and Police Bill"): not organisations."""

ORGANISATIONS: Final = (
    "Labour", "Labour Party", "Conservatives", "Conservative Party", "Tories", "Tory", "Liberal Democrats",
    "Liberal Democrat", "Lib Dems", "Lib Dem", "Scottish National Party", "SNP", "Plaid Cymru", "UKIP",
    "Green Party", "Sinn Fein", "DUP", "Democrats", "Republicans", "Democratic Party", "Republican Party",
    "Likud", "Hamas", "Hezbollah", "Nato", "NATO", "Fifa", "Uefa", "IAAF", "Kremlin", "Bafta",
    "Scottish Executive", "Welsh Assembly", "Northern Ireland Assembly", "Holyrood",
    "Franz Ferdinand", "Snow Patrol", "Scissor Sisters", "Duran Duran", "Iron Maiden", "Girls Aloud",
)  # fmt: skip
"""Names the small model often types as a group (NORP) or person, bands the models take for people
("Franz Ferdinand", in 17 of the 19 BBC articles naming it), and "Holyrood", which in the news is the
Scottish Parliament, not the district: always organisations."""
