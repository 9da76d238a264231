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
    if (box.getBoundingClientRect().bottom < 0) window.scrollTo({ top: 0 });
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
    main.replaceChildren(el("h1", { text: heading }), ...children.filter(function (child) { return child != null; }));
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
    const file = el("input", { type: "file", id: "upload-file", accept: ".zip,.xlsx,.yaml,.yml,.json", required: true });
    const upload = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      const chosen = file.files[0];
      if (!chosen) return;
      try {
        const result = await api("/api/scenarios?filename=" + encodeURIComponent(chosen.name), { method: "POST", body: chosen });
        toast("Uploaded " + result.scenario.name + (result.scenario.isValid ? "" : " with errors"));
        location.hash = "#/scenario/" + result.scenario.id;
      } catch (error) { fail(error); }
    } }, [el("label", { for: "upload-file", text: "Scenario (.zip of a folder with its policy packs, an Excel workbook, or .yaml/.json)" }), file,
      el("button", { type: "submit", text: "Upload" })]);
    // Variants follow their base, indented: the list reads as the scenario tree.
    const known = {};
    for (const s of scenarios) known[s.id] = true;
    const ordered = [];
    const place = function (s, depth) {
      ordered.push([s, depth]);
      for (const child of scenarios.filter(function (c) { return c.baseId === s.id; })) if (depth < 6) place(child, depth + 1);
    };
    for (const s of scenarios) if (!s.baseId || !known[s.baseId]) place(s, 0);
    const rows = ordered.map(function (entry) {
      const s = entry[0], depth = entry[1];
      return el("tr", {}, [
        el("td", { class: depth ? "variant depth-" + Math.min(depth, 3) : null }, [depth ? el("span", { class: "muted", "aria-label": "variant of the scenario above", text: "\u21b3 " }) : null,
          el("a", { href: "#/scenario/" + s.id, text: s.name })]),
        el("td", { text: s.baseId ? "variant" : s.format }),
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
      el("section", { class: "card", id: "scenario-list" }, [table]), window.Ferrite.compareForm(scenarios, jobs)]);
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
    const [detail, validation, jobs, scenarios, allJobs] = await Promise.all([
      api("/api/scenarios/" + id), api("/api/scenarios/" + id + "/validate", { method: "POST" }),
      api("/api/jobs?scenario=" + encodeURIComponent(id)), api("/api/scenarios"), api("/api/jobs")]);
    const s = detail.scenario;
    const inputs = window.Ferrite.inputs;
    const errors = validation.diagnostics.filter(function (d) { return d.severity === "error"; });
    const runReason = validation.valid ? "Solves version " + s.version + "."
      : "Run is off: " + errors.length + " error" + (errors.length === 1 ? "" : "s") + " (see Validation below; the first: " + (errors[0] ? errors[0].message : "") + ").";
    const timeLimit = el("input", { type: "number", id: "time-limit", min: 1, step: 1, value: 120, size: 6 });
    const solve = el("form", { class: "inline", onsubmit: async function (event) {
      event.preventDefault();
      try {
        const job = await api("/api/scenarios/" + id + "/solve", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ timeLimit: Number(timeLimit.value) || undefined }) });
        location.hash = "#/job/" + job.id;
      } catch (error) { fail(error); }
    } }, [el("label", { for: "time-limit", text: "Time limit (s)" }), timeLimit,
      el("button", { type: "submit", text: "Run", disabled: !validation.valid, "aria-describedby": "run-reason" }),
      el("span", { id: "run-reason", class: validation.valid ? "muted" : "error", text: runReason })]);
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
    const formats = { folder: "scenario folder", document: "single file", workbook: "workbook" };
    const variantText = s.variant ? el("details", { class: "variant-text", open: true }, [el("summary", { text: "The variant's changes to its base" }), el("pre", { text: s.variant })]) : null;
    page(s.name, [
      inputs.links(id, "Scenario"),
      el("section", { class: "card" }, [
        el("p", {}, [validation.valid ? el("span", { class: "badge ok", text: "valid" }) : el("span", { class: "badge error", text: "invalid" }),
          " version " + s.version + " of a " + (formats[s.format] || s.format) + ", " + detail.files.length + " file(s): " + detail.files.map(function (f) { return f.name; }).join(", ")]),
        validation.serverPacks ? el("p", { class: "warning", id: "server-packs", text: "Policy packs from the server's pack folder, not the upload: " + validation.serverPacks.join(", ") + "." }) : null,
        variantText, solve,
        el("p", { class: "inline" }, [inputs.download("Download inputs as workbook", "/api/scenarios/" + id + "/workbook", "scenario.xlsx"), remove])]),
      inputs.treeCard(id, scenarios, allJobs),
      el("section", { class: "card" }, [el("h2", { text: "Validation" }), diagnosticsTable(validation.diagnostics)]),
      el("section", { class: "card" }, [el("h2", { text: "Sweep" }),
        el("p", { class: "muted", text: "Solve the scenario under many values of its inputs: TABLE[FILTER].COLUMN=VALUES sets a column, *=VALUES scales it; VALUES is a list (0.8,1,1.2), a range U(0,150) or \u00b120%." }), sweep,
        el("p", {}, el("a", { href: "#/futures/" + id, id: "futures-link", text: "Futures study: one build plan for many weighted futures" }))]),
      el("section", { class: "card" }, [el("h2", { text: "Runs" }), jobs.length === 0 ? el("p", { class: "muted", text: "Not run yet." })
        : el("div", { class: "scroll" }, el("table", {}, [el("thead", {}, el("tr", {}, ["Job", "Kind", "State", "Progress", "Phase", "Elapsed", "Outcome"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
          el("tbody", {}, jobs.map(jobRow))]))]),
    ]);
  }

  // ---- One job: progress, then the results ---------------------------------------------------

  async function jobPage(id, view, detail) {
    const job = await api("/api/jobs/" + id);
    if (job.state === "queued" || job.state === "running") {
      const cancel = el("button", { class: "danger", type: "button", text: "Cancel", onclick: async function () {
        try { await api("/api/jobs/" + id + "/cancel", { method: "POST" }); render(); } catch (error) { fail(error); }
      } });
      page("Solving", [el("section", { class: "card", id: "job-progress" }, [
        el("p", {}, [el("progress", { max: 1, value: job.progress, "aria-label": "solve progress" }), " " + job.phase +
          (job.elapsedSeconds != null ? ", " + job.elapsedSeconds.toFixed(1) + " s" : "")]),
        cancel, el("p", {}, el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to the scenario" }))])]);
      pollTimer = setTimeout(function () { if (location.hash.split("?")[0].indexOf("#/job/" + id) === 0) render(); }, 700);
      return;
    }
    if (job.state !== "succeeded") {
      page("Run " + job.state, [el("section", { class: "card" }, [el("p", { class: "error", text: job.message || job.state }),
        el("a", { href: "#/scenario/" + job.scenarioId, text: "Back to the scenario" })])]);
      return;
    }
    if (Object.prototype.hasOwnProperty.call(window.Ferrite.jobKinds, job.kind)) {
      await window.Ferrite.jobKinds[job.kind](job, view, detail);
      return;
    }
    // A finished plan never changes: keep it while the planner moves between its views.
    const cached = resultCache && resultCache.id === id ? resultCache : null;
    const [data, jobs, scenarios] = await Promise.all([cached || (async function () {
      const [plan, network, tables] = await Promise.all([api("/api/jobs/" + id + "/plan"),
        api("/api/scenarios/" + job.scenarioId + "/network"), api("/api/jobs/" + id + "/tables")]);
      const world = await fetch("/world.json").then(function (response) { return response.json(); });
      return { id: id, plan: plan, network: network, tables: tables, world: world };
    })(), api("/api/jobs"), api("/api/scenarios")]);
    data.jobs = jobs;
    data.scenarios = scenarios;
    resultCache = data;
    resultsPage(job, data, VIEWS.some(function (v) { return v[0] === view; }) ? view : "summary", detail);
  }

  let resultCache = null;
  let renderPending = false;

  /// The views of one plan, each at #/job/ID/VIEW; the first is the answer.
  const VIEWS = [["summary", "Answer"], ["map", "Map"], ["flows", "Flows"], ["time", "Over time"],
    ["costs", "Delivered cost"], ["trade", "Trade"], ["carbon", "Carbon"], ["bottlenecks", "Bottlenecks"], ["tables", "Tables"]];
  const PERIOD_VIEWS = ["map", "flows", "costs", "trade", "carbon"];
  const COUNTRIES = { KR: "Korea", US: "United States", MX: "Mexico", CA: "Canada", AR: "Argentina", CL: "Chile",
    AU: "Australia", CN: "China", JP: "Japan", ID: "Indonesia", BR: "Brazil", DE: "Germany" };

  /// Names, units and helpers shared by every view of one plan.
  function context(plan, network) {
    const charts = window.FerriteCharts;
    const sites = {}, products = {};
    for (const site of network.sites) sites[site.id] = site;
    for (const product of network.products) products[product.id] = product;
    const siteName = function (id) { return sites[id] ? sites[id].name : id; };
    const productName = function (id) { return products[id] ? products[id].name : id; };
    const unit = function (id) { return products[id] ? products[id].unit : "unit"; };
    const processSite = function (process) { return process.split("/")[0]; };
    const subjectName = function (kind, subject) {
      if (kind === "process") return siteName(processSite(subject)) + " \u00b7 " + subject.split("/").slice(1).join("/");
      if (kind === "site") return siteName(subject);
      return subject;
    };
    const figures = {};
    for (const f of ((plan.keyFigures || {}).figures || [])) figures[f.name] = f.value;
    const horizon = plan.periods[0] + (plan.periods.length > 1 ? "\u2013" + plan.periods[plan.periods.length - 1] : "");
    return { charts: charts, plan: plan, network: network, sites: sites, products: products, siteName: siteName, productName: productName,
      unit: unit, subjectName: subjectName, figures: figures, horizon: horizon, currency: plan.currency,
      money: function (value) { return charts.format(value) + " " + plan.currency; } };
  }

  function resultsPage(job, data, view, detail) {
    const plan = data.plan, network = data.network;
    const c = context(plan, network);
    const periods = plan.periods;
    const firstBuild = plan.builds.length ? Math.min.apply(null, plan.builds.map(function (b) { return b.period; })) : periods[0];
    const stored = Number(sessionStorage.getItem("ferrite.period." + job.id));
    const chosen = periods.indexOf(stored) >= 0 ? stored : firstBuild;
    const select = el("select", { id: "period" }, periods.map(function (p) { return el("option", { value: p, text: String(p), selected: p === chosen }); }));
    const tabs = el("nav", { class: "tabs", "aria-label": "Views of this plan" }, VIEWS.map(function (v) {
      return el("a", { href: "#/job/" + job.id + "/" + v[0], class: v[0] === view ? "active" : null, "aria-current": v[0] === view ? "page" : null, text: v[1] });
    }));
    const content = el("div", { id: "view", "data-view": view });
    const controls = PERIOD_VIEWS.indexOf(view) >= 0 ? el("p", { class: "controls" }, [el("label", { for: "period", text: "Year " }), select]) : null;
    const headline = view === "summary" ? null : el("p", { class: "muted headline" }, headlineText(c));
    page(plan.scenario, [headline, tabs, controls, content]);
    const draw = function () {
      const period = Number(select.value);
      sessionStorage.setItem("ferrite.period." + job.id, String(period));
      content.replaceChildren();
      const views = { summary: summaryView, map: mapView, flows: flowsView, time: timeView, costs: costsView, trade: tradeView,
        carbon: carbonView, bottlenecks: bottleneckView, tables: tablesView };
      views[view](content, c, period, job, data, detail);
      finishRender();
    };
    select.addEventListener("change", draw);
    draw();
    let width = window.innerWidth;
    window.onresize = function () {
      if (Math.abs(window.innerWidth - width) < 20 || view === "tables") return;
      width = window.innerWidth;
      clearTimeout(window.ferriteResize);
      window.ferriteResize = setTimeout(draw, 200);
    };
  }

  /// Marks the page rendered once the browser has laid it out, with the label audit the browser
  /// test reads: overlapping or clipped chart labels, and any NaN, undefined or Infinity shown.
  function finishRender() {
    document.body.removeAttribute("data-ready");
    renderPending = true;
    requestAnimationFrame(function () {
      renderPending = false;
      const audit = window.FerriteCharts.auditLabels(main);
      document.body.setAttribute("data-label-overlaps", String(audit.overlaps));
      document.body.setAttribute("data-label-clipped", String(audit.clipped));
      document.body.setAttribute("data-label-problems", audit.problems.join(" | "));
      const shown = main.innerText || "";
      const bad = shown.match(/\b(NaN|undefined|Infinity)\b/);
      document.body.setAttribute("data-bad-values", bad ? bad[0] : "");
      // Wider than the window means the page scrolls sideways on a phone.
      document.body.setAttribute("data-overflow", String(Math.max(0, main.scrollWidth - main.clientWidth)));
      document.body.setAttribute("data-ready", "results");
    });
  }

  function headlineText(c) {
    const profitPlan = c.figures.revenue != null;
    const parts = [profitPlan ? "Discounted profit " + c.horizon + ": " + c.money(c.figures.profit)
      : "Discounted total cost " + c.horizon + ": " + c.money(c.figures["total cost"])];
    for (const build of c.plan.builds) parts.push("build " + build.option + " in " + build.period);
    return parts.join(" \u00b7 ") + ".";
  }

  function card(title, children, id) {
    return el("section", { class: "card", id: id || null }, [title ? el("h2", { text: title }) : null].concat(children));
  }

  function note(text) { return el("p", { class: "muted", text: text }); }

  // ---- The answer ------------------------------------------------------------------------------

  function summaryView(box, c, period, job, data) {
    const plan = c.plan, charts = c.charts;
    const profitPlan = c.figures.revenue != null;
    const status = plan.termination === "optimal" ? "an optimal plan" : "a plan stopped at " + plan.termination +
      (plan.mipGap != null ? " (gap " + charts.percent(plan.mipGap, 2) + ")" : "");
    const lead = el("p", { class: "lead" }, [(profitPlan ? "Maximizes discounted profit" : "Minimizes discounted cost") + " over " + c.horizon +
      " in " + c.currency + "; " + status + ", solved in " + plan.statistics.solveSeconds.toFixed(2) + " s (" +
      charts.grouped(plan.statistics.rows, 0) + " rows \u00d7 " + charts.grouped(plan.statistics.columns, 0) + " columns)."]);
    // Decisions in words.
    const decisions = [];
    for (const build of plan.builds) {
      decisions.push(el("li", {}, [el("strong", { text: "Build " + build.option }), " at " + c.siteName(build.site) + " (" + build.site + "): " +
        build.modules + " module" + (build.modules === 1 ? "" : "s") + ", +" + charts.grouped(build.addedCapacity, 0) + " t/yr of " + build.process +
        ", online from " + build.period + "."]));
    }
    for (const b of ((plan.keyFigures || {}).builds || [])) {
      if (b.modules === 0) decisions.push(el("li", {}, "Not built: capacity option " + b.option + "."));
    }
    const bySite = {};
    for (const line of plan.sites) (bySite[line.site] = bySite[line.site] || []).push(line);
    for (const site of Object.keys(bySite)) {
      const lines = bySite[site].sort(function (a, b) { return a.period - b.period; });
      const open = lines.filter(function (l) { return l.isOpen; }).map(function (l) { return l.period; });
      let words;
      if (open.length === 0) words = "stays closed";
      else if (open.length === lines.length) words = "open in every year";
      else if (lines[0].isOpen) words = "open until " + open[open.length - 1] + ", closed from " + (open[open.length - 1] + 1);
      else words = "opens in " + open[0] + (open.length < lines.length - lines.findIndex(function (l) { return l.isOpen; }) ? ", closed again later" : "");
      decisions.push(el("li", {}, [el("strong", { text: c.siteName(site) }), " (" + site + ", " + lines[0].status + "): " + words + "."]));
    }
    if (decisions.length === 0) decisions.push(el("li", { text: "The scenario offers no capacity or site decisions." }));
    // Headline figures from the key figures, each with its meaning.
    const entries = [];
    const figure = function (name, meaning, show) {
      if (c.figures[name] == null) return;
      entries.push(el("div", { class: "figure", "data-figure": name, "data-value": String(c.figures[name]) }, [
        el("div", { class: "value", text: show ? show(c.figures[name]) : charts.format(c.figures[name]) }),
        el("div", { class: "meaning", text: meaning })]));
    };
    figure("profit", "discounted profit " + c.horizon + ", " + c.currency);
    figure("revenue", "discounted revenue " + c.horizon + " (sales + incentives), " + c.currency);
    figure("total cost", "discounted total cost " + c.horizon + ", " + c.currency);
    figure("duties", "discounted duties paid " + c.horizon + ", " + c.currency);
    figure("service level", "of the demand served", function (v) { return charts.percent(v); });
    figure("unmet units", "units of demand unmet " + c.horizon, function (v) { return charts.grouped(v, 0); });
    if (plan.carbon) {
      const emitted = plan.carbon.scopes.filter(function (s) { return s.company == null; })
        .reduce(function (sum, s) { return sum + s.scope1 + s.scope2 + s.scope3; }, 0);
      entries.push(el("div", { class: "figure" }, [el("div", { class: "value", text: charts.format(emitted) }),
        el("div", { class: "meaning", text: "t CO2e emitted " + c.horizon + ", scopes 1\u20133" })]));
    }
    // What binds most: each capacity once, with the years it binds.
    const binding = groupBottlenecks(plan).slice(0, 3).map(function (group) {
      return el("li", {}, [el("strong", { text: c.subjectName(group.kind, group.subject) }), " (" + group.kind + " " + group.subject + ") is full in " +
        years(group.periods) + ": one more unit of capacity (t a year) would " + (profitPlan ? "add " : "save ") + charts.grouped(group.maximum, 0) + " " + c.currency +
        " in each of those years" + (group.minimum < group.maximum * 0.99 ? " at most (" + charts.grouped(group.minimum, 0) + " at least)" : "") + "."]);
    });
    // Unmet demand.
    const unmet = plan.demand.filter(function (d) { return d.unmet > 1e-6; });
    const unmetText = unmet.length === 0
      ? "None: all " + charts.grouped(plan.keyFigures ? plan.keyFigures.demanded : 0, 0) + " units demanded " + c.horizon + " are served."
      : charts.grouped(c.figures["unmet units"], 0) + " units unmet in " + unmet.length + " demand rows, largest: " + unmet.sort(function (a, b) { return b.unmet - a.unmet; })
        .slice(0, 3).map(function (d) { return charts.grouped(d.unmet, 0) + " " + c.unit(d.product) + " " + c.productName(d.product) + " at " + c.siteName(d.site) + " in " + d.period; }).join("; ") + ".";
    const baselineBox = el("div", { id: "baseline" });
    box.appendChild(card("The answer", [lead,
      el("h3", { text: "Decisions" }), el("ul", { class: "decisions" }, decisions), el("p", { id: "answer-difference", class: "strong" }),
      el("h3", { text: "Headline figures" }), el("div", { class: "figures", id: "headline-figures" }, entries),
      el("h3", { text: "What binds most" }), binding.length ? el("ul", {}, binding) : note("No capacity binds with a positive value."),
      el("h3", { text: "Unmet demand" }), el("p", { text: unmetText }),
      el("h3", { text: "Against a baseline" }), baselineBox,
      el("p", {}, workbookButton(job.id, plan.scenario))], "summary"));
    baseline(baselineBox, c, job, data);
    const waterfall = el("div", { id: "waterfall" });
    box.appendChild(card(profitPlan ? "From revenue to profit (discounted, " + c.currency + ")" : "Cost by component (discounted, " + c.currency + ")",
      [note("Each bar is one component of the objective over " + c.horizon + ", discounted to " + plan.periods[0] + "; the last bar is the headline figure."), waterfall]));
    charts.drawWaterfall(waterfall, plan, c.currency);
  }

  function years(list) {
    const sorted = list.slice().sort(function (a, b) { return a - b; });
    const parts = [];
    let start = sorted[0], previous = sorted[0];
    for (const year of sorted.slice(1).concat([null])) {
      if (year === previous + 1) { previous = year; continue; }
      parts.push(start === previous ? String(start) : start + "\u2013" + previous);
      start = previous = year;
    }
    return parts.join(", ");
  }

  /// Bottlenecks grouped by capacity: years binding, value range, capacity and use.
  function groupBottlenecks(plan) {
    const groups = {};
    for (const b of plan.bottlenecks) {
      const key = b.kind + "|" + b.subject;
      const g = groups[key] || (groups[key] = { kind: b.kind, subject: b.subject, periods: [], maximum: 0, minimum: Infinity, capacity: 0, used: 0, lines: [] });
      if (b.period != null) g.periods.push(b.period);
      g.maximum = Math.max(g.maximum, b.shadowPrice); g.minimum = Math.min(g.minimum, b.shadowPrice);
      g.capacity = Math.max(g.capacity, b.capacity); g.used = Math.max(g.used, b.used);
      g.lines.push(b);
    }
    return Object.values(groups).sort(function (a, b) { return b.maximum - a.maximum; });
  }

  /// The difference against another run: the sibling scenario's (one whose name extends this
  /// one's or the other way round) unless the planner picks another.
  function baseline(box, c, job, data) {
    const names = {};
    for (const s of data.scenarios) names[s.id] = s.name;
    const own = names[job.scenarioId] || "";
    const runs = data.jobs.filter(function (j) { return j.state === "succeeded" && j.kind !== "sweep" && j.id !== job.id; });
    if (runs.length === 0) { box.appendChild(note("No other finished run to compare with: run the scenario without the decision (or any other) to see the difference here.")); return; }
    const sibling = runs.find(function (j) {
      const name = names[j.scenarioId] || "";
      return j.scenarioId !== job.scenarioId && name && own && (name.indexOf(own) === 0 || own.indexOf(name) === 0);
    });
    const picked = sessionStorage.getItem("ferrite.baseline." + job.id);
    const initial = runs.some(function (j) { return j.id === picked; }) ? picked : sibling ? sibling.id : "";
    const select = el("select", { id: "baseline-run" }, [el("option", { value: "", text: "none" })].concat(runs.map(function (j) {
      return el("option", { value: j.id, selected: j.id === initial, text: (names[j.scenarioId] || j.scenarioId) + " \u00b7 run " + j.id.slice(0, 8) });
    })));
    const result = el("div", { class: "scroll" });
    const show = async function () {
      sessionStorage.setItem("ferrite.baseline." + job.id, select.value);
      result.replaceChildren();
      const top = document.getElementById("answer-difference");
      if (top) top.textContent = "";
      if (!select.value) return;
      try {
        const comparison = await api("/api/compare?jobs=" + encodeURIComponent(select.value) + "," + encodeURIComponent(job.id));
        const value = function (v, unit) {
          if (v == null) return "\u2014";
          if (unit === "fraction") return c.charts.percent(v);
          if (unit === "year") return String(v);
          if (unit === "money") return c.charts.grouped(v, 0);
          return c.charts.grouped(v);
        };
        const rows = comparison.figures.filter(function (f) {
          const a = f.values[0], b = f.values[1];
          return ["objective", "profit", "revenue", "total cost", "service level"].indexOf(f.name) >= 0 || (a !== b && !(a == null && b == null));
        }).map(function (f) {
          const base = f.values[0], mine = f.values[1];
          const delta = base == null || mine == null ? null : mine - base;
          const unitText = f.unit === "money" ? c.currency + ", discounted" : f.unit === "fraction" ? "%" : f.unit;
          return el("tr", {}, [el("td", { text: f.name }), el("td", { text: unitText }), el("td", { class: "num", text: value(mine, f.unit) }),
            el("td", { class: "num", text: value(base, f.unit) }),
            el("td", { class: "num" + (delta ? (delta > 0 ? " up" : " down") : ""), text: delta == null ? "\u2014" : (delta > 0 ? "+" : "") + (f.unit === "year" ? String(delta) : value(delta, f.unit)) })]);
        });
        const profit = comparison.figures.find(function (f) { return f.name === (c.figures.revenue != null ? "profit" : "total cost"); });
        if (profit && profit.values[0] != null && profit.values[1] != null) {
          const delta = profit.values[1] - profit.values[0];
          const sentence = "This plan's discounted " + profit.name + " is " + c.money(Math.abs(delta)) + (delta >= 0 ? " higher" : " lower") + " than the baseline's (" + comparison.names[0] + ").";
          result.appendChild(el("p", { class: "lead", id: "baseline-difference", "data-value": String(delta) }, [sentence]));
          const top = document.getElementById("answer-difference");
          if (top) top.textContent = sentence;
        }
        const headers = ["Figure", "Unit", "This run", "Baseline", "Difference"];
        for (const row of rows) for (let i = 0; i < row.cells.length; i++) row.cells[i].setAttribute("data-label", headers[i]);
        result.appendChild(el("table", { id: "baseline-table", class: "stack" }, [el("thead", {}, el("tr", {}, headers.map(function (h, i) {
          return el("th", { scope: "col", class: i >= 2 ? "num" : null, text: h }); }))), el("tbody", {}, rows)]));
        result.appendChild(el("p", {}, el("a", { href: "#/compare?runs=" + select.value + "," + job.id, text: "Compare on one page: every figure year by year, decisions, the map of changed flows, costs by customer" })));
      } catch (error) { result.appendChild(el("p", { class: "error", text: error.message })); }
    };
    select.addEventListener("change", show);
    box.appendChild(el("p", { class: "inline" }, [el("label", { for: "baseline-run", text: "Baseline run " }), select]));
    box.appendChild(result);
    show();
  }

  // ---- Map -------------------------------------------------------------------------------------

  /// The map; #/job/ID/map/SITE (or map/lane:LANE) opens a site's or a lane's panel.
  function mapView(box, c, period, job, data, detail) {
    const panel = el("aside", { class: "side-panel", id: "map-panel", "aria-live": "polite" }, [el("p", { class: "muted",
      text: "Choose a site or a flow (click, or Tab to it and press Enter) to see its figures here." })]);
    const holder = el("div", { id: "map" });
    box.appendChild(card("Network map, " + period, [note("Drag to pan, wheel or buttons to zoom. Labels of crowded sites show on hover or focus."),
      el("div", { class: "map-layout" }, [holder, panel])]));
    const siteNames = {};
    for (const id of Object.keys(c.sites)) siteNames[id] = c.sites[id].name;
    c.charts.createMap(holder, resultCache.world, c.network, c.plan, { period: period, siteNames: siteNames, countryNames: COUNTRIES,
      priority: c.plan.builds.map(function (b) { return b.site; }),
      onSelect: function (kind, id) { panel.replaceChildren(...(kind === "site" ? sitePanel(c, id, period) : lanePanel(c, id, period))); panel.focus(); } });
    panel.setAttribute("tabindex", "-1");
    if (detail && detail.indexOf("lane:") === 0) panel.replaceChildren(...lanePanel(c, detail.slice(5), period));
    else if (detail && c.sites[detail]) panel.replaceChildren(...sitePanel(c, detail, period));
  }

  function miniTable(headers, rows, numeric) {
    return el("table", { class: "mini" }, [el("thead", {}, el("tr", {}, headers.map(function (h, i) { return el("th", { scope: "col", class: numeric.indexOf(i) >= 0 ? "num" : null, text: h }); }))),
      el("tbody", {}, rows.map(function (row) { return el("tr", {}, row.map(function (cell, i) { return el("td", { class: numeric.indexOf(i) >= 0 ? "num" : null, text: cell }); })); }))]);
  }

  function sitePanel(c, id, period) {
    const plan = c.plan, g = c.charts, site = c.sites[id] || { name: id, kind: "", country: "" };
    const sum = function (lines, key) { const out = {}; for (const l of lines) out[l[key]] = (out[l[key]] || 0) + l.quantity; return out; };
    const inbound = sum(plan.flows.filter(function (f) { return f.to === id && f.period === period; }), "product");
    const bought = sum(plan.purchases.filter(function (p) { return p.site === id && p.period === period; }), "product");
    const outbound = sum(plan.flows.filter(function (f) { return f.from === id && f.period === period; }), "product");
    const parts = [el("h3", { text: site.name }), el("p", { class: "muted", text: id + " \u00b7 " + site.kind.replace(/-/g, " ") + " \u00b7 " + (COUNTRIES[site.country] || site.country) + " \u00b7 " + period })];
    const flowRows = [];
    for (const p of Object.keys(bought)) flowRows.push([c.productName(p), "bought", g.grouped(bought[p], 0)]);
    for (const p of Object.keys(inbound)) flowRows.push([c.productName(p), "in", g.grouped(inbound[p], 0)]);
    for (const p of Object.keys(outbound)) flowRows.push([c.productName(p), "out", g.grouped(outbound[p], 0)]);
    parts.push(flowRows.length ? miniTable(["Product", "", "t"], flowRows, [2]) : note("No flows in " + period + "."));
    const production = plan.production.filter(function (l) { return l.site === id && l.period === period && l.capacity > 0; });
    if (production.length) {
      parts.push(el("h4", { text: "Production" }));
      parts.push(miniTable(["Process", "Activity, t", "Utilization"], production.map(function (l) {
        return [l.process.split("/").slice(1).join("/"), g.grouped(l.activity, 0), g.percent(l.utilization, 0)]; }), [1, 2]));
    }
    const delivered = ((plan.series || {}).deliveredCosts || []).filter(function (l) { return l.site === id && l.period === period; });
    if (delivered.length) {
      parts.push(el("h4", { text: "Delivered and landed cost, " + c.currency + " per t" }));
      parts.push(miniTable(["Product", "Average", "Landed"], delivered.map(function (l) {
        return [c.productName(l.product), g.grouped(total(l), 0), l.landedCost == null ? "\u2014" : g.grouped(l.landedCost, 0)]; }), [1, 2]));
    }
    const duties = {};
    for (const d of ((plan.trade || {}).duties || [])) if (d.to === id && d.period === period) duties[d.rule] = (duties[d.rule] || 0) + d.amount;
    if (Object.keys(duties).length) {
      parts.push(el("h4", { text: "Duties paid on arrivals, " + c.currency }));
      parts.push(miniTable(["Rule", c.currency], Object.keys(duties).map(function (r) { return [r, g.format(duties[r])]; }), [1]));
    }
    return parts;
  }

  function total(line) { return line.purchase + line.production + line.transport + line.duties + line.carbon; }

  function lanePanel(c, lane, period) {
    const plan = c.plan, g = c.charts;
    const flows = plan.flows.filter(function (f) { return f.lane === lane && f.period === period; });
    if (!flows.length) return [note("No flow on " + lane + " in " + period + ".")];
    const duty = {};
    for (const d of ((plan.trade || {}).duties || [])) if (d.lane === lane && d.period === period) duty[d.product] = (duty[d.product] || 0) + d.amount;
    const emissions = ((plan.carbon || {}).transport || []).filter(function (t) { return t.lane === lane && t.period === period; })
      .reduce(function (s, t) { return s + t.emissions; }, 0);
    return [el("h3", { text: c.siteName(flows[0].from) + " \u2192 " + c.siteName(flows[0].to) }), el("p", { class: "muted", text: "lane " + lane + " \u00b7 " + period }),
      miniTable(["Product", "t", "Transport, " + c.currency, "Duty, " + c.currency], flows.map(function (f) {
        return [c.productName(f.product), g.grouped(f.quantity, 0), g.format(f.quantity * f.unitCost), g.format(duty[f.product] || 0)]; }), [1, 2, 3]),
      el("p", { text: "Transport emissions: " + g.grouped(emissions, 0) + " t CO2e in " + period + "." })];
  }

  // ---- Flows -----------------------------------------------------------------------------------

  function flowsView(box, c, period) {
    const chosen = sessionStorage.getItem("ferrite.chain") || "split";
    const select = el("select", { id: "chain" }, [["split", "Steel and battery materials, each on its own scale"], ["steel", "Steel only"],
      ["battery-material", "Battery materials only"], ["all", "Everything on one scale"]].map(function (o) {
      return el("option", { value: o[0], text: o[1], selected: o[0] === chosen }); }));
    const holder = el("div", {});
    const draw = function () {
      sessionStorage.setItem("ferrite.chain", select.value);
      holder.replaceChildren();
      const chains = select.value === "split" ? ["steel", "battery-material", "other"] : [select.value];
      for (const chain of chains) {
        const part = el("div", { class: "scroll sankey-box", id: "sankey-" + chain });
        const title = chain === "all" ? "Every product" : c.charts.CHAIN_NAMES[chain];
        const wrapper = el("div", {}, [el("h3", { text: title + ", t in " + period }), part]);
        holder.appendChild(wrapper);
        if (c.charts.drawSankey(part, c.network, c.plan, period, chain) === 0) {
          if (chain === "other") wrapper.remove(); else part.appendChild(note("No " + title.toLowerCase() + " flow in " + period + "."));
        }
      }
      finishRender();
    };
    select.addEventListener("change", draw);
    box.appendChild(card("Where the material flows, " + period, [
      el("p", { class: "inline" }, [el("label", { for: "chain", text: "Products " }), select]),
      note("Bands are as wide as the tonnes they carry (each chart has its own scale); purchases on the left, customers on the right. A port a plant both receives from and ships to appears once per product."),
      holder]));
    draw();
  }

  // ---- Over time -------------------------------------------------------------------------------

  function timeView(box, c) {
    const plan = c.plan, periods = plan.periods, g = c.charts;
    const at = function (period) { return periods.indexOf(period); };
    const zeros = function () { return periods.map(function () { return 0; }); };
    const costs = {}, revenue = zeros();
    const revenueComponents = {};
    for (const comp of plan.components) if (comp.isRevenue) revenueComponents[comp.component] = true;
    for (const line of plan.costs) {
      if (revenueComponents[line.component]) { revenue[at(line.period)] += line.amount; continue; }
      (costs[line.component] = costs[line.component] || zeros())[at(line.period)] += line.amount;
    }
    const costBox = el("div", { id: "series-costs" });
    box.appendChild(card("Costs by component, " + c.currency + " per year", [note("In each year's own money (not discounted); the line is revenue (sales and incentives)."), costBox]));
    g.drawColumns(costBox, periods, Object.keys(costs).map(function (k) { return { key: k, values: costs[k] }; }),
      { unit: c.currency, label: "Costs by component per year", lines: plan.keyFigures && c.figures.revenue != null ? [{ name: "revenue", values: revenue }] : [], digits: 0 });
    if (plan.trade) {
      const duties = {};
      for (const d of plan.trade.duties) (duties[d.rule] = duties[d.rule] || zeros())[at(d.period)] += d.amount;
      const dutyBox = el("div", { id: "series-duties" });
      box.appendChild(card("Duties by tariff rule, " + c.currency + " per year", [dutyBox]));
      if (g.drawColumns(dutyBox, periods, Object.keys(duties).map(function (k) { return { key: k, values: duties[k] }; }), { unit: c.currency, label: "Duties by rule per year", digits: 0 }) === 0) dutyBox.appendChild(note("No duty is paid."));
    }
    if (plan.carbon) {
      const scopes = plan.carbon.scopes.filter(function (s) { return s.company == null; }).sort(function (a, b) { return a.period - b.period; });
      const emissionsBox = el("div", { id: "series-emissions" });
      box.appendChild(card("Emissions by scope, t CO2e per year", [emissionsBox]));
      g.drawColumns(emissionsBox, periods, [["scope1", "scope 1 (direct)"], ["scope2", "scope 2 (electricity)"], ["scope3", "scope 3 (inputs, transport)"]].map(function (s) {
        return { key: s[1], values: periods.map(function (p) { const line = scopes.find(function (l) { return l.period === p; }); return line ? line[s[0]] : 0; }) };
      }), { unit: "t CO2e", label: "Emissions by scope per year", digits: 0 });
    }
    const production = (plan.series || {}).production || [];
    if (production.length) {
      const made = [];
      for (const line of production) if (line.quantity > 1e-9 && made.indexOf(line.product) < 0) made.push(line.product);
      const chosen = sessionStorage.getItem("ferrite.product") || made[0];
      const select = el("select", { id: "production-product" }, made.map(function (p) { return el("option", { value: p, selected: p === chosen, text: c.productName(p) }); }));
      const productionBox = el("div", { id: "series-production" });
      const draw = function () {
        sessionStorage.setItem("ferrite.product", select.value);
        productionBox.replaceChildren();
        const bySource = {};
        for (const line of production) {
          if (line.product !== select.value) continue;
          const key = c.siteName(line.site) + " \u00b7 " + line.route;
          (bySource[key] = bySource[key] || zeros())[at(line.period)] += line.quantity;
        }
        g.drawColumns(productionBox, periods, Object.keys(bySource).map(function (k) { return { key: k, values: bySource[k] }; }),
          { unit: c.unit(select.value), label: "Production of " + c.productName(select.value) + " by site and route", digits: 0 });
        finishRender();
      };
      select.addEventListener("change", draw);
      box.appendChild(card("Production by site and route", [el("p", { class: "inline" }, [el("label", { for: "production-product", text: "Product " }), select]), productionBox]));
      draw();
    }
    const utilization = (plan.series || {}).utilization || [];
    const utilizationBox = el("div", { id: "series-utilization" });
    box.appendChild(card("Utilization of the capacities that bind", [note("Every year of each capacity that is full in at least one year; hover a point for the value of one more unit."), utilizationBox]));
    const groups = {};
    for (const line of utilization) (groups[line.kind + "|" + line.subject] = groups[line.kind + "|" + line.subject] || []).push(line);
    if (g.drawLines(utilizationBox, periods, Object.keys(groups).map(function (key) {
      const lines = groups[key];
      const values = periods.map(function (p) { const l = lines.find(function (x) { return x.period === p; }); return l ? l.utilization : null; });
      return { key: c.subjectName(lines[0].kind, lines[0].subject), values: values, note: function (i) {
        const l = lines.find(function (x) { return x.period === periods[i]; });
        return l && l.shadowPrice > 0 ? "; one more unit is worth " + g.grouped(l.shadowPrice, 0) + " " + c.currency : ""; } };
    }), { percent: true, max: 1, label: "Utilization of binding capacities" }) === 0) utilizationBox.appendChild(note("No capacity binds."));
  }

  // ---- Delivered cost --------------------------------------------------------------------------

  function costsView(box, c, period) {
    const lines = ((c.plan.series || {}).deliveredCosts || []).filter(function (l) { return l.period === period; });
    const intro = [el("p", { class: "lead" }, "The landed cost is a shadow price: what one more tonne delivered would cost the network in that year, not the average paid for the tonnes delivered."),
      note("Bars build up the average cost of the tonnes delivered, traced through the plan's own flows by mass balance (purchase, production, transport, duties, carbon, in " + period +
        " money per t; fixed costs and capex are not per tonne and stay out). The black tick is the landed cost. Each product has its own scale.")];
    box.appendChild(card("Delivered cost per customer and product, " + period, intro, "costs-intro"));
    if (lines.length === 0) { box.appendChild(card(null, [note("No delivery in " + period + " (or the plan predates the build-up).")])); return; }
    const products = [];
    for (const l of lines) if (products.indexOf(l.product) < 0) products.push(l.product);
    const names = { purchase: "purchase", production: "production", transport: "transport", duties: "duties", carbon: "carbon" };
    for (const product of products) {
      const holder = el("div", { class: "delivered", id: "delivered-" + product });
      box.appendChild(card(c.productName(product) + ", " + c.currency + " per " + c.unit(product), [holder]));
      c.charts.drawStackedBars(holder, lines.filter(function (l) { return l.product === product; }).map(function (l) {
        return { label: c.siteName(l.site) + " (" + c.charts.grouped(l.quantity, 0) + " " + c.unit(l.product) + ")",
          segments: Object.keys(names).map(function (k) { return { key: k, value: l[k] }; }),
          marker: l.landedCost != null ? { value: l.landedCost, label: "landed cost" } : null };
      }), { unit: c.currency + "/" + c.unit(product), label: "Delivered cost of " + c.productName(product), keys: Object.keys(names),
        colors: { purchase: "#0072B2", production: "#56B4E9", transport: "#009E73", duties: "#D55E00", carbon: "#CC79A7" },
        markerLegend: "landed cost (shadow price)", legendAlways: true, digits: 0, labelWidth: 300 });
    }
  }

  // ---- Trade -----------------------------------------------------------------------------------

  function tradeView(box, c, period) {
    const plan = c.plan, g = c.charts;
    if (!plan.trade) { box.appendChild(card("Trade", [note("The scenario has no tariff or origin rules.")])); return; }
    const bars = {};
    for (const duty of plan.trade.duties) {
      if (duty.period !== period || Math.abs(duty.amount) < 1e-9) continue;
      const label = c.siteName(duty.from) + " \u2192 " + c.siteName(duty.to) + " \u00b7 " + c.productName(duty.product);
      const bar = bars[label] || (bars[label] = { label: label, segments: [] });
      bar.segments.push({ key: duty.rule, value: duty.amount });
    }
    const dutiesBox = el("div", { id: "duties" });
    box.appendChild(card("Duties by lane and product, " + c.currency + " in " + period, [note("Who pays which duty: each bar is one product on one lane, split by the tariff rule that applies."), dutiesBox]));
    if (g.drawStackedBars(dutiesBox, Object.values(bars), { unit: c.currency, label: "Duties by lane and product in " + period, digits: 0, legendAlways: true }) === 0) {
      dutiesBox.appendChild(note("No duty is paid in " + period + "."));
    }
    const rules = {};
    for (const line of plan.trade.originShares) (rules[line.rule] = rules[line.rule] || []).push(line);
    const complianceBox = el("div", { id: "compliance" });
    box.appendChild(card("Origin rules: share reached against share required", [note("A rule is met in a year when the qualifying share of the deliveries it covers reaches the required share; the required share phases in over the years as the rule says."), complianceBox]));
    if (Object.keys(rules).length === 0) complianceBox.appendChild(note("No origin rule applies."));
    for (const rule of Object.keys(rules)) {
      const lines = rules[rule].sort(function (a, b) { return a.period - b.period; });
      const value = function (field) { return plan.periods.map(function (p) { const l = lines.find(function (x) { return x.period === p; }); return l && l[field] != null ? l[field] : null; }); };
      const required = lines.filter(function (l) { return l.required != null; });
      const steps = [];
      required.forEach(function (l, i) { if (i === 0 || Math.abs(l.required - required[i - 1].required) > 1e-6) steps.push(g.percent(l.required, 0) + " from " + l.period); });
      const met = lines.filter(function (l) { return l.qualifies; }).map(function (l) { return l.period; });
      const holder = el("div", { class: "rule", id: "rule-" + rule });
      complianceBox.appendChild(el("div", {}, [el("h3", { text: rule }),
        el("p", { text: lines[0].mode + " rule on deliveries to " + lines[0].sites.map(c.siteName).join(", ") + ". Required share: " + (steps.join(", ") || "none") + ". Met in " + (met.length ? years(met) : "no year") + "." }), holder]));
      g.drawLines(holder, plan.periods, [{ key: "reached", values: value("reached") }, { key: "required", values: value("required"), dashed: true }],
        { percent: true, max: 1, label: "Share reached and required for " + rule, height: 170, colors: { reached: "#0072B2", required: "#D55E00" } });
    }
  }

  // ---- Carbon ----------------------------------------------------------------------------------

  const STAGE_COLORS = { "raw material": "#8C6D31", "production": "#0072B2", "processing": "#56B4E9", "transport": "#E69F00" };

  function carbonView(box, c, period) {
    const plan = c.plan, g = c.charts;
    if (!plan.carbon) { box.appendChild(card("Carbon", [note("No emissions were computed for this plan.")])); return; }
    const bySite = {};
    for (const line of plan.carbon.emissions) {
      if (line.period !== period) continue;
      const label = c.siteName(line.site);
      (bySite[label] = bySite[label] || { label: label, segments: [] }).segments.push({ key: line.stage, value: line.emissions });
    }
    const emissionsBox = el("div", { id: "emissions" });
    box.appendChild(card("Emissions by site, t CO2e in " + period, [emissionsBox]));
    if (g.drawStackedBars(emissionsBox, Object.values(bySite), { unit: "t CO2e", label: "Emissions by site in " + period, colors: STAGE_COLORS, legendAlways: true, digits: 0 }) === 0) {
      emissionsBox.appendChild(note("No emissions in " + period + "."));
    }
    const footprintBox = el("div", { id: "footprints" });
    box.appendChild(card("Footprint per delivered product, t CO2e per t in " + period, [note("Cradle to customer gate, traced through the plan's flows."), footprintBox]));
    const deliveries = plan.carbon.deliveries.filter(function (line) { return line.period === period; }).map(function (line) {
      return { label: c.productName(line.product) + " at " + c.siteName(line.site),
        segments: Object.keys(line.byStage).sort().map(function (stage) { return { key: stage, value: line.byStage[stage] }; }) };
    });
    if (g.drawStackedBars(footprintBox, deliveries, { unit: "t CO2e/t", label: "Footprint per delivered product in " + period, colors: STAGE_COLORS, legendAlways: true, digits: 2 }) === 0) {
      footprintBox.appendChild(note("Nothing is delivered in " + period + "."));
    }
  }

  // ---- Bottlenecks -----------------------------------------------------------------------------

  function bottleneckView(box, c) {
    const plan = c.plan, g = c.charts;
    const profitPlan = c.figures.revenue != null;
    const rows = groupBottlenecks(plan).map(function (group) {
      const last = group.lines[group.lines.length - 1];
      return [c.subjectName(group.kind, group.subject) + " (" + group.subject + ")", group.kind, years(group.periods) || "horizon",
        g.grouped(group.capacity, 0), g.grouped(group.used, 0),
        group.minimum < group.maximum * 0.99 ? g.grouped(group.minimum, 0) + "\u2013" + g.grouped(group.maximum, 0) : g.grouped(group.maximum, 0),
        g.grouped(0.1 * last.capacity * group.maximum, 0)];
    });
    const shares = ((plan.trade || {}).originShares || []).filter(function (s) { return s.binds; });
    const caps = ((plan.carbon || {}).caps || []).filter(function (cap) { return cap.isBinding; });
    box.appendChild(card("What binds, and what more would be worth", [
      note("The value of one more unit holds for small additions (it is the capacity's shadow price, " + c.currency + " per unit per year, in that year's money); 10 % more capacity is worth at most 10 % of the capacity times that value each year, less once the next constraint binds. Compare it with what the extra capacity costs a year."),
      rows.length ? el("div", { class: "scroll" }, dataTable(["What binds", "Kind", "Years", "Capacity (units/yr)", "Used (units/yr)", "Value of one more unit (" + c.currency + ")", "10 % more is worth at most (" + c.currency + "/yr)"], rows, [3, 4, 5, 6], "bottleneck-table"))
        : note("No capacity binds with a positive value."),
      shares.length ? el("h3", { text: "Origin rules that bind" }) : null,
      shares.length ? el("div", { class: "scroll" }, dataTable(["Rule", "Year", "Required", "Reached", "Cost of one more point (" + c.currency + ")"], shares.map(function (s) {
        return [s.rule, String(s.period), g.percent(s.required), g.percent(s.reached), g.grouped(s.costPerPoint, 0)]; }), [2, 3, 4])) : null,
      caps.length ? el("h3", { text: "Carbon caps that bind" }) : null,
      caps.length ? el("div", { class: "scroll" }, dataTable(["Cap", "Year", "Limit (t CO2e)", "Emissions (t CO2e)", "Abatement cost (" + c.currency + "/t CO2e)"], caps.map(function (cap) {
        return [cap.cap, cap.period == null ? "horizon" : String(cap.period), g.grouped(cap.limit, 0), g.grouped(cap.emissions, 0), cap.marginalAbatementCost == null ? "\u2014" : g.grouped(cap.marginalAbatementCost, 0)]; }), [2, 3, 4])) : null,
      el("p", { class: "muted", text: profitPlan ? "Values are profit gained per extra unit." : "Values are cost saved per extra unit." })], "bottlenecks"));
  }

  /// A table that becomes one card per row on a phone (each cell with its header beside it).
  function dataTable(headers, rows, numeric, id) {
    const table = miniTable(headers, rows, numeric);
    table.className = "stack";
    if (id) table.id = id;
    for (const row of table.tBodies[0].rows) {
      for (let i = 0; i < row.cells.length; i++) row.cells[i].setAttribute("data-label", headers[i]);
    }
    return table;
  }

  // ---- Tables ----------------------------------------------------------------------------------

  /// The list of tables; #/job/ID/tables/NAME opens one below it.
  function tablesView(box, c, period, job, data, detail) {
    const choice = el("select", { id: "table-choice" }, [el("option", { value: "", text: "Choose a table\u2026" })].concat(data.tables.map(function (t) {
      return el("option", { value: t.name, selected: t.name === detail, text: t.name + " (" + t.rows.toLocaleString("en-US") + " rows)" }); })));
    choice.addEventListener("change", function () { if (choice.value) location.hash = "#/job/" + job.id + "/tables/" + encodeURIComponent(choice.value); });
    box.appendChild(card("Tables", [note("Every table of the plan, sorted by a click on a column, searched, filtered per column (a number filter takes >, <, = and a value) and paged; CSV downloads the whole table."),
      el("p", { class: "inline" }, [el("label", { for: "table-choice", text: "Table " }), choice]), el("div", { id: "table-view" })]));
    if (detail && data.tables.some(function (t) { return t.name === detail; })) {
      renderPending = true;
      showTable(job.id, detail, c).then(finishRender);
    }
  }

  /// The whole plan as one Excel workbook: key figures, then every table (GET /api/jobs/ID/workbook).
  function workbookButton(jobID, scenario) {
    return el("button", { type: "button", class: "secondary", id: "workbook", text: "Download the results as an Excel workbook", onclick: async function () {
      try {
        const response = await fetch("/api/jobs/" + jobID + "/workbook", { headers: { Authorization: "Bearer " + token() } });
        if (!response.ok) throw new Error((await response.json().catch(function () { return {}; })).message || response.statusText);
        const link = el("a", { href: URL.createObjectURL(await response.blob()), download: (scenario || "plan").replace(/[^A-Za-z0-9_-]+/g, "-") + ".xlsx" });
        document.body.appendChild(link); link.click(); link.remove();
      } catch (error) { fail(error); }
    } });
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

  function tableList(jobID, tables, c) {
    return el("div", { class: "scroll" }, el("table", { id: "table-list" }, [el("thead", {}, el("tr", {}, ["Table", "Rows", ""].map(function (h, i) { return el("th", { scope: "col", class: i === 1 ? "num" : null, text: h }); }))),
      el("tbody", {}, tables.map(function (t) {
        return el("tr", {}, [el("td", { text: t.name }), el("td", { class: "num", text: t.rows.toLocaleString("en-US") }),
          el("td", {}, [el("button", { type: "button", class: "secondary", text: "View", "aria-label": "View " + t.name, onclick: function () { scrollToTable = true; if (c) location.hash = "#/job/" + jobID + "/tables/" + encodeURIComponent(t.name); else showTable(jobID, t.name, c); } }), " ", download(jobID, t.name)])]);
      }))]));
  }

  let scrollToTable = false;
  const SITE_COLUMNS = ["site", "from", "to", "customer"];
  const PERCENT_COLUMNS = ["utilization", "share", "required", "reached", "fill", "service_level"];

  /// What a column's numbers are in, for its header.
  function columnUnit(name, currency) {
    if (/_(t|km|g_per_tkm|t_per_unit)$/.test(name) || name.indexOf(currency) >= 0) return "";
    if (PERCENT_COLUMNS.indexOf(name) >= 0) return "%";
    if (/amount|discounted|cost|price|duty|duties|incentive|value|penalty/.test(name)) return currency;
    if (/quantity|activity|capacity|used|served|unmet|tonnes|received|qualifying|excluded|in_quota|out_of_quota|added_capacity/.test(name)) return "units";
    return "";
  }

  /// The whole table, read page by page, then sorted, searched, filtered and paged in the browser.
  async function showTable(jobID, name, c) {
    const view = document.getElementById("table-view");
    try {
      let offset = 0, header = [], rows = [], totalRows = 1;
      while (offset < totalRows && offset < 50000) {
        const part = await api("/api/jobs/" + jobID + "/tables/" + encodeURIComponent(name) + "?offset=" + offset + "&limit=1000");
        header = part.header; totalRows = part.total; rows = rows.concat(part.rows); offset += 1000;
      }
      const currency = c ? c.currency : "";
      const numeric = header.map(function (_, i) {
        return rows.length > 0 && rows.every(function (row) { return row[i] === "" || (row[i] !== null && !isNaN(Number(row[i]))); }) && !/period|year|^rule$/.test(header[i]);
      });
      const state = { sort: -1, descending: false, search: "", filters: header.map(function () { return ""; }), size: 50, page: 0 };
      const shown = function (i, cell) {
        if (c && SITE_COLUMNS.indexOf(header[i]) >= 0 && c.sites[cell]) return [c.sites[cell].name, cell];
        if (c && header[i] === "product" && c.products[cell]) return [c.products[cell].name, cell];
        if (numeric[i] && cell !== "") {
          const value = Number(cell);
          if (PERCENT_COLUMNS.indexOf(header[i]) >= 0) return [c ? c.charts.percent(value) : cell];
          return [window.FerriteCharts.grouped(value, Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4)];
        }
        return [cell];
      };
      const search = el("input", { type: "search", id: "table-search", placeholder: "Search every column", "aria-label": "Search the table" });
      const size = el("select", { id: "table-size", "aria-label": "Rows per page" }, [25, 50, 100, 500].map(function (n) { return el("option", { value: n, selected: n === 50, text: n + " rows" }); }));
      const body = el("tbody");
      const status = el("span", { class: "muted", "aria-live": "polite" });
      const previous = el("button", { type: "button", class: "secondary", text: "Previous", "aria-label": "Previous page", onclick: function () { state.page--; draw(); } });
      const next = el("button", { type: "button", class: "secondary", text: "Next", "aria-label": "Next page", onclick: function () { state.page++; draw(); } });
      const heads = header.map(function (h, i) {
        const unit = columnUnit(h, currency);
        const button = el("button", { type: "button", class: "sort", text: h.replace(/_/g, " ") + (unit ? " (" + unit + ")" : ""), "aria-label": "Sort by " + h,
          onclick: function () { state.descending = state.sort === i ? !state.descending : numeric[i]; state.sort = i; draw(); } });
        return el("th", { scope: "col", class: numeric[i] ? "num" : null }, button);
      });
      const filters = header.map(function (h, i) {
        const input = el("input", { type: "search", class: "filter", "aria-label": "Filter " + h, placeholder: numeric[i] ? ">0" : "filter",
          oninput: function () { state.filters[i] = input.value.trim().toLowerCase(); state.page = 0; draw(); } });
        return el("td", { class: numeric[i] ? "num" : null }, input);
      });
      const matches = function (row) {
        if (state.search && !row.some(function (cell, i) { return shown(i, cell).join(" ").toLowerCase().indexOf(state.search) >= 0; })) return false;
        return state.filters.every(function (f, i) {
          if (!f) return true;
          const comparison = numeric[i] && /^([<>]=?|=)\s*-?[\d.]+$/.test(f) ? f.match(/^([<>]=?|=)\s*(-?[\d.]+)$/) : null;
          if (comparison) {
            const a = Number(row[i]), b = Number(comparison[2]);
            return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": a === b }[comparison[1]];
          }
          return shown(i, row[i]).join(" ").toLowerCase().indexOf(f) >= 0;
        });
      };
      const draw = function () {
        let list = rows.filter(matches);
        if (state.sort >= 0) {
          const i = state.sort;
          list = list.slice().sort(function (a, b) {
            const order = numeric[i] ? Number(a[i]) - Number(b[i]) : String(shown(i, a[i])[0]).localeCompare(String(shown(i, b[i])[0]));
            return state.descending ? -order : order;
          });
        }
        heads.forEach(function (th, i) { th.setAttribute("aria-sort", state.sort === i ? (state.descending ? "descending" : "ascending") : "none"); });
        const pages = Math.max(1, Math.ceil(list.length / state.size));
        state.page = Math.max(0, Math.min(state.page, pages - 1));
        const start = state.page * state.size;
        body.replaceChildren(...list.slice(start, start + state.size).map(function (row) {
          return el("tr", {}, row.map(function (cell, i) {
            const parts = shown(i, cell);
            return el("td", { class: numeric[i] ? "num" : null }, parts.length > 1 ? [parts[0], " ", el("span", { class: "id", text: parts[1] })] : parts[0]);
          }));
        }));
        previous.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
        status.textContent = "rows " + (list.length === 0 ? 0 : start + 1).toLocaleString("en-US") + "\u2013" + Math.min(list.length, start + state.size).toLocaleString("en-US") +
          " of " + list.length.toLocaleString("en-US") + (list.length < rows.length ? " (filtered from " + rows.length.toLocaleString("en-US") + ")" : "");
      };
      search.addEventListener("input", function () { state.search = search.value.trim().toLowerCase(); state.page = 0; draw(); });
      size.addEventListener("change", function () { state.size = Number(size.value); state.page = 0; draw(); });
      view.replaceChildren(el("h2", { text: name }),
        el("div", { class: "pager" }, [search, size, previous, next, status, download(jobID, name)]),
        el("div", { class: "scroll" }, el("table", { id: "data-table", class: "data" }, [el("thead", {}, [el("tr", {}, heads), el("tr", { class: "filters" }, filters)]), body])));
      draw();
      if (scrollToTable) view.querySelector("h2").scrollIntoView();
      scrollToTable = false;
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
    // width=N lays the page out N px wide: headless Chromium makes no window narrower than 500 px,
    // so the browser test shows a phone's 390 px this way.
    const frame = Number(params.get("width"));
    if (frame >= 200 && frame <= 4000) sessionStorage.setItem("ferrite.frame", String(frame));
    // The page's own parameters (#/compare?runs=...) stay in the address.
    params.delete("token");
    params.delete("width");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + hash.slice(0, mark) + (rest ? "?" + rest : ""));
  }

  async function render() {
    stopPolling();
    window.onresize = null;
    adoptTokenFromAddress();
    const frame = sessionStorage.getItem("ferrite.frame");
    document.body.style.maxWidth = frame ? frame + "px" : "";
    document.body.classList.toggle("framed", Boolean(frame));
    const session = document.getElementById("session");
    session.replaceChildren();
    document.body.removeAttribute("data-ready");
    if (!token()) { signIn(); document.body.setAttribute("data-ready", "sign-in"); return; }
    session.appendChild(el("button", { type: "button", class: "secondary", text: "Sign out", onclick: function () {
      sessionStorage.removeItem(TOKEN_KEY); render(); } }));
    const path = (location.hash || "#/").slice(1).split("?")[0];
    const parts = path.split("/").filter(Boolean);
    const query = new URLSearchParams((location.hash.split("?")[1]) || "");
    try {
      if (parts[0] && Object.prototype.hasOwnProperty.call(window.Ferrite.pages, parts[0])) await window.Ferrite.pages[parts[0]](parts.slice(1), query);
      else if (parts[0] === "scenario" && parts[1]) await scenarioPage(parts[1]);
      else if (parts[0] === "job" && parts[1]) await jobPage(parts[1], parts[2], parts[3] && decodeURIComponent(parts[3]));
      else await scenarioList();
      if (!document.body.hasAttribute("data-ready") && !pollTimer && !renderPending) document.body.setAttribute("data-ready", parts[0] || "scenarios");
    } catch (error) {
      page("Something went wrong", [el("p", { class: "error", text: error.message || String(error) }), el("a", { href: "#/", text: "Back to the scenarios" })]);
      document.body.setAttribute("data-ready", "error");
    }
  }

  // Pages that live in their own files (inputs.js, compare.js, sweeps.js, futures.js) register here:
  // `pages.NAME(parts, query)` answers #/NAME/...; `jobKinds.KIND(job)` draws a finished job of that kind.
  window.Ferrite = {
    el: el, api: api, page: page, toast: toast, fail: fail, number: number, card: card, note: note,
    diagnosticsTable: diagnosticsTable, jobRow: jobRow, finishRender: finishRender, render: render, tableList: tableList,
    poll: function (callback, milliseconds) { stopPolling(); pollTimer = setTimeout(callback, milliseconds); },
    pages: {}, jobKinds: {}
  };

  // The skip link focuses the content without touching the address (the hash is the route).
  document.querySelector(".skip").addEventListener("click", function (event) { event.preventDefault(); main.focus(); main.scrollIntoView(); });
  window.addEventListener("hashchange", render);
  // Deferred page files run after this one and before DOMContentLoaded, so their pages exist by then.
  document.addEventListener("DOMContentLoaded", render);
})();
