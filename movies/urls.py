from django.urls import path

from movies import apis

urlpatterns = [
    path("movies/", apis.MovieListApi.as_view(), name="movie-list"),
    path("movies/autocomplete/", apis.MovieAutocompleteApi.as_view(), name="movie-autocomplete"),
    path("movies/<int:movie_id>/", apis.MovieDetailApi.as_view(), name="movie-detail"),
    path("movies/<int:movie_id>/similar/", apis.MovieSimilarApi.as_view(), name="movie-similar"),
    path("movies/<int:movie_id>/watch/", apis.MovieWatchApi.as_view(), name="movie-watch"),
    path("movies/<int:movie_id>/showtimes/", apis.MovieShowtimesApi.as_view(), name="movie-showtimes"),
    path("people/", apis.PersonListApi.as_view(), name="person-list"),
    path("people/autocomplete/", apis.PersonAutocompleteApi.as_view(), name="person-autocomplete"),
    path("people/<int:person_id>/", apis.PersonDetailApi.as_view(), name="person-detail"),
    path("search/", apis.SearchApi.as_view(), name="search"),
    path("theaters/", apis.TheaterListApi.as_view(), name="theater-list"),
    path("theaters/<int:theater_id>/", apis.TheaterDetailApi.as_view(), name="theater-detail"),
    path("genres/", apis.GenreListApi.as_view(), name="genre-list"),
    path("platforms/", apis.PlatformListApi.as_view(), name="platform-list"),
    path("regions/", apis.RegionListApi.as_view(), name="region-list"),
    path("languages/", apis.LanguageListApi.as_view(), name="language-list"),
    path("countries/", apis.CountryListApi.as_view(), name="country-list"),
]
