"""Being written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


feed_settings = feed = _missing
