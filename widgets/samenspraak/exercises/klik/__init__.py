"""``klik``: a few short sliders (0–10) on how a conversation felt; see model.py and view.py."""
