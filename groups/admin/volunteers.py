"""Admin for volunteer profiles, needs and applications."""
