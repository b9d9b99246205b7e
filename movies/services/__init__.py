"""Writes for the movies app, one module per concept."""

from movies.services.removal import account_data_remove  # noqa: E402

__all__ = ["account_data_remove"]
