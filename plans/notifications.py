"""Telling a head what the DX office did with their update: an in-app notification, written in the review's own
transaction, and an e-mail sent by a Celery task once that transaction commits (the task base waits for the
commit, so a rolled-back review sends nothing).

A person who turned e-mails off in their settings (UserPreferences) still gets the in-app notification.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from plans.models import Notification, TaskUpdate, UserPreferences

logger = logging.getLogger(__name__)

KIND_OF_REVIEW = {
    TaskUpdate.Review.VERIFIED: Notification.Kind.VERIFIED,
    TaskUpdate.Review.RETURNED: Notification.Kind.RETURNED,
}


def notify_reviewed(update: TaskUpdate) -> Notification | None:
    """Record the notification for the update's author and queue its e-mail (sent after commit).

    Nobody is notified when the author is gone, inactive, or reviewed their own update.
    """
    author = update.author
    if author is None or not author.is_active or author.pk == update.reviewed_by_id:
        return None
    notification = Notification.objects.create(
        recipient=author, kind=KIND_OF_REVIEW[update.review_state], update=update
    )
    from plans.tasks import send_notification_email  # plans.tasks imports this module

    send_notification_email.delay(notification.pk)
    return notification


def wants_email(user) -> bool:
    prefs = UserPreferences.objects.filter(user=user).first()
    return prefs is None or prefs.email_notifications


def render_email(notification: Notification) -> EmailMultiAlternatives:
    site = settings.DXT_SITE_URL.rstrip("/")
    update = notification.update
    context = {
        "user": notification.recipient,
        "notification": notification,
        "update": update,
        "task": update.task,
        "returned": notification.kind == Notification.Kind.RETURNED,
        "task_url": site + reverse("plans:task_update", args=[update.task_id]),
        "notifications_url": site + reverse("plans:notification_list"),
        "settings_url": site + reverse("plans:preferences"),
    }
    # Officials read Vietnamese, whatever language the worker process runs in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/review_subject.txt", context).split())
        text = render_to_string("emails/review.txt", context)
        html = render_to_string("emails/review.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def send_email(notification_id: int) -> bool:
    """E-mail one notification; False (nothing sent) when it is gone, or the person has no address or wants none."""
    notification = (
        Notification.objects.select_related("recipient", "update__task", "update__reviewed_by")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.recipient.email or not wants_email(notification.recipient):
        return False
    render_email(notification).send()
    return True
