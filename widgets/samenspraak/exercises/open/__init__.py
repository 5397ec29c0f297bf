"""``open``: free text, shown as a list or a word cloud; see model.py and view.py."""
