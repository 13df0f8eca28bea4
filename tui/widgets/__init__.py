"""One module per pane or widget."""
