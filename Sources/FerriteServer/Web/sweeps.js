// Ferrite's web app: a sweep's results. The summary (grid or samples, which statistics mean
// something, the grid's lines, the histograms) is the server's `SweepSummary`, the one `ferrite
// sweep` prints; this file lays it out and draws it.
"use strict";

(function () {
  const F = window.Ferrite;
  const el = F.el;

  /// "capacity_options[id=louisiana-mill].earliest_period=2029,2030" -> parts for reading.
  function parameterParts(name) {
    const match = /^\s*([A-Za-z_]+)(?:\[([^\]]*)\])?\.([A-Za-z_]+)\s*(\*?=)/.exec(name);
    if (!match) return { label: name, column: "", scales: false };
    const filter = (match[2] || "").replace(/&/g, " and ").replace(/\b[a-z_]+=/g, "");
    const column = match[3].replace(/_/g, " ");
    // "price of spodumene" with a filter, "demand quantity" without one; a scaled value shows as ×1.2.
    return { label: filter ? column + " of " + filter : match[1].replace(/_/g, " ") + " " + column, column: match[3], scales: match[4] === "*=" };
  }

  /// A parameter's value as its column means it: a year as a year, a factor as ×1.2.
  function parameterValue(name, value) {
    const parts = parameterParts(name);
    if (value == null) return "\u2014";
    if (parts.scales) return "\u00d7" + window.FerriteCharts.grouped(value, 3);
    if (/period|year/.test(parts.column)) return String(Math.round(value));
    return window.FerriteCharts.grouped(value, 4);
  }

  function unitOf(name) {
    if (name === "service level") return "fraction";
    if (name === "unmet units") return "units";
    if (/ first build$/.test(name)) return "year";
    if (/ modules$/.test(name)) return "modules";
    if (/ periods open$/.test(name)) return "periods";
    return "money";
  }

  function showValue(value, unit, currency) {
    const charts = window.FerriteCharts;
    if (value == null) return "\u2014";
    if (unit === "fraction") return charts.percent(value);
    if (unit === "year") return value === 0 ? "never" : String(Math.round(value));
    if (unit === "money") return charts.format(value) + (currency ? " " + currency : "");
    if (unit === "modules" || unit === "periods") return charts.grouped(value, 0);
    return charts.grouped(value, Math.abs(value) >= 100 ? 0 : 2);
  }

  function decisionName(name) {
    return name.replace(/ first build$/, ": first year online").replace(/ modules$/, ": modules built").replace(/ periods open$/, ": years open");
  }

  /// The finished sweep: what was varied, the runs by their parameter values, the figures against
  /// the parameters (grid) or their distributions (samples), the spread, the decisions.
  async function sweepPage(job) {
    const [outcome, tables, scenario] = await Promise.all([F.api("/api/jobs/" + job.id + "/sweep"), F.api("/api/jobs/" + job.id + "/tables"),
      F.api("/api/scenarios/" + job.scenarioId).catch(function () { return null; })]);
    const summary = outcome.summary;
    const currency = outcome.currency || "";
    const grid = summary.design === "grid";
    const kind = grid ? "a grid of " + summary.runs + " run" + (summary.runs === 1 ? "" : "s") : summary.design === "samples" ? summary.runs + " random samples" : summary.runs + " runs";
    const name = scenario && scenario.scenario ? scenario.scenario.name : "the scenario";
    const headline = summary.figures.some(function (f) { return f.name === "profit"; }) ? "profit" : "total cost";
    const later = [];
    const c = { outcome: outcome, summary: summary, currency: currency, headline: headline, later: later };
    F.page("Sweep of " + name + ": " + kind, [
      F.card("What was varied", [
        el("ul", {}, outcome.parameters.map(function (p) {
          const parts = parameterParts(p);
          return el("li", {}, [el("strong", { text: parts.label + (parts.scales ? ", scaled" : "") }), el("span", { class: "id", text: " " + p })]);
        })),
        el("p", { text: summary.solved + " of " + summary.runs + " runs solved; " + (grid ? "every combination of the values (a grid, so no percentiles: its runs are chosen, not drawn)"
          : "each run draws every parameter at random" + (summary.hasPercentiles ? "" : " (fewer than 10 runs: no percentiles)")) + ". " +
          (summary.inPlace ? "The model was built once and changed in place for each run." : "The model was rebuilt for each run.") }),
        el("p", {}, el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to " + name }))], "sweep-about"),
      grid ? gridCard(c) : samplesCard(c),
      runsCard(c),
      spreadCard(c),
      decisionsCard(c),
      F.card("Tables", [F.note("Every run with its inputs, figures and decisions, the spread and the decision shares, each as CSV."),
        F.tableList(job.id, tables), el("div", { id: "table-view" })]),
    ]);
    for (const draw of later) draw();
    settle();
  }

  function settle() {
    F.finishRender();
    requestAnimationFrame(function () { document.body.setAttribute("data-ready", "sweep"); });
  }

  /// The figures worth a chart first: the headline, then the other totals, service, decisions.
  function chartNames(c, names) {
    const first = [c.headline, "total cost", "revenue", "profit", "service level", "unmet units"];
    const ordered = first.filter(function (n) { return names.indexOf(n) >= 0; });
    for (const n of names) if (unitOf(n) === "year" && ordered.indexOf(n) < 0) ordered.push(n);
    return ordered.filter(function (n, i) { return ordered.indexOf(n) === i; });
  }

  function gridCard(c) {
    const lines = c.summary.grid;
    if (!lines || lines.xValues.length === 0) return F.card("Key figures against the parameters", [F.note("No run solved.")], "grid");
    const x = lines.x, xLabel = parameterParts(x).label;
    const names = Object.keys(lines.lines[0].values);
    const shown = chartNames(c, names);
    const others = names.filter(function (n) { return shown.indexOf(n) < 0; });
    const box = el("div", { class: "grid", id: "grid-charts" });
    const drawOne = function (holder, figure) {
      const unit = unitOf(figure);
      const series = lines.lines.map(function (line, index) {
        return { key: String(index), name: lines.by ? parameterParts(lines.by).label + " " + parameterValue(lines.by, line.value) : "",
          points: lines.xValues.map(function (xv, i) { return [xv, line.values[figure][i]]; }) };
      });
      const yShow = function (v) {
        if (unit === "year") return String(Math.round(v));
        if (unit === "fraction") return window.FerriteCharts.percent(v, 0);
        return window.FerriteCharts.format(v);
      };
      const drawn = window.FerriteCharts.drawXY(holder, series, { label: figure + " against " + xLabel, xTicks: lines.xValues, xName: xLabel,
        xShow: function (v) { return parameterValue(x, v); }, yShow: yShow, yTip: function (v) { return showValue(v, unit, c.currency); },
        integers: unit === "year" || unit === "modules" || unit === "periods", xTitle: xLabel,
        yMin: unit === "fraction" ? 0 : null, yMax: unit === "fraction" ? 1 : null,
        unit: unit === "money" ? c.currency + ", discounted" : unit === "fraction" ? "share of demand" : unit === "year" ? "year" : unit,
        legendCaption: lines.by ? "One line per value of " + parameterParts(lines.by).label + ":" : null });
      if (drawn === 0) holder.appendChild(F.note(unit === "year" ? "Never built in any run." : "No value in any run."));
    };
    const holders = shown.map(function (figure) {
      const holder = el("div", { class: "grid-chart", "data-figure": figure });
      box.appendChild(el("div", {}, [el("h3", { text: unitOf(figure) === "year" ? decisionName(figure) : figure }), holder]));
      return [holder, figure];
    });
    const extra = el("div");
    const select = el("select", { id: "grid-figure" }, others.map(function (n) { return el("option", { value: n, text: unitOf(n) === "money" ? n : decisionName(n) }); }));
    const drawExtra = function () { extra.replaceChildren(); if (select.value) drawOne(extra, select.value); };
    select.addEventListener("change", function () { drawExtra(); settle(); });
    c.later.push(function () { for (const [holder, figure] of holders) drawOne(holder, figure); drawExtra(); });
    const averaged = lines.averagedOver.length ? " Each point is the mean over " + lines.averagedOver.map(function (p) { return parameterParts(p).label; }).join(", ") + "." : "";
    return F.card("Key figures against " + xLabel, [F.note("A grid sweep: each figure at every value of " + xLabel +
      (lines.by ? ", one line per value of " + parameterParts(lines.by).label : "") + ". A decision never taken leaves a gap." + averaged), box,
      others.length ? el("p", { class: "inline" }, [el("label", { for: "grid-figure", text: "Another figure " }), select]) : null, extra], "grid");
  }

  function samplesCard(c) {
    const histograms = c.summary.histograms || [];
    if (histograms.length === 0) return F.card("Distributions", [F.note("No run solved.")], "samples");
    const names = histograms.map(function (h) { return h.name; });
    const preferred = names.indexOf(c.headline) >= 0 ? c.headline : names[0];
    const select = el("select", { id: "sample-figure" }, names.map(function (n) { return el("option", { value: n, selected: n === preferred, text: n }); }));
    const histogram = el("div", { id: "histogram" }), cdf = el("div", { id: "cdf" });
    const draw = function () {
      histogram.replaceChildren(); cdf.replaceChildren();
      const name = select.value, unit = name === "regret" ? "money" : unitOf(name);
      const h = histograms.find(function (item) { return item.name === name; });
      const show = function (v) { return unit === "fraction" ? window.FerriteCharts.percent(v, 1) : window.FerriteCharts.format(v); };
      window.FerriteCharts.drawHistogram(histogram, h.edges, h.counts, { label: "Histogram of " + name, xShow: show,
        xTitle: name + (unit === "money" ? " (" + c.currency + ", discounted)" : "") });
      const values = c.outcome.runs.map(function (run) {
        return name === "objective" ? run.objective : name === "regret" ? run.regret : run.figures[name];
      }).filter(function (v) { return v != null; }).sort(function (a, b) { return a - b; });
      const points = values.map(function (v, i) { return [v, (i + 1) / values.length]; });
      if (points.length) points.unshift([values[0], 0]);
      window.FerriteCharts.drawXY(cdf, [{ key: "cdf", name: "", points: points }], { label: "Cumulative distribution of " + name, step: true,
        xShow: show, yShow: function (v) { return window.FerriteCharts.percent(v, 0); }, yMin: 0, yMax: 1, unit: "share of runs at or below",
        xTitle: name + (unit === "money" ? " (" + c.currency + ", discounted)" : "") });
    };
    select.addEventListener("change", function () { draw(); settle(); });
    c.later.push(draw);
    return F.card("Distribution over the runs", [el("p", { class: "inline" }, [el("label", { for: "sample-figure", text: "Figure " }), select]),
      el("div", { class: "grid" }, [el("div", {}, [el("h3", { text: "Histogram" }), histogram]), el("div", {}, [el("h3", { text: "Cumulative distribution" }), cdf])])], "samples");
  }

  function runsCard(c) {
    const params = c.outcome.parameters;
    const decisionNames = Object.keys(c.outcome.base.decisions || {}).filter(function (n) { return unitOf(n) === "year"; });
    const headers = ["Run"].concat([c.headline, "service level"], decisionNames.map(decisionName), ["regret", "status"]);
    const label = function (run) {
      if (run.index < 0) return "base";
      return params.map(function (p) { return parameterParts(p).label + " " + parameterValue(p, run.inputs[p]); }).join(", ");
    };
    const figure = function (run, name) { return name === "objective" ? run.objective : run.figures[name]; };
    const runs = [c.outcome.base].concat(c.outcome.runs.slice(0, 200));
    const rows = runs.map(function (run) {
      return el("tr", { class: run.index < 0 ? "selected" : null }, [el("td", { "data-label": "Run", text: label(run) }),
        el("td", { class: "num", "data-label": c.headline, text: showValue(figure(run, c.headline), "money", c.currency) }),
        el("td", { class: "num", "data-label": "service level", text: showValue(run.figures["service level"], "fraction") })]
        .concat(decisionNames.map(function (n) { return el("td", { class: "num", "data-label": decisionName(n), text: showValue(run.decisions[n], "year") }); }))
        .concat([el("td", { class: "num", "data-label": "regret", text: run.index < 0 ? "\u2014" : run.regret == null ? "base plan impossible" : showValue(run.regret, "money", c.currency) }),
          el("td", { "data-label": "status", text: run.termination })]));
    });
    return F.card("Runs", [F.note("Each run by its parameter values" + (c.outcome.runs.length > 200 ? " (the first 200; the runs table below has every one)" : "") +
      ". Regret: what keeping the base plan's decisions would cost under the run's numbers, against the run's own optimum (\u201cbase plan impossible\u201d when those decisions cannot be kept, such as a mill built before it may be)."),
      el("div", { class: "scroll" }, el("table", { id: "sweep-runs", class: "stack" }, [el("thead", {}, el("tr", {}, headers.map(function (h, i) {
        return el("th", { scope: "col", class: i > 0 && i < headers.length - 1 ? "num" : null, text: h }); }))), el("tbody", {}, rows)]))], "runs");
  }

  function spreadCard(c) {
    const s = c.summary;
    const percentiles = Boolean(s.hasPercentiles);
    const columns = percentiles ? [["base", "Base"], ["minimum", "Min"], ["p10", "P10"], ["median", "Median"], ["mean", "Mean"], ["p90", "P90"], ["maximum", "Max"]]
      : [["base", "Base"], ["minimum", "Min"], ["mean", "Mean"], ["maximum", "Max"]];
    const spreads = s.figures.concat(s.regret ? [s.regret] : []);
    const rows = spreads.map(function (spread) {
      const unit = spread.name === "regret" ? "money" : unitOf(spread.name);
      return el("tr", {}, [el("td", { "data-label": "Figure", text: spread.name })].concat(columns.map(function (col) {
        return el("td", { class: "num", "data-label": col[1], text: showValue(spread[col[0]], unit) });
      })));
    });
    const why = percentiles ? "Percentiles over the " + s.solved + " solved runs." : s.design === "grid"
      ? "A grid's runs are chosen, not drawn: minimum, mean and maximum only." : "Too few runs for percentiles: minimum, mean and maximum only.";
    return F.card("Spread of the key figures", [F.note(why + " Money in " + c.currency + ", discounted."), el("div", { class: "scroll" }, el("table", { id: "spread", class: "stack" }, [
      el("thead", {}, el("tr", {}, [el("th", { scope: "col", text: "Figure" })].concat(columns.map(function (col) { return el("th", { scope: "col", class: "num", text: col[1] }); })))),
      el("tbody", {}, rows)]))], "spread");
  }

  function decisionsCard(c) {
    const decisions = c.summary.decisions;
    if (decisions.length === 0) return F.card("Decisions across the runs", [F.note("The scenario has no capacity or site decisions.")], "decisions");
    const rows = decisions.map(function (choice) {
      const unit = choice.unit || unitOf(choice.name);
      return el("tr", {}, [el("td", { "data-label": "Decision", text: decisionName(choice.name) }),
        el("td", { "data-label": "Base", text: choice.base == null ? "\u2014" : showValue(choice.base, unit) }),
        el("td", { "data-label": "Chosen in runs", text: choice.shares.map(function (share) {
          return showValue(share.value, unit) + ": " + (100 * share.fraction).toFixed(0) + " %"; }).join(", ") })]);
    });
    return F.card("Decisions across the runs", [F.note("How often each decision takes each value over the solved runs; a first year online of \u201cnever\u201d means not built."),
      el("table", { id: "choices", class: "stack" }, [el("thead", {}, el("tr", {}, ["Decision", "Base", "Chosen in runs"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
        el("tbody", {}, rows)])], "decisions");
  }

  F.jobKinds.sweep = sweepPage;
})();
