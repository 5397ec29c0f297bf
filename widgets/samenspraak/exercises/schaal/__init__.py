"""``schaal``: a self-scan of statements on a 1–5 scale; see model.py and view.py."""
