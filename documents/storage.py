"""Private file storage: files with no public URL, served only by views that check access."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT; `url()` refuses, so no template can leak one."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: link to the view that checks access instead.")

    def _clear_cached_properties(self, setting, **kwargs) -> None:
        # Tests point PRIVATE_MEDIA_ROOT at a temporary folder; forget the old location when they do.
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        super()._clear_cached_properties(setting, **kwargs)


@functools.cache
def private_storage() -> PrivateStorage:
    """The storage of governing documents' PDFs (a callable, so migrations name it, not its folder)."""
    return PrivateStorage()
