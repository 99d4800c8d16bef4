"""Django's own Swedish for five form messages, kept over Django REST framework's.

An installed app's catalogue outranks Django's built-in one, so with the open data API's framework
installed its wording ("Det här fältet är obligatoriskt.") would replace the one every form of the
app has said so far ("Detta fält måste fyllas i."). Naming the texts here puts them in the project's
catalogue, which outranks both, with Django's translations.
"""

from django.utils.translation import gettext_noop

KEPT_FROM_DJANGO = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
]
