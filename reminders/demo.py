"""The demo's reminders: the first morning's sweep of every municipality, run when the demo
is loaded (``demo.loader.APP_STEPS``), so the demo coordinators find their inbox filled. No
e-mail is queued; a running worker's next sweep delivers the pending digests."""

from .sweep import sweep_all


def load_demo_reminders() -> dict:
    results = sweep_all(enqueue=False)
    return {"reminders": sum(result.found for result in results)}
