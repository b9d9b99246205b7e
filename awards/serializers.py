"""Output shapes of the awards and festivals endpoints. Plain serializers, nested by declaration
(one serializer tree per response, never one constructed per row)."""

from __future__ import annotations

from rest_framework import serializers

from awards.choices import EditionStatus, NomineeType, PremiereType


class AwardMovieRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class AwardPersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    image_url = serializers.CharField()


class AwardPersonNameOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# Ceremonies


class CeremonyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    description = serializers.CharField()
    logo_url = serializers.CharField()
    background_image_url = serializers.CharField()
    current_year = serializers.IntegerField(allow_null=True)
    next_ceremony_date = serializers.DateField(allow_null=True)


class CeremonyYearSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    year = serializers.IntegerField(help_text="The year the ceremony is held.")
    label = serializers.CharField()
    film_year = serializers.IntegerField(allow_null=True, help_text="The year of the films it honours.")
    date = serializers.DateField(allow_null=True)
    location = serializers.CharField()
    hosted_by = serializers.ListField(child=serializers.CharField())


class CeremonyDetailOutput(CeremonyOutput):
    years = CeremonyYearSummaryOutput(many=True, help_text="Newest first.")


class CeremonyRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class NominationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    nominee_type = serializers.ChoiceField(choices=NomineeType.choices)
    nominee_name = serializers.CharField(help_text="As the ceremony credits it.")
    film_title = serializers.CharField(help_text="The film the nomination is for ('' when none).")
    details = serializers.CharField(help_text="Role, song title, producers, country...")
    image_url = serializers.CharField()
    is_winner = serializers.BooleanField()
    movie = AwardMovieRefOutput(allow_null=True, help_text="The catalog film, when the catalog has it.")
    person = AwardPersonRefOutput(allow_null=True, help_text="The nominated person, when the catalog has them.")
    credited_people = AwardPersonNameOutput(many=True, help_text="Catalog people credited on the nomination.")


class CategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    allows_ties = serializers.BooleanField()
    nominations = NominationOutput(many=True, help_text="Winners first.")


class CeremonyYearDetailOutput(CeremonyYearSummaryOutput):
    ceremony = CeremonyRefOutput()
    description = serializers.CharField()
    highlights = serializers.ListField(child=serializers.CharField())
    categories = CategoryOutput(many=True)


# Festivals


class FestivalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField()
    website = serializers.CharField()
    image_url = serializers.CharField()
    logo_url = serializers.CharField()
    founding_year = serializers.IntegerField(allow_null=True)


STATUS_HELP = "Derived from the dates and today's date: upcoming, live or past; null while a date is unknown."


class EditionSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    year = serializers.IntegerField()
    edition_label = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=EditionStatus.choices, allow_null=True, help_text=STATUS_HELP)


class FestivalDetailOutput(FestivalOutput):
    editions = EditionSummaryOutput(many=True, help_text="Newest first.")


class FestivalRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProgramEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    title = serializers.CharField(help_text="As the festival listed it.")
    movie = AwardMovieRefOutput(allow_null=True, help_text="The catalog film, when the catalog has it.")
    director = serializers.CharField()
    country = serializers.CharField()
    premiere_type = serializers.ChoiceField(choices=[*PremiereType.choices, ("", "Unknown")])


class ProgramSectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    entries = ProgramEntryOutput(many=True)


class FestivalWinnerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    title = serializers.CharField(help_text="The film as the festival credited it.")
    movie = AwardMovieRefOutput(allow_null=True)
    recipient_name = serializers.CharField(help_text="For a personal prize ('' otherwise).")
    person = AwardPersonRefOutput(allow_null=True)
    details = serializers.CharField()


class WinnerCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    winners = FestivalWinnerOutput(many=True, help_text="Several when the prize was shared.")


class EditionDetailOutput(EditionSummaryOutput):
    festival = FestivalRefOutput()
    description = serializers.CharField()
    sections = ProgramSectionOutput(many=True)
    prizes = WinnerCategoryOutput(many=True, source="winner_categories")


# A film's or a person's awards


class AwardCategoryRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProfileNominationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    category = AwardCategoryRefOutput()
    nominee_type = serializers.ChoiceField(choices=NomineeType.choices)
    nominee_name = serializers.CharField()
    film_title = serializers.CharField()
    details = serializers.CharField()
    is_winner = serializers.BooleanField()
    movie = AwardMovieRefOutput(allow_null=True)
    person = AwardPersonRefOutput(allow_null=True)


class ProfileYearOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The ceremony year's id.")
    year = serializers.IntegerField()
    label = serializers.CharField()
    nominations = ProfileNominationOutput(many=True)


class ProfileCeremonyOutput(serializers.Serializer):
    ceremony = CeremonyRefOutput()
    wins = serializers.IntegerField()
    nominations = serializers.IntegerField(help_text="Every nomination, won or not.")
    years = ProfileYearOutput(many=True, help_text="Newest first.")


class FestivalEditionRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    edition_label = serializers.CharField()
    festival = FestivalRefOutput()


class FestivalWinOutput(serializers.Serializer):
    id = serializers.IntegerField()
    edition = FestivalEditionRefOutput(source="category.edition")
    prize = AwardCategoryRefOutput(source="category")
    title = serializers.CharField()
    movie = AwardMovieRefOutput(allow_null=True)
    recipient_name = serializers.CharField()
    person = AwardPersonRefOutput(allow_null=True)
    details = serializers.CharField()


class FestivalSectionRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FestivalSelectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    edition = FestivalEditionRefOutput(source="section.edition")
    section = FestivalSectionRefOutput()
    premiere_type = serializers.ChoiceField(choices=[*PremiereType.choices, ("", "Unknown")])


class MovieAwardsOutput(serializers.Serializer):
    movie = AwardMovieRefOutput()
    wins = serializers.IntegerField(help_text="Ceremony wins.")
    nominations = serializers.IntegerField(help_text="Ceremony nominations, won or not.")
    ceremonies = ProfileCeremonyOutput(many=True)
    festival_wins = FestivalWinOutput(many=True)
    festival_selections = FestivalSelectionOutput(many=True)


class PersonAwardsOutput(serializers.Serializer):
    person = AwardPersonRefOutput()
    wins = serializers.IntegerField(help_text="Ceremony wins, as nominee or credited.")
    nominations = serializers.IntegerField(help_text="Ceremony nominations, won or not.")
    ceremonies = ProfileCeremonyOutput(many=True)
    festival_wins = FestivalWinOutput(many=True)
