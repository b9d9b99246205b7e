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

# Reviews (issue 7).
from .reviews import Review, ReviewComment, ReviewKey, ReviewVote  # noqa: E402

__all__ += ["Review", "ReviewComment", "ReviewKey", "ReviewVote"]
