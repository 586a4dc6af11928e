"""`{{ user|display_name }}`: a person's name, or their position, never their user name when either exists."""

from django import template

from plans.models import person_display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return person_display_name(user)
