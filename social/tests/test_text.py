"""The hashtag and mention parsers."""

import unicodedata

import pytest

from social.text import hashtags_in, is_tag, mentions_in, normalise_tag


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Loved #Interstellar and #nolan", ["interstellar", "nolan"]),
        ("Tokyo trip #東京 #café", ["東京", "café"]),
        ("#NOLAN #nolan #Nolan again", ["nolan"]),  # case folded, each once
        ("C# and abc#def and email#tag are no tags", []),  # '#' inside a word
        ("#ghibli, #noir! (#kubrick) #sci_fi.", ["ghibli", "noir", "kubrick", "sci_fi"]),
        ("#1917 is a film", ["1917"]),
        ("# lonely hash and ## and #-dash", []),
        ("##double", ["double"]),
        ("#हिंदी सिनेमा", ["हिंदी"]),  # combining vowel signs stay inside the tag
        ("#Ñandú #ÉLITE", ["ñandú", "élite"]),
        ("", []),
    ],
)
def test_hashtags(text, tags):
    assert hashtags_in(text) == tags


def test_a_decomposed_accent_gives_the_same_tag_as_a_composed_one():
    decomposed = unicodedata.normalize("NFD", "#café")
    assert decomposed != "#café" and hashtags_in(decomposed) == ["café"]


def test_too_long_runs_are_not_tags_and_at_most_thirty_are_kept():
    assert hashtags_in("#" + "a" * 101) == []
    assert hashtags_in("#" + "a" * 100) == ["a" * 100]
    assert len(hashtags_in(" ".join(f"#tag{i}" for i in range(40)))) == 30


def test_the_tag_a_client_asks_for_is_normalised_like_stored_ones():
    assert normalise_tag("#Nolan") == "nolan" and normalise_tag(" Café ") == "café"
    assert is_tag("nolan") and is_tag("東京") and not is_tag("") and not is_tag("no-lan") and not is_tag("a b")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hi @ada_reels and @chiara.noir!", ["ada_reels", "chiara.noir"]),
        ("ends a sentence @bruno_frames.", ["bruno_frames"]),
        ("mail me at jon@example.com", []),
        ("@ab is too short, @" + "x" * 31 + " too long", []),
        ("@Ada_Reels @ada_reels", ["Ada_Reels"]),  # each once, whatever the case
        ("@_underscore_first", []),
    ],
)
def test_mentions(text, names):
    assert mentions_in(text) == names
