"""A small app installed only under pytest: models that use the protection layer as cases will."""
