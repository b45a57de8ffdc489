"""ngoclaims: recompute and check every numeric claim of an article on NGOs in Central Asia."""

__version__ = "0.1.0"
