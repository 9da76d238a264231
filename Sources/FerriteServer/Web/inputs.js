// Ferrite's web app: the scenario's inputs as grids, versions, variants and the scenario tree.
"use strict";

(function () {
  const F = window.Ferrite;
  const el = F.el;
  let schemaCache = null;

  // ---- Shared helpers ------------------------------------------------------------------------

  /// The scenario format's tables and columns (types, units, meanings, references), from the server.
  async function schema() {
    if (!schemaCache) {
      const body = await F.api("/api/schema");
      schemaCache = {};
      for (const table of body.tables) schemaCache[table.name] = table;
    }
    return schemaCache;
  }

  function postJSON(path, body) {
    return F.api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  /// Downloads an API file (a workbook) with the tab's token; a plain link could not send it.
  async function downloadFile(path, fallbackName) {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem("ferrite.token") } });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).message || message; } catch (ignored) { /* not JSON */ }
      throw new Error(message);
    }
    const disposition = response.headers.get("content-disposition") || "";
    const match = disposition.match(/filename="([^"]+)"/);
    const link = el("a", { href: URL.createObjectURL(await response.blob()), download: match ? match[1] : fallbackName });
    document.body.appendChild(link); link.click(); link.remove();
  }

  function downloadButton(text, path, name) {
    return el("button", { type: "button", class: "secondary", text: text, onclick: async function () {
      try { await downloadFile(path, name); } catch (error) { F.fail(error); }
    } });
  }

  /// Writes what the browser test reads on <body> (as the results views do) and marks the page ready.
  function ready(name) {
    const main = document.getElementById("main");
    requestAnimationFrame(function () {
      const audit = window.FerriteCharts ? window.FerriteCharts.auditLabels(main) : { overlaps: 0, clipped: 0, problems: [] };
      document.body.setAttribute("data-label-overlaps", String(audit.overlaps));
      document.body.setAttribute("data-label-clipped", String(audit.clipped));
      document.body.setAttribute("data-label-problems", audit.problems.join(" | "));
      const bad = (main.innerText || "").match(/\b(NaN|undefined|Infinity)\b/);
      document.body.setAttribute("data-bad-values", bad ? bad[0] : "");
      document.body.setAttribute("data-overflow", String(Math.max(0, main.scrollWidth - main.clientWidth)));
      document.body.setAttribute("data-ready", name);
    });
  }

  /// Long figures in a message ("objective 6457813482 USD") with thousands separators.
  function grouped(text) { return String(text).replace(/\d{5,}/g, function (digits) { return Number(digits).toLocaleString("en-US"); }); }

  function when(date) { return new Date(date).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }); }

  /// Names of sites, products, processes and other rows by id, from the scenario's own tables.
  function namesOf(tables) {
    const names = {};
    for (const table of Object.keys(tables)) {
      names[table] = {};
      for (const row of tables[table]) if (row.id) names[table][row.id] = row.name || "";
    }
    return names;
  }

  /// "Louisiana mill (louisiana)" or just the id when the row has no other name.
  function labelFor(names, table, id) {
    const name = names[table] && names[table][id];
    return name && name !== id ? name + " (" + id + ")" : id;
  }

  function scenarioLinks(id, current) {
    const links = [["#/scenario/" + id, "Scenario"], ["#/inputs/" + id, "Inputs"], ["#/versions/" + id, "Versions"], ["#/variant/" + id, "New variant"]];
    return el("nav", { class: "tabs", "aria-label": "This scenario" }, links.map(function (link) {
      return el("a", { href: link[0], class: link[1] === current ? "active" : null, "aria-current": link[1] === current ? "page" : null, text: link[1] });
    }));
  }

  // ---- Inputs: every table as a grid ---------------------------------------------------------

  const PAGE_SIZE = 50;

  async function inputsPage(parts, query) {
    const id = parts[0];
    const [detail, body, formats] = await Promise.all([F.api("/api/scenarios/" + id), F.api("/api/scenarios/" + id + "/tables"), schema()]);
    const s = detail.scenario;
    const order = Object.keys(formats);
    const tables = {};
    for (const name of order) tables[name] = (body.tables[name] || []).map(function (row) { return Object.assign({}, row); });
    const saved = {};
    for (const name of order) saved[name] = JSON.stringify(tables[name]);
    const present = order.filter(function (name) { return tables[name].length > 0 || formats[name].required; });
    const chosen = parts[1] && formats[parts[1]] ? parts[1] : present[0];
    const state = { table: chosen, sort: null, descending: false, filters: {}, page: 0, diagnostics: [] };
    if (query.get("row")) state.page = Math.floor(Number(query.get("row")) / PAGE_SIZE) || 0;

    const edited = function () { return order.filter(function (name) { return JSON.stringify(tables[name]) !== saved[name]; }); };
    const status = el("p", { id: "input-status", class: "muted", "aria-live": "polite" });
    const tabs = el("nav", { class: "tabs", "aria-label": "Tables" });
    const meaning = el("p", { class: "muted", id: "table-meaning" });
    const grid = el("div", { class: "scroll" });
    const pager = el("div", { class: "pager" });
    const problems = el("div", { id: "input-problems" });
    const note = el("input", { type: "text", id: "version-note", size: 40, maxlength: 200, placeholder: "what changed (optional)" });
    const saveButton = el("button", { type: "button", text: "Save as version " + (s.version + 1) });
    const runButton = el("button", { type: "button", text: "Run", "aria-describedby": "run-reason" });
    const runReason = el("span", { id: "run-reason", class: "muted" });
    let timer = null;

    const names = function () { return namesOf(tables); };

    const check = async function () {
      const changed = edited();
      const payload = {};
      for (const name of changed) payload[name] = tables[name];
      try {
        const result = await postJSON("/api/scenarios/" + id + "/check", { tables: payload });
        state.diagnostics = result.diagnostics;
        state.valid = result.valid;
      } catch (error) { F.fail(error); }
      draw();
    };
    const changedCell = function () {
      clearTimeout(timer);
      status.textContent = "Checking\u2026";
      timer = setTimeout(check, 350);
      controls();
    };

    const controls = function () {
      const changed = edited();
      const errors = state.diagnostics.filter(function (d) { return d.severity === "error"; });
      saveButton.disabled = changed.length === 0 || !body.editable;
      let reason = "";
      if (!body.editable) reason = body.reason;
      else if (changed.length > 0) reason = "Save first: a run solves a saved version (unsaved edits in " + changed.join(", ") + ").";
      else if (errors.length > 0) reason = "Fix the " + errors.length + " error" + (errors.length === 1 ? "" : "s") + " first (first: " +
        (errors[0].table ? errors[0].table + (errors[0].rowIndex != null ? " row " + (errors[0].rowIndex + 1) : "") + (errors[0].field ? ", " + errors[0].field : "") + ": " : "") + errors[0].message + ").";
      runButton.disabled = reason !== "";
      runReason.textContent = reason || "Solves version " + s.version + ".";
      runReason.className = reason ? "error" : "muted";
      const warnings = state.diagnostics.length - errors.length;
      status.textContent = (changed.length ? "Unsaved edits in " + changed.join(", ") + ". " : "Version " + s.version + ", saved. ") +
        (errors.length ? errors.length + " error" + (errors.length === 1 ? "" : "s") : "No errors") + (warnings ? ", " + warnings + " warning" + (warnings === 1 ? "" : "s") : "") + ".";
    };

    /// The input for one cell, typed by its column: a list of ids for references, of words for choices.
    const input = function (column, row, position) {
      const value = row[column.name] == null ? "" : String(row[column.name]);
      const label = column.name + " of row " + (position + 1);
      const idText = "cell-" + state.table + "-" + position + "-" + column.name;
      const set = function (event) { row[column.name] = event.target.value; changedCell(); };
      let options = null;
      if (column.kind === "reference") {
        const ids = (tables[column.references] || []).map(function (r) { return r.id; }).filter(Boolean);
        const known = names();
        options = ids.map(function (i) { return [i, labelFor(known, column.references, i)]; });
      } else if (column.kind === "choice") {
        options = column.choices.map(function (c) { return [c, c]; });
      } else if (column.kind === "boolean") {
        options = [["yes", "yes"], ["no", "no"]];
      }
      if (options) {
        if (!column.required || value === "") options.unshift(["", column.defaultValue ? "(default: " + column.defaultValue + ")" : "(blank)"]);
        if (value !== "" && !options.some(function (o) { return o[0] === value; })) options.push([value, value + " (unknown)"]);
        return el("select", { id: idText, "aria-label": label, onchange: set }, options.map(function (o) {
          return el("option", { value: o[0], text: o[1], selected: o[0] === value });
        }));
      }
      const numeric = ["number", "integer", "year"].indexOf(column.kind) >= 0;
      return el("input", { type: "text", id: idText, "aria-label": label, value: value, class: numeric ? "num" : null,
        inputmode: numeric ? (column.kind === "number" ? "decimal" : "numeric") : null, size: numeric ? 8 : Math.min(28, Math.max(8, value.length + 1)),
        placeholder: column.defaultValue || "", spellcheck: "false", onchange: set });
    };

    const matches = function (columns) {
      return function (entry) {
        return columns.every(function (column) {
          const filter = (state.filters[column.name] || "").trim().toLowerCase();
          if (!filter) return true;
          const cell = String(entry.row[column.name] || "");
          const comparison = filter.match(/^([<>]=?|=)\s*(-?[\d.]+)$/);
          if (comparison && cell !== "") {
            const a = Number(cell), b = Number(comparison[2]);
            return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": a === b }[comparison[1]];
          }
          const known = column.references ? labelFor(names(), column.references, cell) : cell;
          return known.toLowerCase().indexOf(filter) >= 0;
        });
      };
    };

    const draw = function () {
      const format = formats[state.table];
      const rows = tables[state.table];
      const errorsByTable = {};
      for (const d of state.diagnostics) if (d.table && d.severity === "error") errorsByTable[d.table] = (errorsByTable[d.table] || 0) + 1;
      tabs.replaceChildren(...present.concat(edited().filter(function (n) { return present.indexOf(n) < 0; })).map(function (name) {
        const count = errorsByTable[name];
        return el("a", { href: "#/inputs/" + id + "/" + name, class: name === state.table ? "active" : null, "aria-current": name === state.table ? "page" : null },
          [name.replace(/_/g, " "), count ? el("span", { class: "badge error", text: String(count), "aria-label": count + " errors" }) : null]);
      }));
      meaning.textContent = format.meaning + " One row per " + format.key.join(" \u00d7 ") + ".";
      const columns = format.columns;
      const pinned = {};
      for (const d of state.diagnostics) {
        if (d.table !== state.table || d.rowIndex == null) continue;
        const key = d.rowIndex + "/" + (d.field && columns.some(function (c) { return c.name === d.field; }) ? d.field : "");
        (pinned[key] = pinned[key] || []).push(d);
      }
      let entries = rows.map(function (row, position) { return { row: row, position: position }; }).filter(matches(columns));
      if (state.sort) {
        const column = columns.find(function (c) { return c.name === state.sort; });
        const numeric = column && ["number", "integer", "year"].indexOf(column.kind) >= 0;
        entries.sort(function (a, b) {
          const x = a.row[state.sort] || "", y = b.row[state.sort] || "";
          const order = numeric ? (Number(x) || 0) - (Number(y) || 0) : String(x).localeCompare(String(y));
          return state.descending ? -order : order;
        });
      }
      const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
      state.page = Math.max(0, Math.min(state.page, pages - 1));
      const shown = entries.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
      const heads = columns.map(function (column) {
        const sorted = state.sort === column.name;
        return el("th", { scope: "col", title: column.meaning + " (" + column.words + (column.range ? ", " + column.range : "") + ")",
          "aria-sort": sorted ? (state.descending ? "descending" : "ascending") : "none" }, [
          el("button", { type: "button", class: "sort", text: column.name + (column.required ? " *" : ""), onclick: function () {
            state.descending = sorted ? !state.descending : false; state.sort = column.name; draw(); } }),
          column.unit ? el("div", { class: "unit", text: column.unit.replace("currency", s.currency || "USD") }) : null]);
      });
      const filters = columns.map(function (column) {
        return el("td", {}, el("input", { type: "search", class: "filter", "aria-label": "Filter " + column.name, value: state.filters[column.name] || "",
          placeholder: ["number", "integer", "year"].indexOf(column.kind) >= 0 ? ">1000" : "filter", oninput: function (event) {
            state.filters[column.name] = event.target.value; state.page = 0; drawRows(); } }));
      });
      const tbody = el("tbody");
      const drawRows = function () {
        entries = rows.map(function (row, position) { return { row: row, position: position }; }).filter(matches(columns));
        drawBody(entries.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE));
      };
      const drawBody = function (list) {
        tbody.replaceChildren(...list.map(function (entry) {
          const rowProblems = pinned[entry.position + "/"] || [];
          const cells = columns.map(function (column) {
            const here = pinned[entry.position + "/" + column.name] || [];
            const worst = here.some(function (d) { return d.severity === "error"; }) ? "error" : here.length ? "warning" : null;
            const messageId = here.length ? "problem-" + state.table + "-" + entry.position + "-" + column.name : null;
            const control = input(column, entry.row, entry.position);
            if (messageId) { control.setAttribute("aria-describedby", messageId); control.setAttribute("aria-invalid", worst === "error" ? "true" : "false"); }
            return el("td", { class: worst ? "cell-" + worst : null, "data-column": column.name }, [control,
              here.length ? el("div", { id: messageId, class: "cell-problem " + worst, text: here.map(function (d) { return d.message + (d.fix ? " (" + d.fix + ")" : ""); }).join("; ") }) : null]);
          });
          const remove = el("button", { type: "button", class: "secondary remove", text: "\u00d7", "aria-label": "Remove row " + (entry.position + 1),
            disabled: !body.editable, onclick: function () { rows.splice(entry.position, 1); changedCell(); draw(); } });
          return el("tr", { class: rowProblems.length ? "row-problem" : null, "data-row": String(entry.position) },
            [el("th", { scope: "row", class: "num" }, [String(entry.position + 1), " ", remove,
              rowProblems.length ? el("div", { class: "cell-problem error", text: rowProblems.map(function (d) { return d.message; }).join("; ") }) : null])].concat(cells));
        }));
      };
      drawBody(shown);
      grid.replaceChildren(el("table", { id: "input-grid", class: "data grid-table" }, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Row" })].concat(heads)), el("tr", { class: "filters" }, [el("td")].concat(filters))]), tbody]));
      const previous = el("button", { type: "button", class: "secondary", text: "Previous", disabled: state.page === 0, onclick: function () { state.page -= 1; draw(); } });
      const next = el("button", { type: "button", class: "secondary", text: "Next", disabled: state.page >= pages - 1, onclick: function () { state.page += 1; draw(); } });
      const add = el("button", { type: "button", class: "secondary", text: "Add row", disabled: !body.editable, onclick: function () {
        rows.push({}); state.filters = {}; state.sort = null; state.page = Math.floor((rows.length - 1) / PAGE_SIZE); changedCell(); draw();
        const first = grid.querySelector("tr[data-row=\"" + (rows.length - 1) + "\"] input, tr[data-row=\"" + (rows.length - 1) + "\"] select");
        if (first) first.focus();
      } });
      pager.replaceChildren(add, previous, next, el("span", { class: "muted", text: "rows " + (entries.length ? state.page * PAGE_SIZE + 1 : 0) + "\u2013" +
        Math.min(entries.length, (state.page + 1) * PAGE_SIZE) + " of " + entries.length + (entries.length < rows.length ? " (filtered from " + rows.length + ")" : "") }));
      drawProblems();
      controls();
    };

    /// Every problem, each with a way to its cell; those of other tables too.
    const drawProblems = function () {
      if (state.diagnostics.length === 0) { problems.replaceChildren(el("p", { class: "ok", text: "No problems found." })); return; }
      problems.replaceChildren(el("div", { class: "scroll" }, el("table", { id: "problem-list" }, [
        el("thead", {}, el("tr", {}, ["", "Where", "Problem", "Fix"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
        el("tbody", {}, state.diagnostics.slice(0, 200).map(function (d) {
          const where = d.table ? d.table + (d.rowIndex != null ? " row " + (d.rowIndex + 1) : "") + (d.field ? ", " + d.field : "")
            : (d.file || "") + (d.line ? ":" + d.line : "") + (d.field ? ", " + d.field : "");
          const go = d.table && d.rowIndex != null ? el("a", { href: "#/inputs/" + id + "/" + d.table + "?row=" + d.rowIndex, text: where, onclick: function (event) {
            if (d.table !== state.table) return;
            event.preventDefault(); state.filters = {}; state.sort = null; state.page = Math.floor(d.rowIndex / PAGE_SIZE); draw();
            const target = document.getElementById("cell-" + d.table + "-" + d.rowIndex + "-" + d.field) || grid.querySelector("tr[data-row=\"" + d.rowIndex + "\"]");
            if (target) { target.scrollIntoView({ block: "center" }); if (target.focus) target.focus(); }
          } }) : where;
          return el("tr", {}, [el("td", { class: d.severity, text: d.severity }), el("td", {}, go), el("td", { text: d.message }), el("td", { text: d.fix || "" })]);
        }))])));
    };

    saveButton.addEventListener("click", async function () {
      const payload = {};
      for (const name of edited()) payload[name] = tables[name];
      try {
        const result = await postJSON("/api/scenarios/" + id + "/versions", { tables: payload, note: note.value.trim() || undefined });
        F.toast("Saved version " + result.version.number + (result.valid ? "" : " with errors"));
        F.render();
      } catch (error) { F.fail(error); }
    });
    runButton.addEventListener("click", async function () {
      try {
        const job = await postJSON("/api/scenarios/" + id + "/solve", { timeLimit: 120 });
        location.hash = "#/job/" + job.id;
      } catch (error) { F.fail(error); }
    });

    F.page(s.name + ": inputs", [scenarioLinks(id, "Inputs"),
      F.card(null, [el("p", {}, ["Version " + s.version + " of " + (s.format === "folder" ? "a scenario folder" : "a single-file scenario") +
        ". Edit a cell and it is checked against the scenario format at once; save to make version " + (s.version + 1) + ". ",
        downloadButton("Download as workbook", "/api/scenarios/" + id + "/workbook", "scenario.xlsx")]),
        body.editable ? null : el("p", { class: "error", text: body.reason }), status,
        el("div", { class: "inline actions" }, [el("label", { for: "version-note", text: "Note" }), note, saveButton, runButton, runReason])]),
      F.card(null, [tabs, meaning, pager, grid], "input-table"),
      F.card("Problems", [problems])]);
    await check();
    ready("inputs");
  }

  // ---- Versions and their differences --------------------------------------------------------

  async function versionsPage(parts) {
    const id = parts[0];
    const detail = await F.api("/api/scenarios/" + id);
    const s = detail.scenario;
    const versions = (detail.versions && detail.versions.length ? detail.versions : [{ number: 1, author: "upload", createdAt: s.uploadedAt, isValid: s.isValid, errorCount: s.errorCount, note: "upload" }]).slice().reverse();
    const diffs = await Promise.all(versions.map(function (v) {
      return v.number > 1 ? F.api("/api/scenarios/" + id + "/diff?version=" + v.number) : Promise.resolve(null);
    }));
    const items = versions.map(function (v, index) {
      const diff = diffs[index];
      const parts = [el("h3", {}, ["Version " + v.number + (v.number === s.version ? " (current)" : ""), " ",
        v.isValid ? el("span", { class: "badge ok", text: "valid" }) : el("span", { class: "badge error", text: v.errorCount + " error" + (v.errorCount === 1 ? "" : "s") })]),
        el("p", { class: "muted", text: "Saved by " + v.author + ", " + when(v.createdAt) + (v.note ? ": " + v.note : "") + (v.parent ? "; edited from version " + v.parent : "") + "." })];
      if (diff) parts.push(diffView(diff));
      return el("section", { class: "version", id: "version-" + v.number }, parts);
    });
    F.page(s.name + ": versions", [scenarioLinks(id, "Versions"), F.card(null, [
      el("p", { class: "muted", text: "Each save makes a new version; every run records the version it solved. Differences are against the version before, rows matched by their key columns." })].concat(items), "versions")]);
    ready("versions");
  }

  function diffView(diff) {
    if (diff.tables.length === 0) return el("p", { class: "muted", text: "No change in the tables against version " + diff.against + "." });
    return el("div", { class: "diff" }, diff.tables.map(function (t) {
      const counts = [t.added.length ? "+" + t.added.length + " row" + (t.added.length === 1 ? "" : "s") : null,
        t.removed.length ? "\u2212" + t.removed.length + " row" + (t.removed.length === 1 ? "" : "s") : null,
        t.changed.length ? t.changed.length + " changed" : null].filter(Boolean).join(", ");
      const lines = [];
      for (const row of t.changed.slice(0, 50)) {
        for (const cell of row.cells) lines.push(el("tr", { class: "changed" }, [el("td", { text: row.key.join(" \u00b7 ") }), el("td", { text: cell.column }),
          el("td", { class: "before", text: cell.before || "(blank)" }), el("td", { class: "after", text: cell.after || "(blank)" })]));
      }
      const describe = function (row) { return Object.keys(row).filter(function (k) { return row[k] !== "" && k !== "source"; }).slice(0, 6).map(function (k) { return k + " " + row[k]; }).join(", "); };
      for (const row of t.added.slice(0, 20)) lines.push(el("tr", { class: "added" }, [el("td", { text: "added" }), el("td", { colspan: 3, text: describe(row) })]));
      for (const row of t.removed.slice(0, 20)) lines.push(el("tr", { class: "removed" }, [el("td", { text: "removed" }), el("td", { colspan: 3, text: describe(row) })]));
      return el("div", {}, [el("h4", { text: t.table.replace(/_/g, " ") + ": " + counts }), el("div", { class: "scroll" }, el("table", { class: "mini diff-table" }, [
        el("thead", {}, el("tr", {}, ["Row", "Column", "Before", "After"].map(function (h) { return el("th", { scope: "col", text: h }); }))), el("tbody", {}, lines)]))]);
    }));
  }

  // ---- Variant builder -----------------------------------------------------------------------

  const SHORTCUTS = [
    ["delay-capacity-option", "Delay a capacity option"], ["scale-demand", "Scale demand from a year"],
    ["set-tariff-rate", "Set a tariff rule's rate"], ["set-carbon-price", "Set a carbon price"]];

  async function variantPage(parts, query) {
    const id = parts[0];
    const [detail, body, formats] = await Promise.all([F.api("/api/scenarios/" + id), F.api("/api/scenarios/" + id + "/tables"), schema()]);
    const s = detail.scenario;
    const tables = body.tables;
    const names = namesOf(tables);
    const periods = Array.from(new Set((tables.demand || []).map(function (r) { return Number(r.period); }).filter(Boolean))).sort();
    const field = function (idText, label, control, hint) {
      return el("div", { class: "field" }, [el("label", { for: idText, text: label }), control, hint ? el("span", { class: "muted hint", text: hint }) : null]);
    };
    const select = function (idText, options, chosen) {
      return el("select", { id: idText }, options.map(function (o) { return el("option", { value: o[0], text: o[1], selected: String(o[0]) === String(chosen) }); }));
    };
    const number = function (idText, value, attributes) {
      return el("input", Object.assign({ type: "text", inputmode: "decimal", id: idText, value: value, size: 8, class: "num" }, attributes || {}));
    };
    const capacity = (tables.capacity_options || []).map(function (r) {
      return [r.id, r.id + " at " + labelFor(names, "sites", r.site) + (r.earliest_period ? ", from " + r.earliest_period : "")];
    });
    const products = Array.from(new Set((tables.demand || []).map(function (r) { return r.product; }))).map(function (p) { return [p, labelFor(names, "products", p)]; });
    const customers = Array.from(new Set((tables.demand || []).map(function (r) { return r.site; })));
    const countries = Array.from(new Set((tables.sites || []).filter(function (r) { return customers.indexOf(r.id) >= 0; }).map(function (r) { return r.country; }))).sort();
    const regions = [["", "everywhere"]].concat(countries.map(function (c) { return [c, "customers in " + c]; }), customers.map(function (c) { return [c, labelFor(names, "sites", c)]; }));
    const rules = (tables.tariff_rules || []).map(function (r) {
      return [r.id, r.id + ": " + r.importer + " on " + (r.hs_prefix || "all") + " from " + (r.origin || "*") + " at " + (r.ad_valorem || "0")];
    });
    const jurisdictions = Array.from(new Set((tables.sites || []).map(function (r) { return r.country; }).concat((tables.blocs || []).map(function (r) { return r.id; })))).sort();
    const years = periods.map(function (p) { return [p, String(p)]; });

    const kind = select("shortcut-kind", SHORTCUTS, query.get("shortcut") || SHORTCUTS[0][0]);
    const inputs = {
      option: select("shortcut-option", capacity, query.get("option") || (capacity[0] || [""])[0]),
      years: number("shortcut-years", query.get("years") || "2", { inputmode: "numeric" }),
      product: select("shortcut-product", products, query.get("product")),
      region: select("shortcut-region", regions, query.get("region") || ""),
      from: select("shortcut-from", years, query.get("from") || periods[Math.floor(periods.length / 2)] || ""),
      factor: number("shortcut-factor", query.get("factor") || "1.2"),
      rule: select("shortcut-rule", rules, query.get("rule")),
      rate: number("shortcut-rate", query.get("rate") || "0.25"),
      jurisdiction: select("shortcut-jurisdiction", jurisdictions.map(function (j) { return [j, j]; }), query.get("jurisdiction") || "US"),
      price: number("shortcut-price", query.get("price") || "50"),
    };
    const fieldsFor = {
      "delay-capacity-option": [field("shortcut-option", "Capacity option", inputs.option), field("shortcut-years", "Years late", inputs.years)],
      "scale-demand": [field("shortcut-product", "Product", inputs.product), field("shortcut-region", "Where", inputs.region),
        field("shortcut-from", "From", inputs.from), field("shortcut-factor", "Times", inputs.factor, "1.2 = 20 % more")],
      "set-tariff-rate": [field("shortcut-rule", "Tariff rule", inputs.rule), field("shortcut-rate", "Ad valorem rate", inputs.rate, "a fraction: 0.25 = 25 %")],
      "set-carbon-price": [field("shortcut-jurisdiction", "Country or bloc", inputs.jurisdiction), field("shortcut-from", "From", inputs.from),
        field("shortcut-price", "Price, " + (s.currency || "USD") + "/t CO2e", inputs.price)],
    };
    const fields = el("div", { class: "fields" });
    const showFields = function () { fields.replaceChildren(...fieldsFor[kind.value]); };
    kind.addEventListener("change", showFields);
    showFields();

    const shortcut = function () {
      const k = kind.value, value = function (name) { return inputs[name].value; };
      const n = function (name) { return Number(value(name)); };
      if (k === "delay-capacity-option") return { kind: k, option: value("option"), years: n("years") };
      if (k === "scale-demand") return { kind: k, product: value("product"), region: value("region") || undefined, from: n("from"), factor: n("factor") };
      if (k === "set-tariff-rate") return { kind: k, rule: value("rule"), rate: n("rate") };
      return { kind: k, jurisdiction: value("jurisdiction"), from: n("from"), price: n("price") };
    };

    // The variant language by hand: a table, a filter and an edit become one statement.
    const tableChoice = select("edit-table", Object.keys(formats).map(function (t) { return [t, t]; }), "demand");
    const filter = el("input", { type: "text", id: "edit-filter", size: 36, placeholder: "product=hot-rolled-coil and period>=2030", spellcheck: "false" });
    const action = select("edit-action", [["set", "set"], ["scale", "multiply"], ["remove", "remove the rows"]], "scale");
    const column = el("select", { id: "edit-column" });
    const editValue = el("input", { type: "text", id: "edit-value", size: 10, value: "1.1" });
    const columnsFor = function () {
      const numeric = action.value === "scale";
      column.replaceChildren(...formats[tableChoice.value].columns.filter(function (c) {
        return !numeric || c.kind === "number" || c.kind === "integer";
      }).map(function (c) { return el("option", { value: c.name, text: c.name + (c.unit ? " (" + c.unit + ")" : "") }); }));
      column.disabled = editValue.disabled = action.value === "remove";
    };
    tableChoice.addEventListener("change", columnsFor);
    action.addEventListener("change", columnsFor);
    columnsFor();
    const text = el("textarea", { id: "variant-text", rows: 8, cols: 70, spellcheck: "false",
      "aria-describedby": "variant-help", placeholder: "name: my-variant\nchanges:\n  - \"demand where period >= 2030: quantity * 1.1\"" });
    const name = el("input", { type: "text", id: "variant-name", size: 36, maxlength: 100 });
    const preview = el("div", { id: "variant-preview", "aria-live": "polite" });
    let fromShortcut = null;

    const addStatement = function () {
      const where = filter.value.trim();
      const head = tableChoice.value + (where ? " where " + where : "");
      const statement = action.value === "remove" ? "remove " + head : head + ": " + column.value + (action.value === "scale" ? " * " : " = ") + editValue.value.trim();
      let current = text.value.trim();
      if (!current) current = "name: " + (name.value.trim() || "my-variant") + "\nchanges:";
      if (!/\nchanges:/.test("\n" + current)) current += "\nchanges:";
      text.value = current + "\n  - " + JSON.stringify(statement);
      fromShortcut = null;
    };

    const showPreview = function (result) {
      const blocks = [];
      if (result.problems.length) blocks.push(el("ul", { class: "error" }, result.problems.map(function (p) { return el("li", { text: p }); })));
      for (const p of result.previews) {
        const format = formats[p.table];
        const touched = format.columns.filter(function (c) {
          return format.key.indexOf(c.name) >= 0 || p.before.concat(p.after).some(function (row, i) {
            const other = i < p.before.length ? p.after[i] : p.before[i - p.before.length];
            return other && (row[c.name] || "") !== (other[c.name] || "");
          });
        }).map(function (c) { return c.name; });
        const cols = touched.length ? touched : format.key;
        const rowsShown = Math.max(p.before.length, p.after.length);
        const lines = [];
        for (let i = 0; i < rowsShown; i++) {
          const b = p.before[i], a = p.after[i];
          lines.push(el("tr", {}, cols.map(function (c) {
            const was = b ? (b[c] || "") : "", now = a ? (a[c] || "") : "";
            if (!b) return el("td", { class: "after", text: now });
            if (!a) return el("td", { class: "before", text: was });
            return was === now ? el("td", { text: now }) : el("td", { class: "changed-cell" }, [el("s", { class: "before", text: was || "(blank)" }), " \u2192 ", el("strong", { text: now })]);
          })));
        }
        blocks.push(el("h3", { text: p.change }), el("p", { class: "muted", text: p.matched + " row" + (p.matched === 1 ? "" : "s") + (p.after.length && !p.before.length ? " added" : p.before.length && !p.after.length ? " removed" : " changed") }),
          el("div", { class: "scroll" }, el("table", { class: "mini preview-table" }, [el("thead", {}, el("tr", {}, cols.map(function (c) { return el("th", { scope: "col", text: c }); }))), el("tbody", {}, lines)])));
      }
      preview.replaceChildren(...blocks);
    };

    const previewShortcut = async function () {
      try {
        const result = await postJSON("/api/scenarios/" + id + "/variants/preview", { shortcut: shortcut() });
        text.value = result.text; name.value = result.name; fromShortcut = result.text;
        showPreview(result);
      } catch (error) { preview.replaceChildren(el("p", { class: "error", text: error.message })); }
    };
    const previewText = async function () {
      try {
        const result = await postJSON("/api/scenarios/" + id + "/variants/preview", { text: text.value, name: name.value.trim() || undefined });
        if (!name.value.trim()) name.value = result.name;
        showPreview(result);
      } catch (error) { preview.replaceChildren(el("p", { class: "error", text: error.message })); }
    };
    const save = async function () {
      try {
        const created = await postJSON("/api/scenarios/" + id + "/variants", { text: text.value, name: name.value.trim() || undefined });
        F.toast("Saved variant " + created.scenario.name + (created.scenario.isValid ? "" : " with errors"));
        location.hash = "#/scenario/" + created.scenario.id;
      } catch (error) { F.fail(error); }
    };

    F.page(s.name + ": new variant", [scenarioLinks(id, "New variant"),
      F.card("Planner shortcut", [el("form", { class: "shortcut", onsubmit: function (event) { event.preventDefault(); previewShortcut(); } }, [
        field("shortcut-kind", "Question", kind), fields, el("button", { type: "submit", text: "Preview" })])]),
      F.card("Or change rows", [el("form", { class: "inline", onsubmit: function (event) { event.preventDefault(); addStatement(); } }, [
        field("edit-table", "Table", tableChoice), field("edit-filter", "Where", filter), field("edit-action", "Edit", action),
        field("edit-column", "Column", column), field("edit-value", "Value or factor", editValue), el("button", { type: "submit", class: "secondary", text: "Add change" })])]),
      F.card("Variant", [el("p", { id: "variant-help", class: "muted", text: "The variant language of docs/sweeps.md: statements TABLE [where FILTER]: COLUMN = VALUE or COLUMN * FACTOR, or remove TABLE where FILTER, applied in order to version " + s.version + " of " + s.name + "." }),
        field("variant-name", "Name", name), el("label", { for: "variant-text", class: "block", text: "Changes, in the variant language" }), text,
        el("p", { class: "inline" }, [el("button", { type: "button", class: "secondary", text: "Preview the text", onclick: previewText }),
          el("button", { type: "button", id: "save-variant", text: "Save under " + s.name, onclick: save })]), preview])]);
    if (query.get("shortcut")) await previewShortcut();
    void fromShortcut;
    ready("variant");
  }

  // ---- The scenario tree: a base, its variants and their runs --------------------------------

  /// The family of `id`: its root base and every variant below it, with each one's runs.
  function treeCard(id, scenarios, jobs) {
    const byId = {};
    for (const s of scenarios) byId[s.id] = s;
    let root = byId[id];
    const seen = {};
    while (root && root.baseId && byId[root.baseId] && !seen[root.id]) { seen[root.id] = true; root = byId[root.baseId]; }
    if (!root) return null;
    const children = function (parent) { return scenarios.filter(function (s) { return s.baseId === parent.id; }).sort(function (a, b) { return a.name.localeCompare(b.name); }); };
    const runsOf = function (s) { return jobs.filter(function (j) { return j.scenarioId === s.id && j.kind !== "sweep"; }); };
    const lastRun = function (s) { return runsOf(s).find(function (j) { return j.state === "succeeded"; }); };
    const baseRun = lastRun(root);
    const node = function (s, depth) {
      const runs = runsOf(s);
      const mine = lastRun(s);
      const run = el("button", { type: "button", class: "secondary", text: "Run", disabled: !s.isValid, "aria-label": "Run " + s.name,
        title: s.isValid ? "Solve version " + s.version : "The scenario has errors; fix them first", onclick: async function () {
          try { await postJSON("/api/scenarios/" + s.id + "/solve", { timeLimit: 120 }); F.toast("Started a run of " + s.name); F.render(); } catch (error) { F.fail(error); }
        } });
      const compare = s.baseId && mine && baseRun ? el("a", { class: "compare-link", href: "#/compare?runs=" + baseRun.id + "," + mine.id, text: "Compare with the base" }) : null;
      const runList = runs.length === 0 ? el("span", { class: "muted", text: "not run yet" }) : el("ul", { class: "runs" }, runs.slice(0, 5).map(function (j) {
        const finished = j.state === "succeeded";
        return el("li", {}, [el("a", { href: "#/job/" + j.id, text: "run " + j.id.slice(0, 8) }), " " + j.state +
          (j.scenarioVersion ? ", version " + j.scenarioVersion : "") + (j.message && finished ? ": " + grouped(j.message) : ""), " ",
          finished ? downloadButton("Workbook", "/api/jobs/" + j.id + "/workbook", "plan.xlsx") : null]);
      }));
      const label = s.id === id ? el("strong", { text: s.name }) : el("a", { href: "#/scenario/" + s.id, text: s.name });
      const item = el("li", { class: s.id === id ? "current" : null, "data-scenario": s.id }, [
        el("div", { class: "node" }, [label, " ", s.isValid ? el("span", { class: "badge ok", text: "valid" }) : el("span", { class: "badge error", text: s.errorCount + " error(s)" }),
          " ", el("span", { class: "muted", text: s.baseId ? "variant of version " + (s.baseVersion || 1) : "base, version " + s.version }), " ", run, " ", compare]),
        runList]);
      const kids = children(s);
      if (kids.length && depth < 6) item.appendChild(el("ul", { class: "tree" }, kids.map(function (k) { return node(k, depth + 1); })));
      return item;
    };
    return F.card("Base and variants", [el("ul", { class: "tree", id: "scenario-tree" }, node(root, 0))], "tree");
  }

  F.pages.inputs = inputsPage;
  F.pages.versions = versionsPage;
  F.pages.variant = variantPage;
  F.inputs = { treeCard: treeCard, links: scenarioLinks, download: downloadButton, ready: ready };
})();
