"""Compute and store plot embeddings for every movie (pgvector)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from iwm.db.features import has_extension
from movies.embedders import Embedder, MovieText, get_embedder
from movies.models import Movie, MovieCredit, MovieEmbedding

logger = logging.getLogger(__name__)


@dataclass
class EmbeddingRun:
    embedded: int
    model: str | None
    skipped_reason: str | None = None


def _movie_texts(batch_size: int) -> Iterator[tuple[int, MovieText]]:
    """Every movie with its genres and principal people, read in id-ordered batches."""
    last_id = 0
    while True:
        movies = list(
            Movie.objects.filter(id__gt=last_id)
            .order_by("id")
            .only("id", "title", "tagline", "overview", "language", "year")
            .prefetch_related("genres")[:batch_size]
        )
        if not movies:
            return
        credits: dict[int, list[tuple[str, str]]] = {}
        for movie_id, role, name in (
            MovieCredit.objects.filter(movie_id__in=[m.id for m in movies], role__in=["director", "writer", "actor"])
            .order_by("movie_id", "role", "billing_order")
            .values_list("movie_id", "role", "person__name")
        ):
            credits.setdefault(movie_id, []).append((role, name))
        for movie in movies:
            people = credits.get(movie.id, [])
            yield movie.id, MovieText(
                overview=movie.overview,
                title=movie.title,
                tagline=movie.tagline,
                genres=[genre.name for genre in movie.genres.all()],
                directors=[name for role, name in people if role == "director"],
                writers=[name for role, name in people if role == "writer"],
                cast=[name for role, name in people if role == "actor"],
                language=movie.language,
                year=movie.year,
            )
        last_id = movies[-1].id


def embeddings_stale() -> bool:
    """True when pgvector is there and some movie lacks an embedding of the latest run."""
    if not has_extension("vector"):
        return False
    models = list(MovieEmbedding.objects.values_list("model", flat=True).distinct()[:2])
    return len(models) != 1 or MovieEmbedding.objects.count() != Movie.objects.count()


def movie_embeddings_refresh(
    *,
    embedder: Embedder | None = None,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> EmbeddingRun:
    """Embed every movie and replace the stored vectors in one transaction.

    Safe to run twice (the second run just replaces the vectors). Without pgvector it does
    nothing and says why; "similar movies" then uses its genre-and-credits fallback.
    """
    if not has_extension("vector"):
        return EmbeddingRun(0, None, "the pgvector extension is not enabled on this database")
    embedder = embedder or get_embedder(settings.EMBEDDER)
    # TF-IDF vectors from different fits live in different spaces: tag each run.
    model = f"{embedder.name}:{uuid.uuid4().hex[:8]}" if embedder.needs_whole_corpus else embedder.name

    ids: list[int] = []
    texts: list[MovieText] = []
    for movie_id, text in _movie_texts(batch_size):
        ids.append(movie_id)
        texts.append(text)
    if embedder.needs_whole_corpus:
        chunks = [(ids, embedder.embed(texts))]
    else:
        chunks = [
            (ids[start : start + batch_size], embedder.embed(texts[start : start + batch_size]))
            for start in range(0, len(ids), batch_size)
        ]

    now = timezone.now()
    with transaction.atomic():
        written = 0
        for chunk_ids, vectors in chunks:
            for start in range(0, len(chunk_ids), batch_size):
                rows = [
                    MovieEmbedding(movie_id=movie_id, embedding=vector, model=model, updated_at=now)
                    for movie_id, vector in zip(
                        chunk_ids[start : start + batch_size], vectors[start : start + batch_size], strict=True
                    )
                ]
                MovieEmbedding.objects.bulk_create(
                    rows, update_conflicts=True, unique_fields=["movie"], update_fields=["embedding", "model", "updated_at"]
                )
                written += len(rows)
                if progress:
                    progress(len(rows))
        MovieEmbedding.objects.exclude(model=model).delete()
    logger.info("embedded %d movies with %s", written, model)
    return EmbeddingRun(written, model)
