from django.urls import path

from social.apis import accounts as apis

urlpatterns = [
    path("auth/register/", apis.RegisterApi.as_view(), name="auth-register"),
    path("auth/token/", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/token/refresh/", apis.TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/password/", apis.PasswordChangeApi.as_view(), name="auth-password"),
    path("auth/password-reset/", apis.PasswordResetApi.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", apis.PasswordResetConfirmApi.as_view(), name="auth-password-reset-confirm"),
    path("auth/me/", apis.MeApi.as_view(), name="auth-me"),
]

from social.apis import notifications  # noqa: E402

urlpatterns += [
    path("notifications/", notifications.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/read-all/", notifications.NotificationReadAllApi.as_view(), name="notification-read-all"),
    path(
        "notifications/unread-count/", notifications.NotificationUnreadCountApi.as_view(), name="notification-unread-count"
    ),
    path("notifications/<int:notification_id>/read/", notifications.NotificationReadApi.as_view(), name="notification-read"),
    path("me/settings/", notifications.MySettingsApi.as_view(), name="my-settings"),
    path("me/notification-preferences/", notifications.MyNotificationPreferencesApi.as_view(), name="my-notification-preferences"),
]

from social.apis import graph, pulses  # noqa: E402

urlpatterns += [
    path("users/<int:user_id>/", graph.UserProfileApi.as_view(), name="user-profile"),
    path("users/<int:user_id>/follow/", graph.UserFollowApi.as_view(), name="user-follow"),
    path("users/<int:user_id>/followers/", graph.UserFollowersApi.as_view(), name="user-followers"),
    path("users/<int:user_id>/following/", graph.UserFollowingApi.as_view(), name="user-following"),
    path("pulses/", pulses.PulseListApi.as_view(), name="pulse-list"),
    path("pulses/<int:pulse_id>/", pulses.PulseDetailApi.as_view(), name="pulse-detail"),
    path("pulses/<int:pulse_id>/reactions/", pulses.PulseReactionsApi.as_view(), name="pulse-reactions"),
    path("pulses/<int:pulse_id>/comments/", pulses.PulseCommentsApi.as_view(), name="pulse-comments"),
    path("feed/", pulses.FeedApi.as_view(), name="feed"),
    path("trending/", pulses.TrendingApi.as_view(), name="trending"),
]
