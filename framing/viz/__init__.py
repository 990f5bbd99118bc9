"""Drawing: the journal style, deterministic rendering, and plots of tidy tables (matplotlib)."""
