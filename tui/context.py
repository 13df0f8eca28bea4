"""Typed access to the running UnpinchApp from any screen or widget.

Screens need the workspace, clocks and sound output that the app owns; this
keeps that access typed without an import cycle between app and screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from unpinch.tui.app import UnpinchApp


def unpinch_app(node: DOMNode) -> UnpinchApp:
    """The UnpinchApp that ``node`` belongs to."""
    return cast("UnpinchApp", node.app)
