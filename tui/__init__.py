"""The Textual app that turns unpinch's library into screens."""
