"""Plot embeddings for "similar movies" (pgvector).

One row per movie in its own table rather than a column on `movies`: the `vector` type
exists only where the server has pgvector, and the catalog must work (with a fallback for
similarity) where it does not. The migration creates this table only when the extension is
enabled; code asks `iwm.db.features.has_extension("vector")` before touching it.
"""

from __future__ import annotations

from django.db import models
from pgvector.django import HnswIndex, VectorField

# Wide enough for the packaged MiniLM sentence model (384); the TF-IDF + SVD embedder pads
# its shorter vectors with zeros, which leaves cosine distances unchanged.
EMBEDDING_DIMENSIONS = 384


class MovieEmbedding(models.Model):
    movie = models.OneToOneField(
        "movies.Movie", on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS)
    model = models.CharField(max_length=100, help_text="Which embedder (and fit) produced this vector.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "movie_embeddings"
        indexes = [
            HnswIndex(
                name="movie_embeddings_hnsw_cosine",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"embedding of movie {self.movie_id} ({self.model})"
