from .catalog import Genre, Movie, MovieCredit, MovieGenre, Person, Scene, SceneGenre
from .embeddings import EMBEDDING_DIMENSIONS, MovieEmbedding
from .streaming import MovieStreamingOption, StreamingPlatform
from .theaters import Showtime, Theater

__all__ = [
    "EMBEDDING_DIMENSIONS",
    "Genre",
    "Movie",
    "MovieCredit",
    "MovieEmbedding",
    "MovieGenre",
    "MovieStreamingOption",
    "Person",
    "Scene",
    "SceneGenre",
    "Showtime",
    "StreamingPlatform",
    "Theater",
]

# Members' lists (collections, watchlist, favorites).
from .lists import (  # noqa: E402
    Collection,
    CollectionFollow,
    CollectionMovie,
    Favorite,
    FavoriteType,
    WatchlistEntry,
    WatchPriority,
    WatchStatus,
)

__all__ += [
    "Collection",
    "CollectionFollow",
    "CollectionMovie",
    "Favorite",
    "FavoriteType",
    "WatchPriority",
    "WatchStatus",
    "WatchlistEntry",
]
# Reviews (issue 7).
from .reviews import Review, ReviewComment, ReviewKey, ReviewVote  # noqa: E402

__all__ += ["Review", "ReviewComment", "ReviewKey", "ReviewVote"]
