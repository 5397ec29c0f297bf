"""``perspectief``: answered as yourself and as the family would; see model.py and view.py."""
