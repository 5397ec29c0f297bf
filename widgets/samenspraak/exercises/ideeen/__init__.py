"""``ideeen``: add ideas and vote on those of others; see model.py and view.py."""
