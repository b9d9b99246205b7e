"""Writes for the movies app, one module per concept."""

from movies.services.lists import lists_account_data_remove  # noqa: E402,F401  (DELETE /auth/me/)
from movies.services.removal import account_data_remove  # noqa: E402

__all__ = ["account_data_remove"]
