"""Background jobs of the movies app: thin wrappers around services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from movies.services.embeddings import movie_embeddings_refresh


@shared_task(name="movies.refresh_movie_embeddings")
def refresh_movie_embeddings() -> dict:
    """Re-embed the whole catalog (the TF-IDF embedder fits on all of it)."""
    run = movie_embeddings_refresh()
    return {"embedded": run.embedded, "model": run.model, "skipped_reason": run.skipped_reason}
