"""Demo lists (movies/demo_data/lists.json): the sample members' collections (public and one
private), collection follows, watchlist entries and favorites of demo films, people and scenes.

Loading is idempotent: collections are upserted on external_id and their films and follows made
to match the file exactly (positions 1..n, the `followers` counter set from the follow rows);
watchlist entries are upserted on (member, film), favorites on (member, target).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, Movie, Person, Scene, WatchlistEntry
from social.models import User

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data" / "lists.json"


def demo_lists_data() -> dict:
    with open(DEMO_DATA, encoding="utf-8") as handle:
        return json.load(handle)


def demo_is_loaded() -> bool:
    external_ids = [collection["external_id"] for collection in demo_lists_data()["collections"]]
    return Collection.objects.filter(external_id__in=external_ids).count() == len(external_ids)


def _by_external_id(model, external_ids) -> dict:
    return {row.external_id: row for row in model.objects.filter(external_id__in=set(external_ids)).only("id", "external_id")}


@transaction.atomic
def demo_load() -> dict[str, int]:
    data = demo_lists_data()
    members = _by_external_id(
        User,
        [c["owner"] for c in data["collections"]]
        + [f for c in data["collections"] for f in c["followers"]]
        + [row[0] for row in data["watchlist"] + data["favorites"]],
    )
    films = _by_external_id(
        Movie,
        [m for c in data["collections"] for m, _ in c["movies"]]
        + [row[1] for row in data["watchlist"]]
        + [row[2] for row in data["favorites"] if row[1] == "movie"],
    )
    people = _by_external_id(Person, [row[2] for row in data["favorites"] if row[1] == "person"])
    scenes = _by_external_id(Scene, [row[2] for row in data["favorites"] if row[1] == "scene"])
    counts = {"collections": 0, "collection_movies": 0, "collection_follows": 0, "watchlist": 0, "favorites": 0}

    now = timezone.now()
    for spec in data["collections"]:
        collection, _ = Collection.objects.update_or_create(
            external_id=spec["external_id"],
            defaults={
                "owner": members[spec["owner"]],
                "title": spec["title"],
                "description": spec["description"],
                "is_public": spec["is_public"],
                "tags": spec["tags"],
                "updated_at": now,
            },
        )
        CollectionMovie.objects.filter(collection=collection).delete()
        CollectionMovie.objects.bulk_create(
            CollectionMovie(collection=collection, movie=films[film], position=position, note=note)
            for position, (film, note) in enumerate(spec["movies"], start=1)
        )
        followers = [members[external_id] for external_id in spec["followers"]]
        CollectionFollow.objects.filter(collection=collection).exclude(user__in=followers).delete()
        for user in followers:
            CollectionFollow.objects.get_or_create(collection=collection, user=user)
        Collection.objects.filter(pk=collection.pk).update(followers=len(followers))
        counts["collections"] += 1
        counts["collection_movies"] += len(spec["movies"])
        counts["collection_follows"] += len(followers)

    for member, film, status, priority, progress in data["watchlist"]:
        WatchlistEntry.objects.update_or_create(
            user=members[member], movie=films[film], defaults={"status": status, "priority": priority, "progress": progress}
        )
        counts["watchlist"] += 1

    targets = {"movie": films, "person": people, "scene": scenes}
    for member, kind, external_id in data["favorites"]:
        Favorite.objects.get_or_create(user=members[member], type=kind, **{kind: targets[kind][external_id]})
        counts["favorites"] += 1
    return counts
