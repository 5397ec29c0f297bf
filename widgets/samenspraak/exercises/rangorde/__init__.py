"""``rangorde``: put options in order, or divide points; see model.py and view.py."""
