"""The catalog: movies, genres, people, credits and scenes."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Lower

from iwm.db.constraints import choices_check, jsonb_array_check, non_negative, range_check, unique_external_id
from movies.choices import ContentRating, CreditRole, Department, MovieStatus, SceneType

SEARCH_CONFIG = "english"


# IMDb's own ids: titles are tt + 7 or 8 digits, names nm + 7 or 8 digits.
IMDB_TITLE_ID = r"^tt[0-9]{7,8}$"
IMDB_NAME_ID = r"^nm[0-9]{7,8}$"
# Leading English articles that title ordering skips ("The Godfather" sorts under G).
TITLE_SORT_ARTICLES = r"^(the|a|an)\s+"


def unaccented(field: str) -> Func:
    """iwm_unaccent(field): the IMMUTABLE wrapper of unaccent() created by iwm.0002, usable in
    indexes. Queries must use this same expression for the planner to pick the index."""
    return Func(F(field), function="iwm_unaccent", output_field=models.TextField())


def sort_key(field: str, *, skip_articles: bool = False) -> Func:
    """A case- and accent-insensitive sort key: lower(iwm_unaccent(field)), optionally without a
    leading article. The embedded PostgreSQL has no ICU collation, and the database's C.UTF-8
    collation orders by code point ("Céline" after "Cz..."); a stored key fixes that."""
    key = Lower(unaccented(field))
    if skip_articles:
        key = Func(
            key, models.Value(TITLE_SORT_ARTICLES), models.Value(""), function="regexp_replace",
            output_field=models.TextField(),
        )
    return key


def imdb_id_rules(table: str, pattern: str) -> list:
    """The format CHECK and the uniqueness (where given) of an `imdb_id` column."""
    return [
        models.CheckConstraint(condition=Q(imdb_id="") | Q(imdb_id__regex=pattern), name=f"{table}_imdb_id_format"),
        models.UniqueConstraint(fields=["imdb_id"], condition=~Q(imdb_id=""), name=f"{table}_imdb_id_key"),
    ]


class Genre(models.Model):
    slug = models.SlugField(max_length=50)
    name = models.CharField(max_length=80)

    class Meta:
        db_table = "genres"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="genres_slug_key"),
            models.UniqueConstraint(Lower("name"), name="genres_name_ci_key"),
        ]

    def __str__(self) -> str:
        return self.name


class Movie(models.Model):
    external_id = models.CharField(max_length=100, help_text="Stable import id, e.g. tmdb-27205.")
    imdb_id = models.CharField(
        max_length=10, blank=True, default="", db_default="", help_text="IMDb title id, e.g. tt1375666."
    )
    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    tagline = models.CharField(max_length=500, blank=True)
    year = models.SmallIntegerField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True)
    runtime = models.SmallIntegerField(null=True, blank=True, help_text="Minutes.")
    siddu_score = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, help_text="IWM's own score (0-10), from reviews."
    )
    critics_score = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True, help_text="0-10.")
    imdb_rating = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True, help_text="0-10.")
    rotten_tomatoes_score = models.SmallIntegerField(null=True, blank=True, help_text="0-100.")
    rating = models.CharField(max_length=5, choices=ContentRating.choices, blank=True, help_text="Content rating.")
    language = models.CharField(max_length=3, blank=True, help_text="ISO 639-1 code of the original language.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code of the main country.")
    overview = models.TextField(blank=True)
    poster_url = models.URLField(max_length=500, blank=True)
    backdrop_url = models.URLField(max_length=500, blank=True)
    budget = models.BigIntegerField(null=True, blank=True, help_text="Whole US dollars.")
    revenue = models.BigIntegerField(null=True, blank=True, help_text="Whole US dollars.")
    status = models.CharField(max_length=20, choices=MovieStatus.choices, default=MovieStatus.RELEASED)
    review_count = models.IntegerField(
        default=0, db_default=0, help_text="Visible reviews; kept by the review write path. Popularity sorts on it."
    )
    trivia = models.JSONField(null=True, blank=True, help_text="List of {question, category, answer, explanation}.")
    timeline = models.JSONField(null=True, blank=True, help_text="List of {date, title, description, type}.")
    search_vector = models.GeneratedField(
        expression=(
            SearchVector(unaccented("title"), weight="A", config=SEARCH_CONFIG)
            + SearchVector(unaccented("original_title"), weight="A", config=SEARCH_CONFIG)
            + SearchVector(unaccented("tagline"), weight="B", config=SEARCH_CONFIG)
            + SearchVector(unaccented("overview"), weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    title_sort = models.GeneratedField(
        expression=sort_key("title", skip_articles=True),
        output_field=models.TextField(),
        db_persist=True,
        help_text="Title ordering key: lower case, no accents, no leading The/A/An.",
    )
    genres = models.ManyToManyField(Genre, through="MovieGenre", related_name="movies")
    people = models.ManyToManyField("Person", through="MovieCredit", related_name="movies")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "movies"
        ordering = [F("release_date").desc(nulls_last=True), "id"]  # undated films last
        constraints = [
            unique_external_id(table="movies"),
            *imdb_id_rules("movies", IMDB_TITLE_ID),
            non_negative("review_count", table="movies"),
            choices_check("rating", ContentRating, table="movies", blank=True),
            choices_check("status", MovieStatus, table="movies"),
            range_check("year", 1870, 2100, table="movies"),
            range_check("runtime", 1, 1000, table="movies"),
            range_check("siddu_score", 0, 10, table="movies"),
            range_check("critics_score", 0, 10, table="movies"),
            range_check("imdb_rating", 0, 10, table="movies"),
            range_check("rotten_tomatoes_score", 0, 100, table="movies"),
            non_negative("budget", table="movies"),
            non_negative("revenue", table="movies"),
            models.CheckConstraint(
                condition=Q(language="") | Q(language__regex=r"^[a-z]{2,3}$"), name="movies_language_format"
            ),
            models.CheckConstraint(condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"), name="movies_country_format"),
            models.CheckConstraint(
                condition=Q(release_date__isnull=True) | Q(year__isnull=True) | Q(year=models.F("release_date__year")),
                name="movies_year_matches_release_date",
            ),
            jsonb_array_check("trivia", table="movies"),
            jsonb_array_check("timeline", table="movies"),
        ]
        # The search indexes have no GIN pending list (fastupdate off): the catalog is read far
        # more than written, and a pending list left by a bulk import makes the planner price
        # these indexes out and scan the table (measured: 48 ms instead of 7 ms at 10k movies).
        indexes = [
            GinIndex(OpClass(unaccented("title"), name="gin_trgm_ops"), fastupdate=False, name="movies_title_trgm"),
            GinIndex(
                OpClass(unaccented("original_title"), name="gin_trgm_ops"),
                fastupdate=False,
                name="movies_original_title_trgm",
            ),
            GinIndex(fields=["search_vector"], fastupdate=False, name="movies_search_vector"),
            GinIndex(fields=["trivia"], name="movies_trivia_gin", condition=Q(trivia__isnull=False)),
            GinIndex(fields=["timeline"], name="movies_timeline_gin", condition=Q(timeline__isnull=False)),
            models.Index(
                F("siddu_score").desc(nulls_last=True),
                name="movies_siddu_score_desc",
                condition=Q(siddu_score__isnull=False),
            ),
            models.Index(F("release_date").desc(nulls_last=True), "id", name="movies_release_date_desc"),
            models.Index(F("imdb_rating").desc(nulls_last=True), "id", name="movies_imdb_rating_desc"),
            models.Index(
                F("review_count").desc(), F("imdb_rating").desc(nulls_last=True), "id", name="movies_popularity"
            ),
            models.Index(fields=["title_sort", "id"], name="movies_title_sort"),
            models.Index(fields=["year"], name="movies_year"),
            models.Index(fields=["runtime"], name="movies_runtime"),
            models.Index(fields=["rating"], name="movies_rating"),
            models.Index(fields=["language"], name="movies_language"),
            models.Index(fields=["country"], name="movies_country"),
            models.Index(fields=["status"], name="movies_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class MovieGenre(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="movie_genres")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, related_name="movie_genres")

    class Meta:
        db_table = "movie_genres"
        constraints = [models.UniqueConstraint(fields=["movie", "genre"], name="movie_genres_movie_genre_key")]
        # (movie, genre) is covered by the unique index; "movies of a genre" needs genre first.
        indexes = [models.Index(fields=["genre", "movie"], name="movie_genres_genre_movie")]

    def __str__(self) -> str:
        return f"{self.movie.title}: {self.genre.name}"


class Person(models.Model):
    external_id = models.CharField(max_length=100)
    imdb_id = models.CharField(
        max_length=10, blank=True, default="", db_default="", help_text="IMDb name id, e.g. nm0634240."
    )
    name = models.CharField(max_length=300)
    name_sort = models.GeneratedField(
        expression=sort_key("name"),
        output_field=models.TextField(),
        db_persist=True,
        help_text="Name ordering key: lower case, no accents.",
    )
    bio = models.TextField(blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    known_for = models.CharField(max_length=20, choices=Department.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "people"
        verbose_name_plural = "people"
        ordering = ["name_sort", "id"]
        constraints = [
            unique_external_id(table="people"),
            *imdb_id_rules("people", IMDB_NAME_ID),
            choices_check("known_for", Department, table="people", blank=True),
        ]
        indexes = [
            GinIndex(OpClass(unaccented("name"), name="gin_trgm_ops"), fastupdate=False, name="people_name_trgm"),
            models.Index(fields=["name_sort", "id"], name="people_name_sort"),  # the people list's order
        ]

    def __str__(self) -> str:
        return self.name


class MovieCredit(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=20, choices=CreditRole.choices)
    character_name = models.CharField(max_length=300, blank=True)
    billing_order = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "movie_credits"
        ordering = ["movie", "role", "billing_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "person", "role"], name="movie_credits_movie_person_role_key"),
            choices_check("role", CreditRole, table="movie_credits"),
            non_negative("billing_order", table="movie_credits"),
        ]
        indexes = [
            models.Index(fields=["person", "role"], name="movie_credits_person_role"),
            models.Index(fields=["movie", "role", "billing_order"], name="movie_credits_movie_billing"),
        ]

    def __str__(self) -> str:
        """"Christopher Nolan, director of Inception"; "Cillian Murphy as Robert Fischer in
        Inception". Reads the person and the movie: select_related them where many are shown."""
        if self.role == CreditRole.ACTOR and self.character_name:
            return f"{self.person.name} as {self.character_name} in {self.movie.title}"
        return f"{self.person.name}, {self.get_role_display().lower()} of {self.movie.title}"


class Scene(models.Model):
    external_id = models.CharField(max_length=100)
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="scenes")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    thumbnail_url = models.URLField(max_length=500, blank=True)
    duration_seconds = models.IntegerField(null=True, blank=True)
    scene_type = models.CharField(max_length=20, choices=SceneType.choices, blank=True)
    director = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="directed_scenes"
    )
    cinematographer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="photographed_scenes"
    )
    view_count = models.BigIntegerField(default=0)
    comment_count = models.IntegerField(default=0)
    is_popular = models.BooleanField(default=False)
    is_visual_treat = models.BooleanField(default=False)
    genres = models.ManyToManyField(Genre, through="SceneGenre", related_name="scenes")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "scenes"
        ordering = ["movie", "id"]
        constraints = [
            unique_external_id(table="scenes"),
            choices_check("scene_type", SceneType, table="scenes", blank=True),
            range_check("duration_seconds", 1, 6 * 60 * 60, table="scenes"),
            non_negative("view_count", table="scenes"),
            non_negative("comment_count", table="scenes"),
        ]
        indexes = [
            models.Index(fields=["movie", "id"], name="scenes_movie"),
            models.Index(F("view_count").desc(), name="scenes_popular_views", condition=Q(is_popular=True)),
        ]

    def __str__(self) -> str:
        return self.title


class SceneGenre(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="scene_genres")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, related_name="scene_genres")

    class Meta:
        db_table = "scene_genres"
        constraints = [models.UniqueConstraint(fields=["scene", "genre"], name="scene_genres_scene_genre_key")]
        indexes = [models.Index(fields=["genre", "scene"], name="scene_genres_genre_scene")]

    def __str__(self) -> str:
        return f"{self.scene.title}: {self.genre.name}"
