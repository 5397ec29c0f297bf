"""``stelling``: agree, disagree or "weet niet"; see model.py and view.py."""
