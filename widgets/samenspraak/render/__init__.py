"""What the kit writes for people to read outside the app: the session report, the trainer's
guide, exports and PDFs. No widgets: built from the content, the store and each type's pure
``render_html``."""
