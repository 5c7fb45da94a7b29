"""The goals of the preconditions and their reviews (002 step 1.1 "Preparations": measurable
short- and long-term goals; step 4 "Dialogue and collaboration": update objectives)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_noop

from coordinator.access import Action, can, require

from .models import GoalReview, GoalStatus, PreconditionGoal, Preconditions


def preconditions_of(municipality) -> Preconditions:
    """The municipality's preconditions, created empty on first use."""
    return Preconditions.objects.get_or_create(municipality=municipality)[0]


def record_review(actor, goal: PreconditionGoal, review: GoalReview,
                  status: str | None = None) -> GoalReview:
    """Save ``review`` (unsaved, its fields filled in) as a review of ``goal`` by ``actor``, and
    move the goal's next review date to the review's (default: ``reviewed_on`` plus the goal's
    review interval). ``status``: where the goal stands after the review (a ``GoalStatus``
    value), unchanged when None.

    The goal's next review follows the most recent review (by date), so recording an older
    review late does not move it back. ``Http404``/``PermissionDenied`` when ``actor`` may not
    change the goal or add reviews; ``ValidationError`` (by field) for an invalid review."""
    require(actor, goal, Action.CHANGE)
    if not can(actor, Action.ADD, GoalReview):
        raise PermissionDenied
    review.goal = goal
    review.municipality_id = goal.municipality_id
    review.reviewed_by = actor.user
    if review.next_review_on is None and review.reviewed_on is not None:
        review.next_review_on = review.reviewed_on + timedelta(days=goal.review_interval_days)
    review.full_clean()
    with transaction.atomic():
        review.save()
        latest = goal.reviews.order_by("-reviewed_on", "-pk").first()
        goal.next_review_on = latest.next_review_on
        changed = ["next_review_on"]
        if status is not None and status != goal.status:
            goal.status = GoalStatus(status)
            changed.append("status")
        goal._change_reason = gettext_noop("Reviewed")  # translated when shown
        goal.save(update_fields=changed)
    return review
