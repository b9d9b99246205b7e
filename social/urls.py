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
