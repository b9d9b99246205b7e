"""A film's and a person's awards: nominations grouped by ceremony and year, festival prizes,
and the counts the movie and person pages show.

A film's nominations are those that point at it (`movie`), whoever was nominated: Oppenheimer's
Best Actor nomination counts for Oppenheimer. A person's are those that name them as the nominee
(`person`) or credit them (`credited_people`: a Best Picture's producers, a song's writers).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from awards.models import FestivalWinner, Nomination, NominationPerson, ProgramEntry
from movies.models import Movie, Person

NOMINATION_FIELDS = (
    "id", "external_id", "nominee_type", "nominee_name", "film_title", "details", "is_winner",
    "movie__id", "movie__title", "movie__year", "person__id", "person__name", "person__image_url",
    "category__id", "category__name", "category__order_index",
    "category__ceremony_year__id", "category__ceremony_year__year", "category__ceremony_year__label",
    "category__ceremony_year__ceremony__id", "category__ceremony_year__ceremony__name",
    "category__ceremony_year__ceremony__short_name",
)  # fmt: skip
FESTIVAL_WIN_FIELDS = (
    "id", "title", "recipient_name", "details", "movie__id", "movie__title", "movie__year",
    "person__id", "person__name", "person__image_url", "category__id", "category__name",
    "category__edition__id", "category__edition__year", "category__edition__edition_label",
    "category__edition__festival__id", "category__edition__festival__name",
)  # fmt: skip


def _nominations():
    # No ORDER BY: the rows are grouped and ordered in Python (the model's default order would
    # join the categories for nothing).
    return (
        Nomination.objects.select_related("movie", "person", "category__ceremony_year__ceremony")
        .only(*NOMINATION_FIELDS)
        .order_by()
    )


def _festival_wins():
    return (
        FestivalWinner.objects.select_related("movie", "person", "category__edition__festival")
        .only(*FESTIVAL_WIN_FIELDS)
        .order_by()
    )


def group_by_ceremony(nominations) -> list[dict]:
    """[{ceremony, wins, nominations, years: [{year, label, nominations: [...]}]}]: ceremonies by
    name, years newest first, nominations in the ceremony's category order."""
    ceremonies: dict[int, dict] = {}
    for nomination in nominations:
        year = nomination.category.ceremony_year
        ceremony = year.ceremony
        group = ceremonies.setdefault(
            ceremony.id, {"ceremony": ceremony, "wins": 0, "nominations": 0, "years": {}}
        )
        group["nominations"] += 1
        group["wins"] += nomination.is_winner
        group["years"].setdefault(year.id, {"id": year.id, "year": year.year, "label": year.label, "nominations": []})
        group["years"][year.id]["nominations"].append(nomination)
    result = sorted(ceremonies.values(), key=lambda group: (group["ceremony"].name, group["ceremony"].id))
    for group in result:
        years = sorted(group["years"].values(), key=lambda year: -year["year"])
        for year in years:
            year["nominations"].sort(key=lambda n: (n.category.order_index, n.category.id, n.id))
        group["years"] = years
    return result


def _order_wins(wins) -> list[FestivalWinner]:
    return sorted(
        wins,
        key=lambda w: (-w.category.edition.year, w.category.edition.festival.name, w.category.id, w.id),
    )


def movie_awards(movie_id: int) -> dict:
    """A film's nominations and wins by ceremony and year, its festival prizes and festival
    selections: 4 queries. 404 when the film does not exist."""
    movie = get_object_or_404(Movie.objects.only("id", "title", "year"), pk=movie_id)
    nominations = list(_nominations().filter(movie_id=movie.id))
    wins = _order_wins(_festival_wins().filter(movie_id=movie.id))
    selections = list(
        ProgramEntry.objects.filter(movie_id=movie.id)
        .select_related("section__edition__festival")
        .only(
            "id", "premiere_type", "section__id", "section__name", "section__edition__id", "section__edition__year",
            "section__edition__edition_label", "section__edition__festival__id", "section__edition__festival__name",
        )  # fmt: skip
        .order_by("-section__edition__year", "section__edition__festival__name", "id")
    )
    return {
        "movie": movie,
        "wins": sum(n.is_winner for n in nominations),
        "nominations": len(nominations),
        "ceremonies": group_by_ceremony(nominations),
        "festival_wins": wins,
        "festival_selections": selections,
    }


def _person_nominations(person_ids) -> QuerySet:
    """(person id, nomination id, is_winner) rows: as nominee or credited, each pair once (UNION)."""
    named = Nomination.objects.filter(person_id__in=person_ids).values_list("person_id", "id", "is_winner").order_by()
    credited = (
        NominationPerson.objects.filter(person_id__in=person_ids)
        .values_list("person_id", "nomination_id", "nomination__is_winner")
        .order_by()
    )
    return named.union(credited)


def person_awards(person_id: int) -> dict:
    """A person's nominations and wins (as nominee or credited) by ceremony and year, and their
    festival prizes: 4 queries. 404 when the person does not exist."""
    person = get_object_or_404(Person.objects.only("id", "name", "image_url"), pk=person_id)
    ids = [nomination_id for _, nomination_id, _ in _person_nominations([person.id])]
    nominations = list(_nominations().filter(pk__in=ids)) if ids else []
    wins = _order_wins(_festival_wins().filter(person_id=person.id))
    return {
        "person": person,
        "wins": sum(n.is_winner for n in nominations),
        "nominations": len(nominations),
        "ceremonies": group_by_ceremony(nominations),
        "festival_wins": wins,
    }


def _counts(rows) -> dict[int, dict[str, int]]:
    return {key: {"wins": wins, "nominations": total, "festival_wins": 0} for key, total, wins in rows}


def award_counts_for_movies(movie_ids) -> dict[int, dict[str, int]]:
    """{movie id: {"wins", "nominations", "festival_wins"}} for the given films: `nominations`
    counts every ceremony nomination of the film (won or not), `wins` those it won,
    `festival_wins` its festival prizes. Films without any get zeros. 2 queries, index-backed."""
    ids = list(movie_ids)
    counts = {movie_id: {"wins": 0, "nominations": 0, "festival_wins": 0} for movie_id in ids}
    if not ids:
        return counts
    rows = (
        Nomination.objects.filter(movie_id__in=ids)
        .values("movie_id")
        .annotate(total=Count("id"), won=Count("id", filter=Q(is_winner=True)))
        .values_list("movie_id", "total", "won")
        .order_by()
    )
    counts.update(_counts(rows))
    festival = (
        FestivalWinner.objects.filter(movie_id__in=ids)
        .values("movie_id")
        .annotate(total=Count("id"))
        .values_list("movie_id", "total")
        .order_by()
    )
    for movie_id, total in festival:
        counts[movie_id]["festival_wins"] = total
    return counts


def award_counts_for_people(person_ids) -> dict[int, dict[str, int]]:
    """{person id: {"wins", "nominations", "festival_wins"}}, counting nominations where the
    person is the nominee or credited (each nomination once). 2 queries, index-backed."""
    ids = list(person_ids)
    counts = {person_id: {"wins": 0, "nominations": 0, "festival_wins": 0} for person_id in ids}
    if not ids:
        return counts
    for person_id, _, is_winner in _person_nominations(ids):
        counts[person_id]["nominations"] += 1
        counts[person_id]["wins"] += is_winner
    festival = (
        FestivalWinner.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(total=Count("id"))
        .values_list("person_id", "total")
        .order_by()
    )
    for person_id, total in festival:
        counts[person_id]["festival_wins"] = total
    return counts
