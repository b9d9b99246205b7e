"""Plot embeddings (pgvector), where the server has it.

Django's state always knows MovieEmbedding; the table and its HNSW index exist only when the
`vector` extension is enabled (iwm.0001). Elsewhere "similar movies" uses its fallback.
"""

import django.db.models.deletion
import pgvector.django.indexes
import pgvector.django.vector
from django.db import migrations, models

from iwm.db.operations import RunSQLIfExtension

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS movie_embeddings (
    movie_id bigint PRIMARY KEY REFERENCES movies (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    embedding vector(384) NOT NULL,
    model varchar(100) NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS movie_embeddings_hnsw_cosine
    ON movie_embeddings USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
"""

DROP_TABLE = "DROP TABLE IF EXISTS movie_embeddings;"


class Migration(migrations.Migration):
    dependencies = [("movies", "0001_catalog")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MovieEmbedding",
                    fields=[
                        (
                            "movie",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="embedding",
                                serialize=False,
                                to="movies.movie",
                            ),
                        ),
                        ("embedding", pgvector.django.vector.VectorField(dimensions=384)),
                        (
                            "model",
                            models.CharField(help_text="Which embedder (and fit) produced this vector.", max_length=100),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "movie_embeddings",
                        "indexes": [
                            pgvector.django.indexes.HnswIndex(
                                ef_construction=64,
                                fields=["embedding"],
                                m=16,
                                name="movie_embeddings_hnsw_cosine",
                                opclasses=["vector_cosine_ops"],
                            )
                        ],
                    },
                ),
            ],
            database_operations=[RunSQLIfExtension("vector", CREATE_TABLE, DROP_TABLE)],
        ),
    ]
