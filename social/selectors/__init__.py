"""Reads of the social app, one module per concept."""
