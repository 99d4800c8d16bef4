"""Being written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


plan_index = plan_detail = activity_detail = _missing
