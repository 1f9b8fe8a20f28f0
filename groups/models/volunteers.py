"""Volunteer profiles, talent bank, groups' volunteer needs, applications and matches."""

__all__: list[str] = []
