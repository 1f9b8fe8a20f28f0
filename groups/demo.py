"""Demo groups for local use (invented), then volunteers and needs."""

from . import demo_volunteers


def load(*, users):
    demo_volunteers.load(users=users)
