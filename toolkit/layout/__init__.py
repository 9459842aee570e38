"""Layout: pure functions from values to positioned items (points, origin bottom-left)."""
