"""End-to-end tests in a real browser; ``browser`` is the package they (and tools/) share."""
