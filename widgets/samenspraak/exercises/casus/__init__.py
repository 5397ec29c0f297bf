"""``casus``: a fictional case told in steps, each choice leading on; see model.py and view.py."""
