"""Fixed vocabularies of awards and festivals. Each is backed by a CHECK constraint on its column."""

from django.db import models


class NomineeType(models.TextChoices):
    """What a nomination honours, and so what it must point at (see Nomination)."""

    MOVIE = "movie", "Film"
    PERSON = "person", "Person"
    SONG = "song", "Song"
    SCREENPLAY = "screenplay", "Screenplay"


# The nominee types whose subject is a film: the nomination must identify that film.
FILM_NOMINEE_TYPES = (NomineeType.MOVIE, NomineeType.SONG, NomineeType.SCREENPLAY)


class EditionStatus(models.TextChoices):
    """Derived from an edition's dates at read time; never stored."""

    UPCOMING = "upcoming", "Upcoming"
    LIVE = "live", "Live"
    PAST = "past", "Past"


class PremiereType(models.TextChoices):
    WORLD = "world", "World premiere"
    INTERNATIONAL = "international", "International premiere"
    EUROPEAN = "european", "European premiere"
    NORTH_AMERICAN = "north-american", "North American premiere"
    NATIONAL = "national", "National premiere"
