"""Interface strings of installed packages that their own catalogues leave in English in Vietnamese.

Listed here so that `make messages` extracts them into our catalogue (locale/, which Django reads before the
packages' own), where they get their Vietnamese. Never imported: the strings only need to be found.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    # Django's admin: the change list's filter facets (Django 5.0), missing from its Vietnamese catalogue.
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    # The admin's screen-reader labels, missing from its Vietnamese catalogue.
    gettext_noop("Filter navigation items"),
    gettext_noop("Search"),  # also the alt text of templates/admin/search_form.html
    gettext_noop("Select all objects on this page for an action"),
]
