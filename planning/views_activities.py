"""Being written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


activity_list = activity_export = activity_follow_up = _missing
