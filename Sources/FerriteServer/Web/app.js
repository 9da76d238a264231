// Ferrite's web app: sign in with a token, upload and validate scenarios, run solves and read plans.
"use strict";

(function () {
  const main = document.getElementById("main");
  const TOKEN_KEY = "ferrite.token";
  let pollTimer = null;

  // ---- Small helpers -------------------------------------------------------------------------

  /// Builds an element; text is always set as text, never parsed as HTML.
  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function toast(message, isError) {
    const box = document.getElementById("toast");
    const item = el("div", { class: isError ? "error" : "", text: message });
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 6000);
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /// Calls the API with the token; rejects with the server's JSON message.
  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Authorization: "Bearer " + token() }, init.headers);
    const response = await fetch(path, init);
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      render();
      throw new Error("please sign in again");
    }
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).message || message; } catch (ignored) { /* not JSON */ }
      throw new Error(message);
    }
    if (response.status === 204) return null;
    const type = response.headers.get("content-type") || "";
    return type.startsWith("application/json") ? response.json() : response.text();
  }

  function number(value) {
    return typeof value === "number" ? value.toLocaleString(undefined, { maximumFractionDigits: 2 }) : String(value);
  }

  function stopPolling() { if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; } }

  function page(heading, children) {
    main.replaceChildren(el("h1", { text: heading }), ...children);
    main.focus();
  }

  function fail(error) {
    toast(error.message || String(error), true);
  }

  // ---- Sign in -------------------------------------------------------------------------------

  function signIn() {
    const input = el("input", { type: "password", id: "token", autocomplete: "off", required: true, size: 50,
      "aria-describedby": "token-help" });
    const form = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      try {
        const session = await api("/api/session");
        toast("Signed in as " + session.role);
        render();
      } catch (error) { fail(error); }
    } }, [el("label", { for: "token", text: "API token" }), input, el("button", { type: "submit", text: "Sign in" })]);
    page("Sign in", [el("section", { class: "card" }, [form,
      el("p", { id: "token-help", class: "muted", text: "Create a token with `ferrite token create --role viewer` (or editor to upload and solve). It is kept for this browser tab only." })])]);
  }

  // ---- Scenario list and upload --------------------------------------------------------------

  async function scenarioList() {
    const [scenarios, jobs] = await Promise.all([api("/api/scenarios"), api("/api/jobs")]);
    const file = el("input", { type: "file", id: "upload-file", accept: ".zip,.yaml,.yml,.json", required: true });
    const upload = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      const chosen = file.files[0];
      if (!chosen) return;
      try {
        const result = await api("/api/scenarios?filename=" + encodeURIComponent(chosen.name), { method: "POST", body: chosen });
        toast("Uploaded " + result.scenario.name + (result.scenario.isValid ? "" : " with errors"));
        location.hash = "#/scenario/" + result.scenario.id;
      } catch (error) { fail(error); }
    } }, [el("label", { for: "upload-file", text: "Scenario (.zip of a folder, or .yaml/.json)" }), file,
      el("button", { type: "submit", text: "Upload" })]);
    const rows = scenarios.map(function (s) {
      return el("tr", {}, [
        el("td", {}, el("a", { href: "#/scenario/" + s.id, text: s.name })),
        el("td", { text: s.format }),
        el("td", {}, s.isValid ? el("span", { class: "badge ok", text: "valid" })
          : el("span", { class: "badge error", text: s.errorCount + " error(s)" })),
        el("td", { class: "num", text: String(s.warningCount) }),
        el("td", { text: new Date(s.uploadedAt).toLocaleString() }),
      ]);
    });
    const table = scenarios.length === 0 ? el("p", { class: "muted", text: "No scenarios yet: upload one above." })
      : el("table", {}, [el("thead", {}, el("tr", {}, ["Name", "Format", "Status", "Warnings", "Uploaded"].map(function (h) {
        return el("th", { scope: "col", text: h }); }))), el("tbody", {}, rows)]);
    page("Scenarios", [el("section", { class: "card" }, [el("h2", { text: "Upload" }), upload]),
      el("section", { class: "card", id: "scenario-list" }, [table]), compareForm(scenarios, jobs)]);
  }

  /// Two finished runs to put side by side.
  function compareForm(scenarios, jobs) {
    const names = {};
    for (const s of scenarios) names[s.id] = s.name;
    const finished = jobs.filter(function (job) { return job.state === "succeeded"; });
    if (finished.length < 2) {
      return el("section", { class: "card" }, [el("h2", { text: "Compare runs" }),
        el("p", { class: "muted", text: "Run two scenarios (or one twice with other settings) to compare their plans." })]);
    }
    const choice = function (id, label, index) {
      return [el("label", { for: id, text: label }), el("select", { id: id }, finished.map(function (job, position) {
        return el("option", { value: job.id, selected: position === index,
          text: (names[job.scenarioId] || job.scenarioId) + " \u00b7 " + job.id.slice(0, 8) + (job.message ? " \u00b7 " + job.message : "") });
      }))];
    };
    const form = el("form", { class: "inline", onsubmit: function (event) {
      event.preventDefault();
      location.hash = "#/compare/" + document.getElementById("compare-base").value + "/" + document.getElementById("compare-other").value;
    } }, choice("compare-base", "Base", 1).concat(choice("compare-other", "Against", 0), [el("button", { type: "submit", text: "Compare" })]));
    return el("section", { class: "card" }, [el("h2", { text: "Compare runs" }), form]);
  }

  // ---- Two plans side by side ------------------------------------------------------------------

  async function comparePage(base, other) {
    const comparison = await api("/api/compare?jobs=" + encodeURIComponent(base) + "," + encodeURIComponent(other));
    const charts = window.FerriteCharts;
    const show = function (value, unit) {
      if (value == null) return "\u2014";
      if (unit === "fraction") return (100 * value).toFixed(1) + " %";
      if (unit === "year") return String(value);
      return charts.format(value);
    };
    const figures = comparison.figures.map(function (figure) {
      const first = figure.values[0], second = figure.values[1];
      const delta = first == null || second == null ? null : second - first;
      const moved = delta != null && Math.abs(delta) > 1e-9 * Math.max(1, Math.abs(first));
      return el("tr", { class: moved ? "changed" : null }, [el("td", { text: figure.name }), el("td", { text: figure.unit }),
        el("td", { class: "num", text: show(first, figure.unit) }), el("td", { class: "num", text: show(second, figure.unit) }),
        el("td", { class: "num" + (moved ? (delta > 0 ? " up" : " down") : ""), text: delta == null ? "\u2014" : (delta > 0 ? "+" : "") + show(delta, figure.unit === "year" ? "units" : figure.unit) })]);
    });
    const changes = comparison.changes.map(function (change) {
      const delta = change.value - change.base;
      return el("tr", {}, [el("td", { text: change.kind }), el("td", { text: change.subject }),
        el("td", { class: "num", text: number(change.base) }), el("td", { class: "num", text: number(change.value) }),
        el("td", { class: "num " + (delta > 0 ? "up" : "down"), text: (delta > 0 ? "+" : "") + number(delta) })]);
    });
    const head = function (labels) {
      return el("thead", {}, el("tr", {}, labels.map(function (h, index) { return el("th", { scope: "col", class: index >= 2 ? "num" : null, text: h }); })));
    };
    page("Compare plans", [
      el("section", { class: "card" }, [el("p", {}, ["Base: ", el("a", { href: "#/job/" + base, text: comparison.names[0] }),
        "; against: ", el("a", { href: "#/job/" + other, text: comparison.names[1] })])]),
      el("section", { class: "card" }, [el("h2", { text: "Key figures" }), el("div", { class: "scroll" }, el("table", { id: "comparison" },
        [head(["Figure", "Unit", "Base", "Against", "Change"]), el("tbody", {}, figures)]))]),
      el("section", { class: "card" }, [el("h2", { text: "Largest changes in flows, production, purchases and builds" }),
        changes.length === 0 ? el("p", { class: "muted", text: "The plans move the same quantities." })
          : el("div", { class: "scroll" }, el("table", { id: "changes" }, [head(["Kind", "What", "Base", "Against", "Change"]), el("tbody", {}, changes)]))]),
    ]);
  }

  // ---- One scenario: diagnostics, solve, jobs ------------------------------------------------

  function diagnosticsTable(diagnostics) {
    if (diagnostics.length === 0) return el("p", { class: "ok", text: "No problems found." });
    return el("div", { class: "scroll" }, el("table", { id: "diagnostics" }, [
      el("thead", {}, el("tr", {}, ["", "File", "Line", "Column", "Row", "Problem", "Fix"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
      el("tbody", {}, diagnostics.map(function (d) {
        return el("tr", {}, [
          el("td", { class: d.severity, text: d.severity }),
          el("td", { text: d.file || "" }),
          el("td", { class: "num", text: d.line ? String(d.line) : "" }),
          el("td", { text: d.field || "" }),
          el("td", { text: d.table ? d.table + (d.rowKey && d.rowKey.length ? " [" + d.rowKey.join(", ") + "]" : "") : "" }),
          el("td", { text: d.message }),
          el("td", { text: d.fix || "" }),
        ]);
      })),
    ]));
  }

  function jobRow(job) {
    const running = job.state === "queued" || job.state === "running";
    return el("tr", {}, [
      el("td", {}, el("a", { href: "#/job/" + job.id, text: job.id.slice(0, 8) })),
      el("td", { text: job.kind || "solve" }),
      el("td", { text: job.state }),
      el("td", {}, running ? el("progress", { max: 1, value: job.progress, "aria-label": "progress " + job.phase }) : null),
      el("td", { text: job.phase }),
      el("td", { class: "num", text: job.elapsedSeconds != null ? job.elapsedSeconds.toFixed(1) + " s" : "" }),
      el("td", { text: job.message || "" }),
    ]);
  }

  async function scenarioPage(id) {
    const [detail, validation, jobs] = await Promise.all([
      api("/api/scenarios/" + id), api("/api/scenarios/" + id + "/validate", { method: "POST" }),
      api("/api/jobs?scenario=" + encodeURIComponent(id))]);
    const s = detail.scenario;
    const timeLimit = el("input", { type: "number", id: "time-limit", min: 1, step: 1, value: 120, size: 6 });
    const solve = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      try {
        const job = await api("/api/scenarios/" + id + "/solve", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ timeLimit: Number(timeLimit.value) || undefined }) });
        location.hash = "#/job/" + job.id;
      } catch (error) { fail(error); }
    } }, [el("label", { for: "time-limit", text: "Time limit (s)" }), timeLimit,
      el("button", { type: "submit", text: "Run", disabled: !validation.valid })]);
    const parameters = el("textarea", { id: "sweep-parameters", rows: 3, cols: 60, spellcheck: "false",
      placeholder: "demand.quantity*=0.8,1,1.2\npurchases[product=spodumene].price*=\u00b140%" });
    const samples = el("input", { type: "number", id: "sweep-samples", min: 1, max: 2000, step: 1, size: 6 });
    const sweep = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      const lines = parameters.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
      const body = samples.value ? { parameters: lines, samples: Number(samples.value) } : { grid: lines };
      try {
        const job = await api("/api/scenarios/" + id + "/sweep", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body) });
        location.hash = "#/job/" + job.id;
      } catch (error) { fail(error); }
    } }, [el("label", { for: "sweep-parameters", text: "Parameters, one per line" }), parameters,
      el("label", { for: "sweep-samples", text: "Random runs (empty: every combination)" }), samples,
      el("button", { type: "submit", text: "Run sweep", disabled: !validation.valid })]);
    const remove = el("button", { class: "danger", type: "button", text: "Delete scenario", onclick: async function () {
      if (!confirm("Delete " + s.name + " with its jobs and results?")) return;
      try { await api("/api/scenarios/" + id, { method: "DELETE" }); location.hash = "#/"; } catch (error) { fail(error); }
    } });
    page(s.name, [
      el("section", { class: "card" }, [
        el("p", {}, [validation.valid ? el("span", { class: "badge ok", text: "valid" }) : el("span", { class: "badge error", text: "invalid" }),
          " " + s.format + ", " + detail.files.length + " file(s): " + detail.files.map(function (f) { return f.name; }).join(", ")]),
        solve, el("p", {}, remove)]),
      el("section", { class: "card" }, [el("h2", { text: "Sweep" }),
        el("p", { class: "muted", text: "Solve the scenario under many values of its inputs: TABLE[FILTER].COLUMN=VALUES sets a column, *=VALUES scales it; VALUES is a list (0.8,1,1.2), a range U(0,150) or \u00b120%." }), sweep]),
      el("section", { class: "card" }, [el("h2", { text: "Validation" }), diagnosticsTable(validation.diagnostics)]),
      el("section", { class: "card" }, [el("h2", { text: "Runs" }), jobs.length === 0 ? el("p", { class: "muted", text: "Not run yet." })
        : el("table", {}, [el("thead", {}, el("tr", {}, ["Job", "Kind", "State", "Progress", "Phase", "Elapsed", "Outcome"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
          el("tbody", {}, jobs.map(jobRow))])]),
    ]);
  }

  // ---- One job: progress, then the results ---------------------------------------------------

  async function jobPage(id) {
    const job = await api("/api/jobs/" + id);
    if (job.state === "queued" || job.state === "running") {
      const cancel = el("button", { class: "danger", type: "button", text: "Cancel", onclick: async function () {
        try { await api("/api/jobs/" + id + "/cancel", { method: "POST" }); render(); } catch (error) { fail(error); }
      } });
      page("Solving", [el("section", { class: "card", id: "job-progress" }, [
        el("p", {}, [el("progress", { max: 1, value: job.progress, "aria-label": "solve progress" }), " " + job.phase +
          (job.elapsedSeconds != null ? ", " + job.elapsedSeconds.toFixed(1) + " s" : "")]),
        cancel, el("p", {}, el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to the scenario" }))])]);
      pollTimer = setTimeout(function () { if (location.hash === "#/job/" + id) render(); }, 700);
      return;
    }
    if (job.state !== "succeeded") {
      page("Run " + job.state, [el("section", { class: "card" }, [el("p", { class: "error", text: job.message || job.state }),
        el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to the scenario" })])]);
      return;
    }
    if (job.kind === "sweep") {
      const [outcome, tables] = await Promise.all([api("/api/jobs/" + id + "/sweep"), api("/api/jobs/" + id + "/tables")]);
      sweepPage(job, outcome, tables);
      return;
    }
    const [plan, network, tables] = await Promise.all([api("/api/jobs/" + id + "/plan"),
      api("/api/scenarios/" + job.scenarioId + "/network"), api("/api/jobs/" + id + "/tables")]);
    const world = await fetch("/world.json").then(function (response) { return response.json(); });
    resultsPage(job, plan, network, tables, world);
  }

  function resultsPage(job, plan, network, tables, world) {
    const charts = window.FerriteCharts;
    const periods = plan.periods;
    const select = el("select", { id: "period" }, periods.map(function (p) { return el("option", { value: p, text: String(p) }); }));
    const mapBox = el("div", { id: "map" }), sankeyBox = el("div", { id: "sankey" }), landedBox = el("div", { id: "landed" });
    const dutiesBox = el("div", { id: "duties" }), complianceBox = el("div", { id: "compliance" });
    const emissionsBox = el("div", { id: "emissions" }), footprintBox = el("div", { id: "footprints" });
    const draw = function () {
      const period = Number(select.value);
      for (const box of [mapBox, sankeyBox, landedBox, dutiesBox, complianceBox, emissionsBox, footprintBox]) box.replaceChildren();
      charts.drawMap(mapBox, world, network, plan, period);
      charts.drawSankey(sankeyBox, network, plan, period);
      if (charts.drawLandedCosts(landedBox, network, plan, period) === 0) {
        landedBox.appendChild(el("p", { class: "muted", text: "No landed costs (no duals for this plan)." }));
      }
      drawTrade(plan, network, period, dutiesBox, complianceBox);
      drawCarbon(plan, network, period, emissionsBox, footprintBox);
    };
    select.addEventListener("change", draw);
    const waterfallBox = el("div", { id: "waterfall" });
    charts.drawWaterfall(waterfallBox, plan);
    const kpi = function (label, value) { return el("div", { class: "kpi" }, [el("div", { class: "value", text: value }), el("div", { class: "label", text: label })]); };
    // Key figures as the planner defines them (KeyFigures), the same as compare, sweeps and the CLI.
    const figure = function (name) {
      const found = ((plan.keyFigures || {}).figures || []).find(function (f) { return f.name === name; });
      return found ? found.value : null;
    };
    const money = function (name) { const value = figure(name); return value == null ? null : kpi(name + " (" + plan.currency + ", discounted)", charts.format(value)); };
    const unmet = figure("unmet units") != null ? figure("unmet units") : plan.demand.reduce(function (sum, d) { return sum + d.unmet; }, 0);
    page(plan.scenario + ": plan", [
      el("section", { class: "card" }, [el("div", { class: "kpis" }, [
        kpi("objective (" + plan.currency + ", discounted)", plan.objective != null ? charts.format(plan.objective) : "none"),
        money("total cost"), money("revenue"), money("profit"),
        kpi("termination", plan.termination), kpi("unmet demand", number(unmet)),
        plan.trade ? kpi("duties (" + plan.currency + ", discounted)", charts.format(plan.trade.totalDuties)) : null,
        plan.carbon ? kpi("emissions (t CO2e, all periods)", charts.format(plan.carbon.emissions.reduce(function (sum, line) { return sum + line.emissions; }, 0))) : null,
        kpi("model", plan.statistics.rows + " rows \u00d7 " + plan.statistics.columns + " columns"),
        kpi("solve", plan.statistics.solveSeconds.toFixed(2) + " s")]),
        el("p", {}, [el("label", { for: "period", text: "Period " }), select, " ",
          el("a", { href: "#/scenario/" + job.scenarioId, text: "scenario" })])]),
      el("section", { class: "card" }, [el("h2", { text: "Network map" }), el("p", { class: "muted", text: "Flow width by volume, colour by product; hover for figures." }), mapBox]),
      el("section", { class: "card" }, [el("h2", { text: "From raw materials to vehicle plants" }), sankeyBox]),
      el("section", { class: "card" }, [el("h2", { text: "Cost waterfall (discounted)" }), waterfallBox]),
      el("section", { class: "card" }, [el("h2", { text: "Landed cost per delivered product (" + plan.currency + " per unit)" }), landedBox]),
      el("section", { class: "card" }, [el("h2", { text: "Duties by lane and product (" + plan.currency + ", in the period)" }),
        el("p", { class: "muted", text: "Who pays which duty: each bar is one product on one lane, split by the tariff rule that applies." }), dutiesBox]),
      el("section", { class: "card" }, [el("h2", { text: "Compliance with origin rules" }), complianceBox]),
      el("section", { class: "card" }, [el("h2", { text: "Emissions by site (t CO2e, in the period)" }), emissionsBox]),
      el("section", { class: "card" }, [el("h2", { text: "Footprint per delivered product (t CO2e per unit)" }), footprintBox]),
      el("section", { class: "card" }, [el("h2", { text: "Tables" }), tableList(job.id, tables), el("div", { id: "table-view" })]),
    ]);
    draw();
    document.body.setAttribute("data-ready", "results");
  }

  /// A finished sweep: the spread of each figure over the runs and how often each decision is taken.
  function sweepPage(job, outcome, tables) {
    const charts = window.FerriteCharts;
    const summary = outcome.summary;
    const show = function (value) { return value == null ? "\u2014" : charts.format(value); };
    const spreads = summary.figures.concat(summary.regret ? [summary.regret] : []);
    page("Sweep: " + summary.solved + " of " + summary.runs + " runs solved", [
      el("section", { class: "card" }, [el("p", {}, ["Parameters: " + outcome.parameters.join("; ") + ". ",
        summary.inPlace ? "The model was built once and changed in place for each run." : "The model was rebuilt for each run.", " ",
        el("a", { href: "#/scenario/" + job.scenarioId, text: "scenario" })])]),
      el("section", { class: "card" }, [el("h2", { text: "Spread of the key figures" }), el("div", { class: "scroll" }, el("table", { id: "spread" }, [
        el("thead", {}, el("tr", {}, ["Figure", "Base", "Min", "P10", "Median", "Mean", "P90", "Max"].map(function (h, index) {
          return el("th", { scope: "col", class: index > 0 ? "num" : null, text: h }); }))),
        el("tbody", {}, spreads.map(function (s) {
          return el("tr", {}, [el("td", { text: s.name })].concat([s.base, s.minimum, s.p10, s.median, s.mean, s.p90, s.maximum].map(function (value) {
            return el("td", { class: "num", text: show(value) }); })));
        }))]))]),
      el("section", { class: "card" }, [el("h2", { text: "Decisions across the runs" }), summary.decisions.length === 0
        ? el("p", { class: "muted", text: "The scenario has no capacity or site decisions." })
        : el("table", { id: "choices" }, [el("thead", {}, el("tr", {}, ["Decision", "Base", "Chosen in runs"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
          el("tbody", {}, summary.decisions.map(function (choice) {
            return el("tr", {}, [el("td", { text: choice.name }), el("td", { text: show(choice.base) }),
              el("td", { text: choice.shares.map(function (share) { return show(share.value) + ": " + (100 * share.fraction).toFixed(0) + " %"; }).join(", ") })]);
          }))])]),
      el("section", { class: "card" }, [el("h2", { text: "Tables" }), tableList(job.id, tables), el("div", { id: "table-view" })]),
    ]);
    document.body.setAttribute("data-ready", "sweep");
  }

  function siteNames(network) {
    const names = {};
    for (const site of network.sites) names[site.id] = site.name;
    return names;
  }

  function muted(box, message) { box.appendChild(el("p", { class: "muted", text: message })); }

  /// Duties by lane and product split by rule, and each origin rule's share against its threshold.
  function drawTrade(plan, network, period, dutiesBox, complianceBox) {
    const charts = window.FerriteCharts;
    if (!plan.trade) {
      muted(dutiesBox, "The scenario has no tariff rules.");
      muted(complianceBox, "The scenario has no origin rules.");
      return;
    }
    const names = siteNames(network);
    const bars = {};
    for (const duty of plan.trade.duties) {
      if (duty.period !== period || Math.abs(duty.amount) < 1e-9) continue;
      const label = (names[duty.from] || duty.from) + " \u2192 " + (names[duty.to] || duty.to) + " \u00b7 " + duty.product;
      const bar = bars[label] || (bars[label] = { label: label, segments: [] });
      const existing = bar.segments.find(function (part) { return part.key === duty.rule; });
      if (existing) existing.value += duty.amount; else bar.segments.push({ key: duty.rule, value: duty.amount });
    }
    if (charts.drawStackedBars(dutiesBox, Object.values(bars), { unit: plan.currency, label: "Duties by lane and product in " + period }) === 0) {
      muted(dutiesBox, "No duty is paid in " + period + ".");
    }
    // Every period, so that the planner sees when each rule starts to be met; the selected one is marked.
    const shares = plan.trade.originShares.slice().sort(function (a, b) { return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.period - b.period; });
    if (shares.length === 0) { muted(complianceBox, "No origin rule applies in any period."); return; }
    const percent = function (value) { return value == null ? "\u2014" : (100 * value).toFixed(1) + " %"; };
    complianceBox.appendChild(el("div", { class: "scroll" }, el("table", { id: "compliance-table" }, [
      el("thead", {}, el("tr", {}, ["Rule", "Period", "Sites", "Mode", "Required", "Reached", "Qualifies", "Binding", "Cost per point"].map(function (h) {
        return el("th", { scope: "col", class: ["Required", "Reached", "Cost per point"].indexOf(h) >= 0 ? "num" : null, text: h }); }))),
      el("tbody", {}, shares.map(function (line) {
        const verdict = line.qualifies == null ? el("span", { class: "muted", text: "no deliveries" })
          : el("span", { class: "badge " + (line.qualifies ? "ok" : "error"), text: line.qualifies ? "yes" : "no" });
        return el("tr", { class: line.period === period ? "selected" : null }, [el("td", { text: line.rule }), el("td", { text: String(line.period) }), el("td", { text: line.sites.map(function (id) { return names[id] || id; }).join(", ") }),
          el("td", { text: line.mode }), el("td", { class: "num", text: percent(line.required) }), el("td", { class: "num", text: percent(line.reached) }),
          el("td", {}, verdict), el("td", { text: line.binds ? "yes" : "no" }),
          el("td", { class: "num", text: line.costPerPoint ? charts.format(line.costPerPoint) : "" })]);
      })),
    ])));
  }

  const STAGE_COLORS = { "raw material": "#8c564b", "production": "#d62728", "processing": "#ff7f0e", "transport": "#1f77b4" };

  /// Emissions by site split by stage, and the footprint of each delivery split by stage.
  function drawCarbon(plan, network, period, emissionsBox, footprintBox) {
    const charts = window.FerriteCharts;
    if (!plan.carbon) {
      muted(emissionsBox, "No emissions were computed for this plan.");
      muted(footprintBox, "No footprints were computed for this plan.");
      return;
    }
    const names = siteNames(network);
    const bySite = {};
    for (const line of plan.carbon.emissions) {
      if (line.period !== period) continue;
      const label = names[line.site] || line.site;
      const bar = bySite[label] || (bySite[label] = { label: label, segments: [] });
      const existing = bar.segments.find(function (part) { return part.key === line.stage; });
      if (existing) existing.value += line.emissions; else bar.segments.push({ key: line.stage, value: line.emissions });
    }
    if (charts.drawStackedBars(emissionsBox, Object.values(bySite), { unit: "t", label: "Emissions by site in " + period, colors: STAGE_COLORS }) === 0) {
      muted(emissionsBox, "No emissions in " + period + ".");
    }
    const deliveries = plan.carbon.deliveries.filter(function (line) { return line.period === period; }).map(function (line) {
      return { label: (names[line.site] || line.site) + " \u00b7 " + line.product,
        segments: Object.keys(line.byStage).sort().map(function (stage) { return { key: stage, value: line.byStage[stage] }; }) };
    });
    if (charts.drawStackedBars(footprintBox, deliveries, { unit: "t/unit", label: "Footprint per delivered product in " + period, colors: STAGE_COLORS }) === 0) {
      muted(footprintBox, "Nothing is delivered in " + period + ".");
    }
  }

  function download(jobID, name) {
    return el("button", { type: "button", class: "secondary", text: "CSV", "aria-label": "Download " + name + ".csv", onclick: async function () {
      try {
        const csv = await api("/api/jobs/" + jobID + "/tables/" + encodeURIComponent(name) + "/csv");
        const link = el("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })), download: name + ".csv" });
        document.body.appendChild(link); link.click(); link.remove();
      } catch (error) { fail(error); }
    } });
  }

  function tableList(jobID, tables) {
    return el("table", {}, [el("thead", {}, el("tr", {}, ["Table", "Rows", ""].map(function (h) { return el("th", { scope: "col", text: h }); }))),
      el("tbody", {}, tables.map(function (t) {
        return el("tr", {}, [el("td", { text: t.name }), el("td", { class: "num", text: String(t.rows) }),
          el("td", {}, [el("button", { type: "button", class: "secondary", text: "View", onclick: function () { showTable(jobID, t.name, 0); } }), " ", download(jobID, t.name)])]);
      }))]);
  }

  async function showTable(jobID, name, offset) {
    const view = document.getElementById("table-view");
    try {
      const pageData = await api("/api/jobs/" + jobID + "/tables/" + encodeURIComponent(name) + "?offset=" + offset + "&limit=50");
      const previous = el("button", { type: "button", class: "secondary", text: "Previous", disabled: offset === 0,
        onclick: function () { showTable(jobID, name, Math.max(0, offset - 50)); } });
      const next = el("button", { type: "button", class: "secondary", text: "Next", disabled: offset + 50 >= pageData.total,
        onclick: function () { showTable(jobID, name, offset + 50); } });
      view.replaceChildren(el("h2", { text: name }),
        el("div", { class: "pager" }, [previous, next, el("span", { class: "muted", text: "rows " + (pageData.total === 0 ? 0 : offset + 1) + "\u2013" + Math.min(pageData.total, offset + 50) + " of " + pageData.total })]),
        el("div", { class: "scroll" }, el("table", {}, [el("thead", {}, el("tr", {}, pageData.header.map(function (h) { return el("th", { scope: "col", text: h }); }))),
          el("tbody", {}, pageData.rows.map(function (row) { return el("tr", {}, row.map(function (cell) { return el("td", { text: cell }); })); }))])));
      view.querySelector("h2").scrollIntoView();
    } catch (error) { fail(error); }
  }

  // ---- Routing -------------------------------------------------------------------------------

  /// Takes a token handed over in the address (#/path?token=...) into this tab's storage and
  /// removes it from the address bar and history.
  function adoptTokenFromAddress() {
    const hash = location.hash || "#/";
    const mark = hash.indexOf("?");
    if (mark < 0) return;
    const params = new URLSearchParams(hash.slice(mark + 1));
    const given = params.get("token");
    if (given) sessionStorage.setItem(TOKEN_KEY, given);
    history.replaceState(null, "", location.pathname + hash.slice(0, mark));
  }

  async function render() {
    stopPolling();
    adoptTokenFromAddress();
    const session = document.getElementById("session");
    session.replaceChildren();
    document.body.removeAttribute("data-ready");
    if (!token()) { signIn(); document.body.setAttribute("data-ready", "sign-in"); return; }
    session.appendChild(el("button", { type: "button", class: "secondary", text: "Sign out", onclick: function () {
      sessionStorage.removeItem(TOKEN_KEY); render(); } }));
    const path = (location.hash || "#/").slice(1).split("?")[0];
    const parts = path.split("/").filter(Boolean);
    try {
      if (parts[0] === "scenario" && parts[1]) await scenarioPage(parts[1]);
      else if (parts[0] === "job" && parts[1]) await jobPage(parts[1]);
      else if (parts[0] === "compare" && parts[1] && parts[2]) await comparePage(parts[1], parts[2]);
      else await scenarioList();
      if (!document.body.hasAttribute("data-ready") && !pollTimer) document.body.setAttribute("data-ready", parts[0] || "scenarios");
    } catch (error) {
      page("Something went wrong", [el("p", { class: "error", text: error.message || String(error) }), el("a", { href: "#/", text: "Back to the scenarios" })]);
      document.body.setAttribute("data-ready", "error");
    }
  }

  window.addEventListener("hashchange", render);
  render();
})();
