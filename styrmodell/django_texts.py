"""Django's own texts that Django's Swedish catalogue does not translate yet.

Listed here so that makemessages keeps them in the project's catalogue, which is read before
Django's (LOCALE_PATHS): a select's empty choice reads "- Välj ett alternativ -", not English.
"""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL, new in Django 6.1.
    gettext_noop("- Select an option -"),
]
