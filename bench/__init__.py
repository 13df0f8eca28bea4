"""unpinch's benchmark: each figure beside its target and a reference from the same run."""
