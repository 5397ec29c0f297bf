"""``afspraken``: an agreement card built in six steps; see model.py and view.py."""
