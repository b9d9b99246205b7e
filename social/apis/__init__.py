"""Account, profile, notification and settings endpoints of the social app, by concept."""
