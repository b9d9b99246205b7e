"""Fixed vocabularies the seed draws from (as SQL array literals), so the synthetic rows read
like a platform's and the skew (early entries drawn far more often) is the same every run."""

from __future__ import annotations

WORDS = (
    "night dark star love war city last lost king queen river road ghost dream blood secret shadow "
    "summer winter iron glass silent wild golden broken black white red blue empire storm fire ice "
    "heart stone moon sun sea island mountain desert forest garden house room door window mirror "
    "journey return rise fall edge line game code signal memory echo machine planet galaxy frontier "
    "detective thief soldier doctor teacher hunter pilot captain stranger family brother sister "
    "daughter son mother father friend enemy lover witness prisoner rebel saint devil angel monster"
).split()
FIRST_NAMES = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
    "Yuki Hiro Ana Luis Chen Wei Priya Arjun Fatima Omar Ingrid Lars Sofia Marco Chloe Pierre Amara Kwame "
    "Olga Ivan Lucia Mateo Aisha Tariq Mei Jun Noa Ari Elena Tomas Zara Ravi Leila Emeka Hana Minh"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Tanaka Sato Kim Park Chen "
    "Wang Singh Patel Khan Ali Larsen Berg Rossi Bianchi Dubois Martin Muller Schmidt Silva Costa Okafor "
    "Mensah Ivanova Petrov Haddad Nguyen Tran Cohen Levi Novak Kowalski Horvat Yilmaz Sahin Ahmed Reyes"
).split()
# Hashtags by popularity: the first ones trend.
HASHTAGS = (
    "oscars nowwatching cinema nolan a24 horror scifi marvel dune anime ghibli kdrama bollywood "
    "cannes festival indie documentary classic noir western thriller comedy romance musical "
    "animation villeneuve tarantino scorsese kubrick boxoffice premiere trailer soundtrack "
    "cinematography review rewatch underrated overrated mustwatch weekendwatch criterion"
).split()
REGIONS = "US GB IN CA AU DE FR JP KR BR MX ES IT NL SE".split()
LANGUAGES = "en en en en fr es ja ko hi de it zh pt sv".split()  # repeated: English dominates
REACTIONS = ["like", "like", "like", "love", "love", "laugh", "wow", "sad", "angry"]


def sql_array(values: list[str]) -> str:
    """An SQL text[] literal of trusted constants."""
    return "ARRAY[" + ",".join("'" + value.replace("'", "''") + "'" for value in values) + "]::text[]"


def skewed_pick(values: list[str], *, power: float = 2.0) -> str:
    """An SQL expression drawing one of `values`, the early ones more often."""
    array = sql_array(values)
    return f"({array})[1 + floor(power(random(), {power}) * {len(values)})::int]"


def uniform_pick(values: list[str]) -> str:
    array = sql_array(values)
    return f"({array})[1 + floor(random() * {len(values)})::int]"
