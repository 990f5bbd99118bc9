"""Plotting functions: each is ``f(data, *, ..., ax=None) -> Axes`` and only draws.

Statistics are computed elsewhere (:mod:`framing.compare`, :mod:`framing.topics`, ...);
these functions take their tidy tables. Styling comes from :mod:`framing.style`.
"""
