"""Writes for the movies app, one module per concept."""
