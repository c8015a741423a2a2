"""Views of the dialogues app, one module per feature."""
