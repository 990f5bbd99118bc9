"""Interactive views for JupyterLab (and Voilà), built from ipywidgets.

Each view wires controls to package functions and :mod:`framing.viz.plots`, and shows the
result at once: type a term, pick outlets and dates, see the numbers change.

- :class:`TermExplorer` — term rates by outlet and over time, KWIC lines, collocates;
- :class:`KeynessExplorer` — distinctive words of an outlet against another or the rest;
- :class:`TopicExplorer` — a fitted topic model, one topic at a time;
- :class:`IntrusionCoder` — word- and topic-intrusion items, a coder's picks saved to a file;
- :class:`FrameCoder` — a coding sample, the frames a coder marks saved to a file;
- :class:`MeaningExplorer` — what a term means at each outlet: neighbours, their ratio, concordances.

Every view shows errors (a pattern with no match, an empty date range) as a message and
stays usable, and can save its figures (PNG/PDF/SVG) and tables (CSV) into a folder.
Views are objects: ``view.patterns.value = "invasion"`` changes a control from code,
``view.tables`` and ``view.figures`` hold what is shown.

>>> from framing.widgets import TermExplorer, KeynessExplorer, TopicExplorer
"""

from framing.widgets.base import View
from framing.widgets.coding import FrameCoder
from framing.widgets.intrusion import IntrusionCoder
from framing.widgets.keyness import KeynessExplorer, KeynessOptions
from framing.widgets.meaning import MeaningExplorer, MeaningOptions
from framing.widgets.terms import TermExplorer, TermOptions
from framing.widgets.topics import TopicExplorer, TopicOptions

__all__ = ["FrameCoder", "IntrusionCoder", "KeynessExplorer", "KeynessOptions", "MeaningExplorer", "MeaningOptions",
           "TermExplorer", "TermOptions", "TopicExplorer", "TopicOptions", "View"]
