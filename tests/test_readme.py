"""The README's promises, checked: every curl example returns data on the demo catalog, and
the limits it states are the ones the code applies.

The examples are run in order through Django's test client, as the README says to run them:
a comment `NAME=path` after an example sets `$NAME` from its JSON answer (`results[0].id`),
and a shell assignment `NAME=$(python3 -c '...')` is run with this Python.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from movies.filters import MAX_LIST_ITEMS
from movies.selectors.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH
from movies.selectors.similar import DEFAULT_LIMIT, MAX_LIMIT
from movies.selectors.theaters import DEFAULT_RADIUS_KM, MAX_DAYS_AWAY, MAX_RADIUS_KM

pytestmark = pytest.mark.django_db

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
PROSE = " ".join(README.split())
SETS = re.compile(r"#[^#]*?\b([A-Z][A-Z_]*)=([\w\[\]\.]+)\s*$")
ASSIGNS = re.compile(r"^([A-Z][A-Z_]*)=\$\(python3 -c '(.+)'\)$")


def shell_lines() -> list[str]:
    """The lines of the README's ```sh blocks, continuations joined."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        lines += [line.strip() for line in joined.splitlines() if line.strip()]
    return lines


def api_examples() -> list[str]:
    return [line for line in shell_lines() if line.startswith("curl ") and "/api/v1/" in line]


def pick(body, path: str):
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", path):
        body = body[name]
        if index:
            body = body[int(index)]
    return body


def has_data(body) -> bool:
    """Not an empty answer: a list with rows, a page with results, an object whose collections
    the example is about (offers, showtimes) are not empty."""
    if isinstance(body, list):
        return bool(body)
    if not isinstance(body, dict) or not body:
        return False
    if "results" in body:
        return bool(body["results"])
    return all(body[key] for key in ("regions", "showtimes") if key in body)


def test_there_are_examples_of_every_catalog_resource():
    paths = " ".join(api_examples())
    for resource in ("search", "movies", "people", "genres", "platforms", "regions", "languages", "countries",
                     "theaters", "showtimes", "similar", "watch", "autocomplete"):  # fmt: skip
        assert f"/{resource}/" in paths, resource


def test_every_example_returns_data(client):
    variables: dict[str, str] = {}
    ran = 0
    for line in shell_lines():
        assigned = ASSIGNS.match(line)
        if assigned:
            name, code = assigned.groups()
            variables[name] = subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout.strip()
            continue
        if not (line.startswith("curl ") and "/api/v1/" in line):
            continue
        sets = SETS.search(line)
        command = re.sub(r"\$([A-Z][A-Z_]*)", lambda m: variables[m.group(1)], line)  # KeyError: used before set
        words = shlex.split(command, comments=True)
        method = words[words.index("-X") + 1] if "-X" in words else "GET"
        url = next(word for word in words if "/api/v1/" in word)
        path = url[url.index("/api/v1/"):]
        headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
        extra = {}
        for header in headers:
            name, value = (part.strip() for part in header.split(":", 1))
            if name.lower() == "authorization":
                extra["HTTP_AUTHORIZATION"] = value
        if method == "GET":
            response = client.get(path, **extra)
            assert response.status_code == 200, (line, response.content[:300])
            assert has_data(response.json()), (line, response.json())
        else:
            body = words[words.index("-d") + 1] if "-d" in words else ""
            response = client.generic(method, path, body, content_type="application/json", **extra)
            assert response.status_code in (200, 201, 202, 204), (line, response.content[:300])
        if sets:
            name, json_path = sets.groups()
            variables[name] = str(pick(response.json(), json_path))
        ran += 1
    assert ran == len(api_examples()) >= 20


def test_the_limits_it_states_are_the_codes():
    assert f"`q` of at least {MIN_QUERY_LENGTH} characters and at most {MAX_QUERY_LENGTH}" in PROSE
    assert f"`limit` is {DEFAULT_LIMIT} by default, at most {MAX_LIMIT}" in PROSE
    assert f"{DEFAULT_RADIUS_KM:g} km by default, at most {MAX_RADIUS_KM:g} km" in PROSE
    assert f"at most {MAX_DAYS_AWAY} days away" in PROSE
    assert f"up to {MAX_LIST_ITEMS} person ids" in PROSE
    assert f"(default {settings.API_PAGE_SIZE}, at most {settings.API_MAX_PAGE_SIZE};" in PROSE


def test_it_says_the_api_speaks_json_only_and_it_does(client):
    assert "The API speaks JSON only" in PROSE
    response = client.post("/api/v1/auth/token/", {"email": "a@b.c", "password": "x"})  # a form body
    assert response.status_code == 415 and response["Content-Type"] == "application/json"
    assert set(response.json()["error"]) == {"status", "code", "message", "fields"}


def test_it_is_self_contained():
    assert "../" not in README, "a clone has nothing outside the repository"
