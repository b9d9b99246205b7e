"""The operator commands of the movies app."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from iwm.db.features import has_extension
from movies.models import Movie, MovieEmbedding, Showtime
from movies.selectors.similar import similar_movies
from movies.tests.factories import GenreFactory, MovieFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_demo_if_empty_only_tops_up_showtimes():
    Showtime.objects.filter(starts_at__gte=timezone.now()).delete()
    movies_before = Movie.objects.count()
    output = run("load_demo", "--if-empty")
    assert "already loaded" in output
    assert Movie.objects.count() == movies_before
    assert Showtime.objects.filter(starts_at__gte=timezone.now()).exists()


def test_embed_movies_embeds_every_movie_or_says_why_not():
    MovieFactory(genres=[GenreFactory(slug="drama")])
    output = run("embed_movies", "--no-progress")
    if has_extension("vector"):
        assert f"Embedded {Movie.objects.count()} movies" in output
        assert MovieEmbedding.objects.count() == Movie.objects.count()
        assert "nothing to do" in run("embed_movies", "--no-progress", "--if-stale")
    else:
        assert "pgvector" in output and "shared genres and credits" in output


def test_a_movie_not_embedded_yet_gets_the_fallback():
    drama = GenreFactory(slug="drama")
    newcomer = MovieFactory(genres=[drama])
    method, movies = similar_movies(newcomer, limit=5)
    assert method == "shared-genres-and-credits"
    assert movies and newcomer not in movies
    assert all("drama" in [g.slug for g in movie.genres.all()] for movie in movies)
