"""Being written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


wheel_index = wheel = event_list = _missing
