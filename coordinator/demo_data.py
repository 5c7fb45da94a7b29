"""A building block of every app's demo data (``<app>/demo.py``): idempotent upserts, so a
repeated ``load_demo`` writes no rows and no history."""


def upsert(model, lookup: dict, values: dict, reason: str):
    """Get the row of ``model`` matching ``lookup`` or create it; set ``values``, validate
    (``full_clean``, which raises ``ValidationError`` when the demo data breaks a model rule)
    and save only when something differs. ``reason`` is the history's change reason, set before
    validation (a community moved back to its demo step needs one). Returns the row."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changed = {f: v for f, v in values.items() if getattr(obj, f) != v}
        if not changed:
            return obj
        for field, value in changed.items():
            setattr(obj, field, value)
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return obj
