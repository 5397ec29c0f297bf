"""``taalcheck``: rewrite a sentence about parents and vote; see model.py and view.py."""
