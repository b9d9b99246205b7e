"""Movies like a given one.

With pgvector: the nearest plot embeddings by cosine distance (HNSW index), excluding the
movie itself. Without it, or for a movie not embedded yet: the movies sharing the most genres
and people with it (weighted: a shared director counts most).
"""

from __future__ import annotations

from pgvector.django import CosineDistance

from iwm.db.features import has_extension
from iwm.db.router import connection_for_read
from movies.models import Movie, MovieEmbedding
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
    return "shared-genres-and-credits", _sharing_genres_and_credits(movie.pk, limit)


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


def _sharing_genres_and_credits(movie_id: int, limit: int) -> list[Movie]:
    """Score every movie by what it shares with `movie_id`, in one aggregate over the two
    link tables (each probe an index scan on genre or person), then fetch the winners."""
    role_weight = " ".join(f"WHEN '{role}' THEN {weight}" for role, weight in SHARED_WEIGHTS.items() if role != "genre")
    roles = [role for role in SHARED_WEIGHTS if role != "genre"]
    sql = f"""
        WITH target_genres AS (SELECT genre_id FROM movie_genres WHERE movie_id = %(movie)s),
             target_people AS (SELECT person_id, role FROM movie_credits
                               WHERE movie_id = %(movie)s AND role = ANY(%(roles)s)),
             shared AS (
                 SELECT mg.movie_id, {SHARED_WEIGHTS["genre"]} AS weight
                 FROM movie_genres mg JOIN target_genres USING (genre_id)
                 UNION ALL
                 SELECT mc.movie_id, CASE mc.role {role_weight} ELSE 0 END
                 FROM movie_credits mc JOIN target_people tp ON tp.person_id = mc.person_id AND tp.role = mc.role
             )
        SELECT shared.movie_id, sum(shared.weight) AS score
        FROM shared JOIN movies ON movies.id = shared.movie_id
        WHERE shared.movie_id <> %(movie)s
        GROUP BY shared.movie_id, movies.imdb_rating
        ORDER BY score DESC, movies.imdb_rating DESC NULLS LAST, shared.movie_id
        LIMIT %(limit)s
    """
    with connection_for_read(Movie).cursor() as cursor:  # a replica's, in a web request that may use one
        cursor.execute(sql, {"movie": movie_id, "roles": roles, "limit": limit})
        scores = dict(cursor.fetchall())
    movies = Movie.objects.filter(pk__in=scores).prefetch_related(genres_prefetch())
    ranked = sorted(movies, key=lambda m: list(scores).index(m.pk))
    for movie in ranked:
        movie.shared_score = int(scores[movie.pk])
    return ranked
