"""Database helpers shared by the apps: extension catalog, feature checks, migration operations."""
