"""``reflectie``: a private journal that stays with the participant; see model.py and view.py."""
