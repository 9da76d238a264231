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
    const scenarios = await api("/api/scenarios");
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
      el("section", { class: "card", id: "scenario-list" }, [table])]);
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
    const remove = el("button", { class: "danger", type: "button", text: "Delete scenario", onclick: async function () {
      if (!confirm("Delete " + s.name + " with its jobs and results?")) return;
      try { await api("/api/scenarios/" + id, { method: "DELETE" }); location.hash = "#/"; } catch (error) { fail(error); }
    } });
    page(s.name, [
      el("section", { class: "card" }, [
        el("p", {}, [validation.valid ? el("span", { class: "badge ok", text: "valid" }) : el("span", { class: "badge error", text: "invalid" }),
          " " + s.format + ", " + detail.files.length + " file(s): " + detail.files.map(function (f) { return f.name; }).join(", ")]),
        solve, el("p", {}, remove)]),
      el("section", { class: "card" }, [el("h2", { text: "Validation" }), diagnosticsTable(validation.diagnostics)]),
      el("section", { class: "card" }, [el("h2", { text: "Runs" }), jobs.length === 0 ? el("p", { class: "muted", text: "Not run yet." })
        : el("table", {}, [el("thead", {}, el("tr", {}, ["Job", "State", "Progress", "Phase", "Elapsed", "Outcome"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
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
    const draw = function () {
      const period = Number(select.value);
      mapBox.replaceChildren(); sankeyBox.replaceChildren(); landedBox.replaceChildren();
      charts.drawMap(mapBox, world, network, plan, period);
      charts.drawSankey(sankeyBox, network, plan, period);
      if (charts.drawLandedCosts(landedBox, network, plan, period) === 0) {
        landedBox.appendChild(el("p", { class: "muted", text: "No landed costs (no duals for this plan)." }));
      }
    };
    select.addEventListener("change", draw);
    const waterfallBox = el("div", { id: "waterfall" });
    charts.drawWaterfall(waterfallBox, plan);
    const kpi = function (label, value) { return el("div", { class: "kpi" }, [el("div", { class: "value", text: value }), el("div", { class: "label", text: label })]); };
    const unmet = plan.demand.reduce(function (sum, d) { return sum + d.unmet; }, 0);
    page(plan.scenario + ": plan", [
      el("section", { class: "card" }, [el("div", { class: "kpis" }, [
        kpi("objective (" + plan.currency + ", discounted)", plan.objective != null ? charts.format(plan.objective) : "none"),
        kpi("termination", plan.termination), kpi("unmet demand", number(unmet)),
        kpi("model", plan.statistics.rows + " rows \u00d7 " + plan.statistics.columns + " columns"),
        kpi("solve", plan.statistics.solveSeconds.toFixed(2) + " s")]),
        el("p", {}, [el("label", { for: "period", text: "Period " }), select, " ",
          el("a", { href: "#/scenario/" + job.scenarioId, text: "scenario" })])]),
      el("section", { class: "card" }, [el("h2", { text: "Network map" }), el("p", { class: "muted", text: "Flow width by volume, colour by product; hover for figures." }), mapBox]),
      el("section", { class: "card" }, [el("h2", { text: "From raw materials to vehicle plants" }), sankeyBox]),
      el("section", { class: "card" }, [el("h2", { text: "Cost waterfall (discounted)" }), waterfallBox]),
      el("section", { class: "card" }, [el("h2", { text: "Landed cost per delivered product (" + plan.currency + " per unit)" }), landedBox]),
      el("section", { class: "card" }, [el("h2", { text: "Tables" }), tableList(job.id, tables), el("div", { id: "table-view" })]),
    ]);
    draw();
    document.body.setAttribute("data-ready", "results");
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
