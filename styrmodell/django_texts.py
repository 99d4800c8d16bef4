"""Django's own texts whose Swedish the project's catalogue fixes.

Listed here so that makemessages keeps them in the project's catalogue, which is read before any
installed app's and Django's (LOCALE_PATHS):
- texts Django's Swedish catalogue does not translate yet: a select's empty choice reads
  "- Välj ett alternativ -", not English;
- texts Django REST framework (installed for the open data API) translates too: an installed app's
  catalogue outranks Django's, so every form would say "Det här fältet är obligatoriskt." instead of
  Django's "Detta fält måste fyllas i." unless the project keeps Django's wording.
"""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL, new in Django 6.1.
    gettext_noop("- Select an option -"),
    # Django's wording kept over Django REST framework's.
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
]
