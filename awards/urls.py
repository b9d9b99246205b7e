from django.urls import path

from awards import apis

urlpatterns = [
    path("awards/ceremonies/", apis.CeremonyListApi.as_view(), name="award-ceremony-list"),
    path("awards/ceremonies/<int:ceremony_id>/", apis.CeremonyDetailApi.as_view(), name="award-ceremony-detail"),
    path(
        "awards/ceremonies/<int:ceremony_id>/years/<int:year>/",
        apis.CeremonyYearDetailApi.as_view(),
        name="award-ceremony-year-detail",
    ),
    path("festivals/", apis.FestivalListApi.as_view(), name="festival-list"),
    path("festivals/<int:festival_id>/", apis.FestivalDetailApi.as_view(), name="festival-detail"),
    path(
        "festivals/<int:festival_id>/editions/<int:year>/",
        apis.EditionDetailApi.as_view(),
        name="festival-edition-detail",
    ),
    # A film's and a person's awards live here, beside the data they read; movies stays unaware.
    path("movies/<int:movie_id>/awards/", apis.MovieAwardsApi.as_view(), name="movie-awards"),
    path("people/<int:person_id>/awards/", apis.PersonAwardsApi.as_view(), name="person-awards"),
]
