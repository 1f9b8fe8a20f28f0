"""Query vocabulary of the center's tables."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class NewsEntryQuerySet(models.QuerySet):
    def published(self, now=None):
        """Entries inside their publish window now: drafts, future and expired entries are left out."""
        now = now or timezone.now()
        return self.filter(Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now), publish_at__lte=now)
