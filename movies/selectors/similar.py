"""Movies like a given one.

With pgvector: the nearest plot embeddings by cosine distance (HNSW index), excluding the
movie itself. Without it, or for a movie not embedded yet: the movies sharing the most genres
and people with it (weighted: a shared director counts most).
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from pgvector.django import CosineDistance

from iwm.db.features import has_extension
from movies.models import Movie, MovieCredit, MovieEmbedding, MovieGenre
from movies.selectors.catalog import genres_prefetch

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# Weight of each shared thing in the fallback score.
SHARED_WEIGHTS = {"genre": 3, "director": 4, "writer": 2, "actor": 1}


def similarity_method() -> str:
    return "embedding" if has_extension("vector") else "shared-genres-and-credits"


def similar_movies(movie: Movie, limit: int = DEFAULT_LIMIT) -> tuple[str, list[Movie]]:
    """(method used, movies best first). Never contains `movie` itself."""
    if has_extension("vector"):
        target = MovieEmbedding.objects.filter(movie_id=movie.pk).values_list("embedding", "model").first()
        if target is not None:
            return "embedding", _nearest_by_embedding(movie.pk, target[0], target[1], limit)
    return "shared-genres-and-credits", list(_sharing_genres_and_credits(movie.pk)[:limit])


def _nearest_by_embedding(movie_id: int, vector, model: str, limit: int) -> list[Movie]:
    neighbours = list(
        MovieEmbedding.objects.filter(model=model)
        .exclude(movie_id=movie_id)
        .annotate(distance=CosineDistance("embedding", vector))
        .order_by("distance")
        .values_list("movie_id", "distance")[:limit]
    )
    distance_by_id = dict(neighbours)
    movies = Movie.objects.filter(pk__in=distance_by_id).prefetch_related(genres_prefetch())
    ranked = sorted(movies, key=lambda m: distance_by_id[m.pk])
    for candidate in ranked:
        candidate.similarity = round(1.0 - float(distance_by_id[candidate.pk]), 4)
    return ranked


def _count_subquery(queryset) -> Coalesce:
    counted = queryset.order_by().values("movie_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _sharing_genres_and_credits(movie_id: int) -> QuerySet[Movie]:
    genre_ids = MovieGenre.objects.filter(movie_id=movie_id).values("genre_id")
    score = _count_subquery(MovieGenre.objects.filter(movie_id=OuterRef("pk"), genre_id__in=genre_ids)) * Value(
        SHARED_WEIGHTS["genre"]
    )
    people_by_role = Q()
    for role, weight in SHARED_WEIGHTS.items():
        if role == "genre":
            continue
        people = MovieCredit.objects.filter(movie_id=movie_id, role=role).values("person_id")
        score = score + _count_subquery(
            MovieCredit.objects.filter(movie_id=OuterRef("pk"), role=role, person_id__in=people)
        ) * Value(weight)
        people_by_role |= Q(pk__in=MovieCredit.objects.filter(role=role, person_id__in=people).values("movie_id"))
    candidates = Q(pk__in=MovieGenre.objects.filter(genre_id__in=genre_ids).values("movie_id")) | people_by_role
    return (
        Movie.objects.filter(candidates)
        .exclude(pk=movie_id)
        .annotate(shared_score=score)
        .order_by("-shared_score", F("imdb_rating").desc(nulls_last=True), "id")
        .prefetch_related(genres_prefetch())
    )
