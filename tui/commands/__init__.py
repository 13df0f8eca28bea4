"""Plain commands, one group per module; each attaches itself to ``common.cli``."""
