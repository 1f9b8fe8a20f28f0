"""Demo volunteer profiles and needs (invented)."""


def load(*, users):
    return None
