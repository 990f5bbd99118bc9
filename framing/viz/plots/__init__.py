"""Plotting functions: each is ``f(data, *, ..., ax=None) -> Axes`` and only draws.

Statistics are computed elsewhere (:mod:`framing.terms`, :mod:`framing.topics`, ...);
these functions take their tidy tables. Styling comes from :mod:`framing.viz.style`; layout (legends
beside the data, figure heights: :func:`rates_aspect`) from :mod:`framing.viz.plots.layout`, labels
from :mod:`framing.viz.plots.labels`, time axes from :mod:`framing.viz.plots.timeaxis`.
"""

from framing.viz.plots.compare import plot_rate_ratios  # noqa: F401
from framing.viz.plots.frames import plot_effect, plot_frame_network, plot_topic_wording  # noqa: F401
from framing.viz.plots.labels import pattern_label, pattern_labels  # noqa: F401
from framing.viz.plots.languages import plot_agreement  # noqa: F401
from framing.viz.plots.layout import legend_outside, rates_aspect  # noqa: F401
from framing.viz.plots.meaning import (  # noqa: F401
    plot_effect_norms,
    plot_neighbours,
    plot_neighbours_ratio,
    plot_scores_over_time,
)
from framing.viz.plots.terms import (  # noqa: F401
                                  plot_collocates,
                                  plot_keyness,
                                  plot_keyness_matrix,
                                  plot_rates,
                                  plot_rates_over_time,
                                  plot_term_share,
)
from framing.viz.plots.topic_map import plot_topic_map  # noqa: F401
from framing.viz.plots.topics import plot_prevalence_heatmap, plot_prevalence_time, plot_sweep, plot_top_terms  # noqa: F401
