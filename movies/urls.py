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

# Reviews (issue 7).
from movies import apis_reviews  # noqa: E402

urlpatterns += [
    path("movies/<int:movie_id>/reviews/", apis_reviews.MovieReviewsApi.as_view(), name="movie-reviews"),
    path("reviews/<int:review_id>/", apis_reviews.ReviewDetailApi.as_view(), name="review-detail"),
    path("reviews/<int:review_id>/vote/", apis_reviews.ReviewVoteApi.as_view(), name="review-vote"),
    path("reviews/<int:review_id>/comments/", apis_reviews.ReviewCommentsApi.as_view(), name="review-comments"),
    path("users/<int:user_id>/reviews/", apis_reviews.UserReviewsApi.as_view(), name="user-reviews"),
]
