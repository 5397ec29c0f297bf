"""``woordwolk``: a few words per person, shown as a word cloud; see model.py and view.py."""
