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

# Members' lists: collections, watchlist, favorites (movies/apis_lists.py).
from movies import apis_lists  # noqa: E402

urlpatterns += [
    path("collections/", apis_lists.CollectionListApi.as_view(), name="collection-list"),
    path("collections/<int:collection_id>/", apis_lists.CollectionDetailApi.as_view(), name="collection-detail"),
    path("collections/<int:collection_id>/movies/", apis_lists.CollectionMoviesApi.as_view(), name="collection-movies"),
    path("collections/<int:collection_id>/follow/", apis_lists.CollectionFollowApi.as_view(), name="collection-follow"),
    path("me/watchlist/", apis_lists.MyWatchlistApi.as_view(), name="my-watchlist"),
    path("me/watchlist/<int:movie_id>/", apis_lists.MyWatchlistEntryApi.as_view(), name="my-watchlist-entry"),
    path("me/favorites/", apis_lists.MyFavoritesApi.as_view(), name="my-favorites"),
    path("me/favorites/<int:favorite_id>/", apis_lists.MyFavoriteApi.as_view(), name="my-favorite"),
    path("users/<int:user_id>/watchlist/", apis_lists.UserWatchlistApi.as_view(), name="user-watchlist"),
    path("users/<int:user_id>/favorites/", apis_lists.UserFavoritesApi.as_view(), name="user-favorites"),
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
