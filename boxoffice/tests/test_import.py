"""Importing a weekend chart: the service, the management command and the admin upload."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from boxoffice.models import WeekendEntry
from boxoffice.services import weekend_chart_import
from movies.models import Movie

pytestmark = pytest.mark.django_db

START = datetime.date(2031, 1, 3)
HEADER = "rank,title,year,external_id,imdb_id,distributor,weekend_gross,total_gross,theater_count,change_percent,weeks_in_release,source\n"
GOOD_CSV = HEADER + (
    '1,Interstellar (re-release),,iwm-interstellar-2014,,Paramount,5000000,,420,,,https://example.org/a\n'
    '2,"The Matrix, again",,,tt0133093,Warner Bros.,4000000,9000000,,-12.5,2,\n'
    "3,Inception,2010,,,Warner Bros.,3000000,3000000,,,,\n"
    "4,A Film Nobody Catalogued,2031,,,Indie,1000,1000,3,,,sample\n"
)


def chart(**kwargs):
    return list(
        WeekendEntry.objects.filter(region=kwargs.get("region", "FR"), period_start=kwargs.get("start", START))
        .order_by("rank")
        .values_list("rank", "title", "movie__external_id", "weekend_gross", "source")
    )


def run(content, **kwargs):
    kwargs.setdefault("region", "FR")
    kwargs.setdefault("period_start", START)
    return weekend_chart_import(content=content, **kwargs)


def messages_of(failure) -> list[str]:
    return [message for messages in failure.value.message_dict.values() for message in messages]


def test_a_good_csv_file_is_imported_and_films_are_matched_to_the_catalog():
    result = run(GOOD_CSV.encode(), file_format="csv", source="https://example.org/default")
    assert (result.created, result.updated, result.linked, result.period_end) == (4, 0, 3, datetime.date(2031, 1, 5))
    assert chart() == [
        (1, "Interstellar (re-release)", "iwm-interstellar-2014", 5000000, "https://example.org/a"),  # external_id
        (2, "The Matrix, again", "iwm-the-matrix-1999", 4000000, "https://example.org/default"),  # IMDb id
        (3, "Inception", "iwm-inception-2010", 3000000, "https://example.org/default"),  # title and year
        (4, "A Film Nobody Catalogued", None, 1000, "sample"),  # kept with its title, no film
    ]
    row = WeekendEntry.objects.get(region="FR", period_start=START, rank=2)
    assert (row.currency, str(row.change_percent), row.weeks_in_release, row.total_gross) == ("EUR", "-12.5", 2, 9000000)


def test_reimporting_upserts_on_rank_and_leaves_other_ranks_alone_even_when_films_swap():
    run(GOOD_CSV, source="s")
    first_id = WeekendEntry.objects.get(region="FR", period_start=START, rank=1).pk
    swapped = HEADER + "1,Inception,2010,,,WB,3500000,,,,,fixed\n3,Interstellar (re-release),,,,,1,,,,,fixed\n"
    result = run(swapped)
    assert (result.created, result.updated) == (0, 2)
    assert [(rank, title) for rank, title, *_ in chart()] == [
        (1, "Inception"), (2, "The Matrix, again"), (3, "Interstellar (re-release)"), (4, "A Film Nobody Catalogued"),
    ]  # fmt: skip
    assert WeekendEntry.objects.get(region="FR", period_start=START, rank=1).pk == first_id


def test_a_bad_row_rejects_the_whole_file_naming_its_line_and_the_reason():
    bad = GOOD_CSV + "5,Bad Money,,,,,12 million,,,,,sample\n6,,,,,,10,,,,,sample\n"
    with pytest.raises(ValidationError) as failure:
        run(bad, source="s")
    assert messages_of(failure) == [
        "Line 6: weekend_gross: must be a whole number written with the digits 0-9 (no separators); got '12 million'.",
        "Line 7: title: is required.",
    ]
    assert chart() == []


def test_nothing_is_written_when_a_later_check_fails_either():
    run(GOOD_CSV, source="s")
    before = chart()
    bad = HEADER + "1,New Number One,,,,,9,,,,,s\n2,Ghost,,no-such-film,,,8,,,,,s\n"
    with pytest.raises(ValidationError) as failure:
        run(bad)
    assert messages_of(failure) == ["Line 3: external_id: no catalog film has external_id 'no-such-film'."]
    assert chart() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "1,A,,,,,10,,,,,s\n1,B,,,,,10,,,,,s\n", "Line 3: rank 1 appears twice in the chart (first on line 2)."),
        (HEADER + "1,Same,,,,,10,,,,,s\n2,SAME,,,,,10,,,,,s\n", "Line 3: 'SAME' appears twice in the chart (first on line 2)."),
        (HEADER + "0,A,,,,,10,,,,,s\n", "Line 2: rank: must be from 1 to 500; got 0."),
        (HEADER + "1,A,,,,,10,5,,,,s\n", "Line 2: total_gross: (5) is less than the weekend_gross (10)."),
        (HEADER + "1,A,,,,,10,,,-101,,s\n", "Line 2: change_percent: must be at least -100; got -101.0."),
        (HEADER + "1,A,,,tt12,,10,,,,,s\n", "Line 2: imdb_id: must look like tt0111161; got 'tt12'."),
        (HEADER + "1,A,,,,,10,,,,0,s\n", "Line 2: weeks_in_release: must be from 1 to 520; got 0."),
        (HEADER + "1,A,,,,,10,,,,,\n", 'Line 2: source: is required: give it for each row or for the file ("sample" or where it came from).'),
        (HEADER + "1,A,,,,,10\n", "Line 2: 7 values for 12 columns."),
        ("rank,title,gross\n1,A,10\n", "Line 1: unknown column 'gross'. The columns are: rank, title, year, external_id, imdb_id, distributor, weekend_gross, total_gross, theater_count, change_percent, weeks_in_release, source."),
        ("rank,title\n1,A\n", "Line 1: the header lacks the required column 'weekend_gross'."),
        (HEADER, "The file has no chart entries."),
        (b"rank,title,weekend_gross\n1,Caf\xe9,10\n", "Line 2: the file is not UTF-8 text."),
    ],
)
def test_each_rule_of_a_row_is_reported_with_its_line(content, message):
    with pytest.raises(ValidationError) as failure:
        run(content, file_format="csv")
    assert messages_of(failure) == [message]


def test_a_quoted_title_over_two_lines_keeps_the_line_numbers_of_later_rows():
    content = HEADER + '1,"Two\nLines",,,,,10,,,,,s\n2,B,,,,,x,,,,,s\n'
    with pytest.raises(ValidationError) as failure:
        run(content)
    assert messages_of(failure)[0].startswith("Line 4: weekend_gross")


def test_json_object_form_says_its_region_and_weekend_and_errors_name_the_line():
    good = {
        "region": "de",
        "period_start": "2031-01-02",
        "period_end": "2031-01-05",
        "currency": "EUR",
        "source": "https://example.org/de",
        "entries": [{"rank": 1, "title": "Dune", "year": 2021, "weekend_gross": 10}, {"rank": 2, "title": "Other", "weekend_gross": 5}],
    }
    result = weekend_chart_import(content=json.dumps(good, indent=1), file_format="json")
    assert (result.region, result.period_start, result.period_end, result.linked) == (
        "DE", datetime.date(2031, 1, 2), datetime.date(2031, 1, 5), 1,
    )  # fmt: skip
    bad = dict(good, entries=[*good["entries"], {"rank": 3, "title": "Three", "weekend_gross": 7.5}])
    text = json.dumps(bad, indent=1)
    key_line = next(n for n, line in enumerate(text.splitlines(), start=1) if '"rank": 3' in line)
    line = key_line - 1  # the entry's "{" is on the line before its first key
    with pytest.raises(ValidationError) as failure:
        weekend_chart_import(content=text, file_format="json")
    assert messages_of(failure) == [f"Line {line}: weekend_gross: must be a whole number."]


def test_json_list_form_takes_region_and_weekend_from_the_caller():
    rows = '[\n {"rank": 1, "title": "Up", "year": 2009, "weekend_gross": 3, "source": "sample"},\n {"rank": 2}\n]'
    with pytest.raises(ValidationError) as failure:
        run(rows, filename="chart.json")
    assert messages_of(failure) == ["Line 3: title: is required."]
    assert run(rows.replace('{"rank": 2}', '{"rank": 2, "title": "B", "weekend_gross": 1, "source": "s"}')).linked == 1


@pytest.mark.parametrize(
    ("content", "kwargs", "field", "message"),
    [
        ('{"region": "GB", "entries": [{"rank": 1}]}', {"region": "FR"}, "region", "The file says 'GB' but 'FR' was given."),
        ('{"entries": [{"rank": 1}]}', {"region": "XX"}, "region", "unknown region 'XX'; use an ISO 3166-1 code such as US or GB."),
        ('{"currency": "USD", "entries": [{"rank": 1}]}', {}, "currency", "FR figures are stored in EUR; the file says 'USD'."),
        ('{"period_end": "2031-01-12", "entries": [{"rank": 1}]}', {}, "period_end", "A weekend ends on or after its first day and within 7 days."),
        ('{"entries": [{"rank": 1}], "when": "now"}', {}, "file", "Line 1: unknown key 'when'. The keys are: region, period_start, period_end, currency, source, entries."),
        ('{"entries": [1]}', {}, "file", "Line 1: each entry must be a JSON object."),
        ('{"entries": [\n{"rank": 1,}]}', {}, "file", "Line 2: not valid JSON (Expecting property name enclosed in double quotes)."),
    ],
)
def test_chart_level_problems(content, kwargs, field, message):
    kwargs = {"region": "FR", "period_start": START, **kwargs}
    with pytest.raises(ValidationError) as failure:
        weekend_chart_import(content=content, file_format="json", **kwargs)
    assert failure.value.message_dict == {field: [message]}


def test_a_film_stored_at_a_rank_the_file_does_not_replace_is_a_clear_error():
    run(HEADER + "1,Up Top,,,,,10,,,,,s\n5,Holdover,,,,,3,,,,,s\n")
    with pytest.raises(ValidationError) as failure:
        run(HEADER + "2,Holdover,,,,,4,,,,,s\n")
    assert messages_of(failure) == ["Line 2: 'Holdover' is already stored at rank 5 of this weekend, which the file does not replace."]


def test_the_management_command_imports_and_reports_errors_with_lines(tmp_path, capsys):
    good, bad = tmp_path / "chart.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_CSV)
    bad.write_text(HEADER + "1,A,,,,,10,,,,,s\n2,B,,,,,-4,,,,,s\n")
    call_command("import_boxoffice", str(good), "--region", "fr", "--weekend", "2031-01-03", "--source", "sample")
    assert "FR weekend 2031-01-03 to 2031-01-05: 4 entries added, 0 updated, 3 linked" in capsys.readouterr().out
    with pytest.raises(CommandError) as failure:
        call_command("import_boxoffice", str(bad), "--region", "FR", "--weekend", "2031-01-10")
    assert "Nothing was imported.\nLine 3: weekend_gross: must be from 0 to" in str(failure.value)
    assert not WeekendEntry.objects.filter(region="FR", period_start=datetime.date(2031, 1, 10)).exists()
    with pytest.raises(CommandError, match="period_start: Give the weekend's first day"):
        call_command("import_boxoffice", str(good), "--region", "FR")


def test_the_admin_upload_uses_the_same_import(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:boxoffice_weekendentry_import")
    assert client.get(url).status_code == 200
    assert b"Import a chart" in client.get(reverse("admin:boxoffice_weekendentry_changelist")).content
    upload = SimpleUploadedFile("chart.csv", (HEADER + "1,A,,,,,10,,,,,s\n2,B,,,,,oops,,,,,s\n").encode())
    response = client.post(url, {"file": upload, "region": "FR", "period_start": "2031-01-03"})
    assert response.status_code == 200
    assert "Line 3: weekend_gross: must be a whole number" in response.content.decode()
    assert chart() == []
    upload = SimpleUploadedFile("chart.csv", GOOD_CSV.encode())
    response = client.post(url, {"file": upload, "region": "FR", "period_start": "2031-01-03", "source": "sample"})
    assert response.status_code == 302
    assert len(chart()) == 4
    assert client.get(response["Location"]).status_code == 200


def test_the_admin_upload_needs_the_permission_to_add_entries(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("admin:boxoffice_weekendentry_import")).status_code == 403


def test_matching_by_title_needs_the_year_and_one_film():
    Movie.objects.create(external_id="test-dup-1", title="Twice", year=2031)
    Movie.objects.create(external_id="test-dup-2", title="Twice", year=2031)
    run(HEADER + "1,Twice,2031,,,,10,,,,,s\n2,Inception,,,,,5,,,,,s\n")
    assert [movie for _r, _t, movie, *_ in chart()] == [None, None]  # ambiguous; no year
