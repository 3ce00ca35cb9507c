# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PNG charts of the results (matplotlib, from benchmarks/requirements.txt, imported only when a chart is drawn)."""


def _pyplot():
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    return plt


def _finish(plt, figure, axes, path, title, ylabel, log):
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    if log:
        from matplotlib import ticker  # pylint: disable=import-outside-toplevel

        axes.set_yscale("log")
        axes.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, position: f"{value:g}"))
        axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def chart(path, title, xlabel, ylabel, series, xs, log=False):
    """One line per series ({label: [y per x]}); a None y is left out."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 4.5))
    for label, ys in series.items():
        points = [(x, y) for x, y in zip(xs, ys) if y is not None]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_xlabel(xlabel)
    _finish(plt, figure, axes, path, title, ylabel, log)


def bar_chart(path, title, ylabel, groups, series, log=False, labels=False):
    """Bars side by side per group ({label: [value per group]}); a None value is left out; labels: print each value."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / max(1, len(series))
    for index, (label, values) in enumerate(series.items()):
        bars = [(group + index * width, value) for group, value in enumerate(values) if value is not None]
        drawn = axes.bar([x for x, value in bars], [value for x, value in bars], width, label=label)
        if labels:
            axes.bar_label(drawn, fmt="%.1f", fontsize=7)
    axes.set_xticks([group + width * (len(series) - 1) / 2 for group in range(len(groups))])
    axes.set_xticklabels(groups, fontsize=8)
    _finish(plt, figure, axes, path, title, ylabel, log)
