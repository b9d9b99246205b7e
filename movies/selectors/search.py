"""Search and autocomplete over movies and people.

Typo-tolerant through trigrams (pg_trgm: "Intersteller" finds Interstellar), word-aware
through the weighted full-text vector on movies (title and original title A, tagline B,
overview C), and accent-insensitive (both sides go through iwm_unaccent). A film is found by
its title or its original title ("Ladri di biciclette", "기생충"). Every condition is one the GIN
indexes `movies_title_trgm`, `movies_original_title_trgm`, `people_name_trgm` and
`movies_search_vector` serve.

Scripts written without spaces between words (Chinese, Japanese, Thai...) make a whole title
one "word", so a query for part of it ("千尋" in "千と千尋の神隠し") shares few trigrams with it:
such queries also match as a substring (ILIKE '%q%', trigram-index-served from 3 characters;
two such characters have no trigram to look up, and scan the titles: ~10k rows, a few ms).
A query shorter than a trigram (2 characters) also matches titles and names that start with
it (ILIKE 'q%', which the trigram index serves); a whole 2-letter word ("Up") already matches
through the padded trigrams.

Ranking, one scale for both kinds of hit, strongest evidence first:
    movie:  fuzzy(q, title or original title) + 0.3 * similarity + full text + substring
    person: fuzzy(q, name) + 0.1 * similarity + 0.1 * prominence + substring
* fuzzy = word_similarity cubed: 1 for the exact word(s), falling fast for near misses, so a
  typo still finds its title ("godfater", 0.78 -> 0.47) but a name that merely shares letters
  with the query ("shark" in "Omar Sharif", 0.67 -> 0.30) does not outrank a real match;
* full text = 0.5 when every word of the query is in the movie's vector, plus 0.5 * its
  cover-density rank: "dream heist" is Inception's plot (0.58), while "Hoop Dreams" only shares
  letters with it (0.17); "shark" finds Jaws (0.64) above the people named Shar... (<= 0.45);
* similarity prefers the closer whole string ("The Godfather" over "The Godfather Part II");
* prominence (a person's number of credits, log scale saturating at 30) breaks near-ties:
  "nolan" gives Christopher before Jonathan;
* substring (the fallback above) = 0.6.
"""

from __future__ import annotations

import math
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity, TrigramWordSimilarity
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Ln, Power

from iwm.db.lookups import like_pattern
from movies.models import Movie, MovieCredit, Person
from movies.models.catalog import SEARCH_CONFIG, unaccented

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
AUTOCOMPLETE_LIMIT = 10
SUBSTRING_SCORE = 0.6
# Hiragana, katakana, CJK ideographs, Hangul, Thai, Lao, Khmer, Myanmar: no spaces between words.
NO_WORD_BREAK_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def _unaccent_value(text: str) -> Func:
    return Func(Value(text), function="iwm_unaccent", output_field=TextField())


def _text_match(field_alias: str, query: str, *, whole: bool = True) -> Q:
    """word_similarity (q <% name) or, with `whole`, similarity (name % q): served by the
    trigram index."""
    needle = _unaccent_value(query)
    condition = Q(**{f"{field_alias}__trigram_word_similar": needle})
    return condition | Q(**{f"{field_alias}__trigram_similar": needle}) if whole else condition


def _fuzzy_score(field_alias: str, query: str, *, whole_weight: float):
    needle = _unaccent_value(query)
    return Power(TrigramWordSimilarity(needle, field_alias), 3) + whole_weight * TrigramSimilarity(field_alias, needle)


def _is_short(text: str) -> bool:
    return len(text) < 3


def substring_pattern(query: str) -> str | None:
    """The ILIKE pattern of the fallback match, or None when trigrams suffice (see above)."""
    text = query.strip()
    if NO_WORD_BREAK_SCRIPTS.search(text):
        return like_pattern(text)
    if _is_short(text):
        return like_pattern(text, prefix=True)
    return None


def _short_unbroken(text: str) -> bool:
    return _is_short(text) and bool(NO_WORD_BREAK_SCRIPTS.search(text))


def _substring(fields: list[str], query: str, *, scan_if_short: bool = True) -> Q | None:
    """The fallback condition on `fields` (model fields), or None.

    From 3 characters it is ILIKE on iwm_unaccent(field) (aliases `<field>_u`), which the
    trigram index serves. Two characters of a script without word breaks give no trigram to
    look up, so no index helps: with `scan_if_short` that case tests the raw columns, the
    cheapest scan there is (such scripts have neither case nor accents), and leaves out the
    trigram conditions (see _text_conditions); without it, there is no fallback (names: a
    two-character query still finds the names it starts, through the padded trigrams)."""
    pattern = substring_pattern(query)
    text = query.strip()
    short_unbroken = _short_unbroken(text)
    if pattern is None or (short_unbroken and not scan_if_short):
        return None
    condition = Q()
    for field in fields:
        if short_unbroken and text.lower() == text.upper():
            condition |= Q(**{f"{field}__contains": text})  # LIKE: ten times cheaper than ILIKE on UTF-8
        elif short_unbroken:
            condition |= Q(**{f"{field}__ilike": pattern})
        else:
            condition |= Q(**{f"{field}_u__ilike": _unaccent_value(pattern)})
    return condition


def _text_conditions(
    fields: list[str], query: str, *, scan_if_short: bool = True, whole: bool = True
) -> tuple[Q, Q | None]:
    """(what matches, the substring part of it) for the text `fields` of a model."""
    substring = _substring(fields, query, scan_if_short=scan_if_short)
    if substring is not None and _short_unbroken(query.strip()):
        return substring, substring  # trigrams of two such characters match nothing the substring misses
    condition = Q()
    for number, field in enumerate(fields):
        # Whole-string similarity (a typo in a short title) on the first field only: every
        # extra index condition raises the planner's estimate of the bitmap path, and on a
        # small catalog tips it into a sequential scan that costs ten times more.
        condition |= _text_match(f"{field}_u", query, whole=whole and number == 0)
    return (condition | substring if substring is not None else condition), substring


def _substring_score(condition: Q | None):
    if condition is None:
        return Value(0.0)
    return Case(When(condition, then=Value(SUBSTRING_SCORE)), default=Value(0.0), output_field=FloatField())


def _fulltext(query: str) -> SearchQuery:
    return SearchQuery(_unaccent_value(query), search_type="websearch", config=SEARCH_CONFIG)


MOVIE_TEXT = ["title", "original_title"]


def matching_movies(query: str) -> QuerySet[Movie]:
    """Movies matching `query` by title, original title, words or (fallback) substring, with
    the aliases title_u / original_title_u; no ordering. The admin's search box uses it too."""
    condition, substring = _text_conditions(MOVIE_TEXT, query)
    if condition is not substring:  # two unbroken characters: the scan alone (no word to look up either)
        condition |= Q(search_vector=_fulltext(query))
    return (
        Movie.objects.alias(title_u=unaccented("title"), original_title_u=unaccented("original_title"))
        .filter(condition)
        .order_by()
    )


def matching_people(query: str) -> QuerySet[Person]:
    """People whose name matches `query` (word similarity, or the substring fallback); no
    ordering. Not whole-name similarity: a name is two or three words, so word similarity
    already forgives a typo in one, and at 50,000 people `name % 'shark'` makes the index hand
    over ~2,000 names that share two trigrams with it ("Sofia Park") to recheck one by one."""
    condition, _ = _text_conditions(["name"], query, scan_if_short=False, whole=False)
    return Person.objects.alias(name_u=unaccented("name")).filter(condition).order_by()


def movie_hits(query: str) -> QuerySet:
    fulltext = _fulltext(query)
    fulltext_score = Case(
        When(
            Q(search_vector=fulltext),
            then=Value(0.5) + 0.5 * SearchRank(F("search_vector"), fulltext, cover_density=True, normalization=32),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return matching_movies(query).annotate(
        score=Greatest(
            _fuzzy_score("title_u", query, whole_weight=0.3), _fuzzy_score("original_title_u", query, whole_weight=0.3)
        )
        + fulltext_score
        + _substring_score(_substring(MOVIE_TEXT, query)),
        popularity=Coalesce(F("imdb_rating"), Value(0), output_field=FloatField()),
        kind=Value("movie", output_field=TextField()),
        label=F("title"),
        detail=F("year"),
    ).values("kind", "id", "label", "detail", "score", "popularity")


def person_hits(query: str) -> QuerySet:
    credit_count = (
        MovieCredit.objects.filter(person=OuterRef("pk")).order_by().values("person").annotate(n=Count("*")).values("n")
    )
    credits = Coalesce(Subquery(credit_count, output_field=FloatField()), Value(0.0))
    prominence = Least(Value(1.0), Ln(Value(1.0) + F("popularity")) / Value(math.log(30)))
    return (
        matching_people(query)
        .annotate(popularity=credits)
        .annotate(
            score=_fuzzy_score("name_u", query, whole_weight=0.1)
            + 0.1 * prominence
            + _substring_score(_substring(["name"], query, scan_if_short=False)),
            kind=Value("person", output_field=TextField()),
            label=F("name"),
            detail=Value(None, output_field=IntegerField()),
        )
        .values("kind", "id", "label", "detail", "score", "popularity")
    )


def search(query: str) -> QuerySet:
    """Movies and people matching `query`, best first, as one union (paginate it like any
    queryset). Rows: kind ('movie' | 'person'), id, label, detail (a movie's year), score."""
    return movie_hits(query).union(person_hits(query), all=True).order_by("-score", "-popularity", "kind", "id")


def _autocomplete(queryset: QuerySet, fields: list[str], prefix: str, *, tie_breaks: list, output: list[str], limit: int):
    """Rows whose text (any of `fields`) starts with `prefix` first, then those containing it
    or close to it: word similarity (threshold 0.6), or strict word similarity (0.5), which
    forgives a typo in a word ("spirted" -> Spirited Away, 0.55) and, unlike whole-string
    similarity, does not make the index return every name sharing two trigrams with it."""
    needle = _unaccent_value(prefix)

    def unaccented_pattern(pattern: str) -> Func:
        return Func(Value(pattern), function="iwm_unaccent", output_field=TextField())

    aliases = {f"{field}_u": unaccented(field) for field in fields}
    contains, starts, closeness = Q(), Q(), []
    for alias in aliases:
        contains |= (
            Q(**{f"{alias}__ilike": unaccented_pattern(like_pattern(prefix))})
            | Q(**{f"{alias}__trigram_word_similar": needle})
            | Q(**{f"{alias}__trigram_strict_word_similar": needle})
        )
        starts |= Q(**{f"{alias}__ilike": unaccented_pattern(like_pattern(prefix, prefix=True))})
        closeness += [TrigramWordSimilarity(needle, alias), TrigramSimilarity(alias, needle)]
    return list(
        queryset.alias(**aliases)
        .filter(contains)
        .annotate(
            starts=Case(When(starts, then=Value(1)), default=Value(0)),
            closeness=Greatest(*closeness),
        )
        .order_by("-starts", "-closeness", *tie_breaks, "id")
        .values(*output)[:limit]
    )


def movie_autocomplete(prefix: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict]:
    return _autocomplete(
        Movie.objects.all(),
        ["title", "original_title"],
        prefix,
        tie_breaks=[F("imdb_rating").desc(nulls_last=True)],
        output=["id", "title", "year"],
        limit=limit,
    )


def person_autocomplete(prefix: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict]:
    return _autocomplete(
        Person.objects.all(), ["name"], prefix, tie_breaks=["name_sort"], output=["id", "name", "known_for"], limit=limit
    )
