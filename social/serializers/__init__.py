"""Input and output shapes of the social endpoints, by concept."""
