// Ferrite's web app: a futures study: the decision that holds up across futures. The answer is the
// server's FuturesResult, the one `ferrite futures --format json` prints; this file lays it out.
"use strict";

(function () {
  const F = window.Ferrite;
  const el = F.el;

  const EXAMPLE = [
    "name: demand futures",
    "risk: expected-value        # or cvar, or minimax-regret",
    "futures:",
    "  - name: low",
    "    probability: 0.3",
    "    variant: {changes: [\"demand: quantity * 0.8\"]}",
    "  - name: central",
    "    probability: 0.5",
    "    variant: {changes: []}",
    "  - name: high",
    "    probability: 0.2",
    "    variant: {changes: [\"demand: quantity * 1.25\"]}",
    ""].join("\n");

  /// #/futures/SCENARIO: the form that starts a study on a stored scenario.
  F.pages.futures = async function (parts) {
    const id = parts[0];
    const detail = await F.api("/api/scenarios/" + id);
    const yaml = el("textarea", { id: "futures-yaml", rows: 14, cols: 70, spellcheck: "false" });
    yaml.value = EXAMPLE;
    const method = el("select", { id: "futures-method" }, [["auto", "auto"], ["extensive", "extensive form"], ["benders", "Benders decomposition"]]
      .map(function (m) { return el("option", { value: m[0], text: m[1] }); }));
    const form = el("form", { onsubmit: async function (event) {
      event.preventDefault();
      try {
        const job = await F.api("/api/scenarios/" + id + "/futures", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ yaml: yaml.value, method: method.value }) });
        location.hash = "#/job/" + job.id;
      } catch (error) { F.fail(error); }
    } }, [el("label", { for: "futures-yaml", text: "Futures, each a variant of this scenario with a probability (docs/futures.md)" }), yaml,
      el("p", { class: "inline" }, [el("label", { for: "futures-method", text: "Method" }), method,
        el("button", { type: "submit", text: "Find the plan for every future" })])]);
    F.page("Futures of " + detail.scenario.name, [
      el("p", {}, el("a", { href: "#/scenario/" + id, text: "Back to the scenario" })),
      F.card("One build plan for many futures", [
        F.note("Builds and site openings are decided once, for every future; production, purchases and shipping are planned in each. The probabilities must add up to 1."),
        form])]);
  };

  /// Money, compact (12.3 bn); the currency stands in the column's header, so that a phone's
  /// narrow columns keep each figure on one line.
  function money(value) {
    if (value == null) return "\u2014";
    return window.FerriteCharts.format(value);
  }

  /// "2 in 2029" -> "2 modules in 2029" (sites read "open 2029" already).
  function modules(text) {
    return text.replace(/\b(\d+) in (\d{4})/g, function (all, count, year) { return count + (count === "1" ? " module" : " modules") + " in " + year; });
  }

  function table(headers, rows, numeric) {
    return el("div", { class: "scroll" }, el("table", {}, [
      el("thead", {}, el("tr", {}, headers.map(function (h) { return el("th", { scope: "col", text: h }); }))),
      el("tbody", {}, rows.map(function (row) {
        return el("tr", {}, row.map(function (cell, i) { return el("td", { class: numeric[i] ? "num" : null, text: cell }); }));
      }))]));
  }

  /// A finished futures job: the decision, each future, the measures, the charts, robustness.
  F.jobKinds.futures = async function (job) {
    const r = await F.api("/api/jobs/" + job.id + "/futures");
    const profit = r.objectiveSense === "maximize-profit";
    const what = profit ? "profit" : "cost";
    const cur = r.currency;
    const taken = r.decisions.filter(function (d) { return d.value > 1e-6; });
    const decision = taken.length === 0 ? [F.note("Nothing is built and no candidate site is opened now.")]
      : [el("ul", {}, taken.map(function (d) {
        const isBuild = /online in \d+$/.test(d.decision);
        return el("li", {}, [el("strong", { text: d.subject }), isBuild
          ? ": " + F.number(d.value) + " module" + (d.value === 1 ? "" : "s") + " online in " + d.year
          : ": open in " + d.year]);
      }))];
    const outcomes = table(["Future", "Probability", "Plan's " + what + " (" + cur + ")", "Own optimum (" + cur + ")", "Regret (" + cur + ")", "Served"],
      r.outcomes.map(function (o) {
        const figures = (o.keyFigures && o.keyFigures.figures) || [];
        const service = figures.find(function (f) { return f.name === "service level"; });
        return [o.future, window.FerriteCharts.percent(o.probability), o.objective == null ? "no plan" : money(o.objective),
          money(o.ownOptimum), money(o.regret), service ? window.FerriteCharts.percent(service.value) : "\u2014"];
      }), [false, true, true, true, true, true]);
    const problems = r.outcomes.filter(function (o) { return o.problem; })
      .map(function (o) { return el("p", { class: "error", text: o.future + ": " + o.problem }); });
    const measures = table(["Measure", "Value (" + cur + ")", "What it means"], r.measures.map(function (m) {
      return [m.name, money(m.value), m.note ? m.meaning + " (" + m.note + ")" : m.meaning];
    }), [false, true, false]);
    const robust = r.robustness.length === 0 ? F.note("No future takes a decision now, alone or in the plan.")
      : table(["Option or site", "The plan", "Same decision alone in", "Each future alone"], r.robustness.map(function (item) {
        const others = Object.keys(item.ownDecisions).filter(function (f) { return item.agreeing.indexOf(f) < 0; }).sort()
          .map(function (f) { return f + ": " + item.ownDecisions[f]; });
        return [item.subject, modules(item.plan), item.agreeing.length ? item.agreeing.join(", ") : "no future", modules(others.join("; ")) || "all agree"];
      }), [false, false, false, false]);
    const costChart = el("div", { class: "chart-box", id: "futures-cost-chart" });
    const regretChart = el("div", { class: "chart-box", id: "futures-regret-chart" });
    const s = r.statistics;
    const how = s.method === "benders"
      ? "Benders decomposition (" + s.cuts + " cuts): " + s.iterations + " iterations, " + s.cutCount + " cuts; " + s.futures + " futures of up to "
        + F.number(s.subproblemRows) + " rows; " + s.totalSeconds.toFixed(1) + " s in all."
      : "Extensive form: " + F.number(s.rows) + " rows \u00d7 " + F.number(s.columns) + " columns (" + s.integerColumns + " integer) for "
        + s.futures + " futures; " + s.totalSeconds.toFixed(1) + " s in all.";
    F.page(r.study, [
      el("p", {}, el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to the scenario" })),
      F.card("Decided now", [el("p", { id: "futures-headline", text: r.outcomes.length + " futures, " + r.risk + "; "
        + (profit ? "expected discounted profit " : "expected discounted cost ") + money((r.measures.find(function (m) { return m.name === "RP"; }) || {}).value) + " " + cur + "." })]
        .concat(decision), "futures-decision"),
      F.card("Each future with these decisions", [outcomes].concat(problems), "futures-table"),
      F.card("The plan's " + what + " in each future", [F.note("Bars: the plan's " + what + "; marker: the future's own optimum with perfect foresight."), costChart]),
      F.card("Regret in each future", [F.note("How much worse the plan does than the future's own optimum."), regretChart]),
      F.card("Measures", [measures], "futures-measures"),
      F.card("How robust is each decision", [F.note("For each option or site: what the plan decides, and which futures would decide the same on their own."), robust], "futures-robustness"),
      F.note(how)]);
    const charts = window.FerriteCharts;
    const drawn = charts.drawStackedBars(costChart, r.outcomes.filter(function (o) { return o.objective != null; }).map(function (o) {
      return { label: o.future + " (" + charts.percent(o.probability) + ")", segments: [{ key: "plan", value: o.objective }],
        marker: o.ownOptimum != null ? { value: o.ownOptimum, label: "own optimum" } : null };
    }), { unit: cur, label: "The plan's " + what + " by future", keepOrder: true, markerLegend: "own optimum", names: { plan: "the plan" } });
    if (drawn === 0) costChart.appendChild(F.note("No future has a positive " + what + " to draw."));
    const regrets = charts.drawStackedBars(regretChart, r.outcomes.filter(function (o) { return o.regret != null; }).map(function (o) {
      return { label: o.future, segments: [{ key: "regret", value: o.regret }] };
    }), { unit: cur, label: "Regret by future", keepOrder: true });
    if (regrets === 0) regretChart.appendChild(F.note("No regret: the plan is each future's own optimum."));
    F.finishRender();
  };
})();
