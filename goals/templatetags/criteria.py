"""A goal's achievement criterion in words, the same on every page that shows it."""

from django import template

register = template.Library()


@register.filter
def criterion_in_words(holder, total=None) -> str:
    """`{% with total=rows|length %}{{ version|criterion_in_words:total }}{% endwith %}`."""
    return holder.criterion_in_words(total or None) if holder is not None else ""
