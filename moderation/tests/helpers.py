"""Building queue items the way members make them: by reporting through the service."""

from moderation.models import ModerationItem
from moderation.services import report_create
from social.tests.factories import PulseFactory, UserFactory


def reported_pulse(*, reporters: int = 1, author=None, reason: str = "spam"):
    pulse = PulseFactory(**({"user": author} if author else {}))
    for _ in range(reporters):
        report_create(reporter=UserFactory(), content_type="pulse", object_id=pulse.pk, reason=reason)
    return pulse, ModerationItem.objects.get(content_type="pulse", object_id=pulse.pk)


def reported_review(*, reporters: int = 1, reason: str = "spoilers"):
    from movies.tests.factories import ReviewFactory

    review = ReviewFactory(content="The twist is that the house was the narrator all along.")
    for _ in range(reporters):
        report_create(reporter=UserFactory(), content_type="review", object_id=review.pk, reason=reason)
    return review, ModerationItem.objects.get(content_type="review", object_id=review.pk)
