"""A checkbox that reads "[x]" when on and "[ ]" when off, not a block that only changes colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class MarkBox(Checkbox):
    """A Checkbox whose box shows its state in characters, so it reads the same in any theme.

    Textual's own box draws the same ``▐X▌`` either way and tells the states
    apart by colour alone, which some themes and terminals barely show.
    """

    @property
    def _button(self) -> Content:
        """The box: "[x]" when checked, "[ ]" when not, in the toggle's button style."""
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[x]" if self.value else "[ ]", style), " ")
