"""``quiz``: knowledge questions with one right answer and feedback; see model.py and view.py."""
