// Ferrite's web app: comparing two to six runs. #/compare?runs=BASE,OTHER,... (and #/compare/BASE/OTHER).
// Every figure and delta comes from the server's comparison (the library `ferrite compare` uses);
// this file only lays them out and draws them.
"use strict";

(function () {
  const F = window.Ferrite;
  const el = F.el;
  const MAX_RUNS = 6;
  // Okabe-Ito blue for more, vermillion for less: apart for every common colour-vision deficiency.
  const GREW = "#0072B2", SHRANK = "#D55E00";

  /// A run as a planner names it, as the compare API does: scenario / variant / version, then the
  /// time of the run (the same version may run more than once).
  function runName(job, scenarios) {
    const s = scenarios[job.scenarioId];
    const parts = s ? (s.baseId && scenarios[s.baseId] ? [scenarios[s.baseId].name, s.name] : [s.name]) : [job.scenarioId];
    if (job.scenarioVersion != null) parts.push("version " + job.scenarioVersion);
    const when = job.finishedAt ? ", " + new Date(job.finishedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";
    return parts.join(" / ") + when;
  }

  /// Finished single-scenario runs to pick from (a sweep is not a plan: it has its own page).
  function finishedRuns(jobs) {
    return jobs.filter(function (job) { return job.state === "succeeded" && job.kind !== "sweep"; });
  }

  /// Two to six finished runs, the base first; used on the scenario list and the compare page.
  function compareForm(scenarios, jobs, chosen) {
    const names = {};
    for (const s of scenarios) names[s.id] = s;
    const runs = finishedRuns(jobs);
    if (runs.length < 2) {
      return el("section", { class: "card", id: "compare-form" }, [el("h2", { text: "Compare runs" }),
        el("p", { class: "muted", text: "Run two scenarios (or one twice with other settings) to compare their plans." })]);
    }
    const selected = chosen && chosen.length ? chosen : [runs[1].id, runs[0].id];
    const base = el("select", { id: "compare-base", "aria-label": "Base run" }, runs.map(function (job) {
      return el("option", { value: job.id, selected: job.id === selected[0], text: runName(job, names) });
    }));
    const boxes = runs.map(function (job) {
      const id = "compare-run-" + job.id.slice(0, 8);
      return el("label", { class: "choice", for: id }, [el("input", { type: "checkbox", id: id, value: job.id, checked: selected.indexOf(job.id) >= 0 }),
        " " + runName(job, names)]);
    });
    const form = el("form", { onsubmit: function (event) {
      event.preventDefault();
      const others = boxes.map(function (box) { return box.querySelector("input"); })
        .filter(function (input) { return input.checked && input.value !== base.value; }).map(function (input) { return input.value; });
      if (others.length === 0 || others.length > MAX_RUNS - 1) {
        F.toast("Pick 1 to " + (MAX_RUNS - 1) + " runs to compare with the base.", true);
        return;
      }
      location.hash = "#/compare?runs=" + [base.value].concat(others).join(",");
    } }, [el("p", { class: "inline" }, [el("label", { for: "compare-base", text: "Base" }), base]),
      el("fieldset", { class: "choices" }, [el("legend", { text: "Against (1 to " + (MAX_RUNS - 1) + ")" })].concat(boxes)),
      el("button", { type: "submit", text: "Compare" })]);
    return el("section", { class: "card", id: "compare-form" }, [el("h2", { text: "Compare runs" }), form]);
  }

  // ---- Numbers ---------------------------------------------------------------------------------

  function show(value, unit, currency) {
    const charts = window.FerriteCharts;
    if (value == null) return "\u2014";
    if (unit === "fraction") return charts.percent(value);
    if (unit === "year") return String(Math.round(value));
    if (unit === "money") return charts.format(value) + (currency ? " " + currency : "");
    if (unit === "modules" || unit === "periods") return charts.grouped(value, 0);
    return charts.grouped(value, Math.abs(value) >= 100 ? 0 : 2);
  }

  function showDelta(delta, unit, currency) {
    if (delta == null) return "\u2014";
    if (Math.abs(delta) < 1e-9) return "0";
    const sign = delta > 0 ? "+" : "\u2212";
    if (unit === "fraction") return sign + (100 * Math.abs(delta)).toFixed(1) + " pp";
    if (unit === "year") return sign + Math.round(Math.abs(delta)) + " yr";
    return sign + show(Math.abs(delta), unit === "year" ? "units" : unit, currency);
  }

  function deltaCell(delta, unit, currency, label) {
    const moved = delta != null && Math.abs(delta) > 1e-9;
    return el("td", { class: "num" + (moved ? (delta > 0 ? " up" : " down") : ""), "data-label": label, text: showDelta(delta, unit, currency) });
  }

  function unitText(unit, currency) {
    return unit === "money" ? currency + ", discounted" : unit === "fraction" ? "%" : unit === "units" ? "units" : unit;
  }

  // ---- The page --------------------------------------------------------------------------------

  async function comparePage(parts, query) {
    const ids = (query.get("runs") || parts.join(",")).split(",").map(function (id) { return id.trim(); }).filter(Boolean);
    const [scenarios, jobs] = await Promise.all([F.api("/api/scenarios"), F.api("/api/jobs")]);
    if (ids.length < 2) {
      F.page("Compare runs", [compareForm(scenarios, jobs, ids)]);
      document.body.setAttribute("data-ready", "compare");
      return;
    }
    const comparison = await F.api("/api/compare?jobs=" + ids.map(encodeURIComponent).join(","));
    // Names and positions of sites and products come from each compared scenario's network.
    const scenarioIDs = comparison.runs.map(function (run) { return run.scenarioId; }).filter(function (id, index, all) { return all.indexOf(id) === index; });
    const [plan, networks, world] = await Promise.all([F.api("/api/jobs/" + ids[0] + "/plan"),
      Promise.all(scenarioIDs.map(function (id) { return F.api("/api/scenarios/" + id + "/network"); })),
      fetch("/world.json").then(function (response) { return response.json(); })]);
    const network = { sites: [], products: [] };
    const seenSites = {}, seenProducts = {};
    for (const n of networks) {
      for (const site of n.sites) if (!seenSites[site.id]) { seenSites[site.id] = site; network.sites.push(site); }
      for (const product of n.products) if (!seenProducts[product.id]) { seenProducts[product.id] = product; network.products.push(product); }
    }
    const c = { comparison: comparison, plan: plan, network: network, world: world, currency: plan.currency, labels: comparison.names,
      // Short names for the narrow layout, where each figure sits beside its run's name.
      short: comparison.names.map(function (_, index) { return index === 0 ? "base" : "run " + (index + 1); }),
      siteName: function (id) { return seenSites[id] ? seenSites[id].name : id; },
      productName: function (id) { return seenProducts[id] ? seenProducts[id].name : id; } };
    const later = [];
    c.later = later;
    const horizon = comparison.periods.length ? comparison.periods[0] + "\u2013" + comparison.periods[comparison.periods.length - 1] : "";
    F.page("Compare " + comparison.runs.length + " runs", [
      runsCard(c, horizon),
      figuresCard(c),
      periodsCard(c),
      decisionsCard(c),
      mapCard(c),
      customersCard(c),
      changesCard(c),
      el("details", { class: "card" }, [el("summary", { text: "Choose other runs" }), compareForm(scenarios, jobs, ids)]),
    ]);
    // Charts are drawn once their holders are laid out, at their real width.
    for (const draw of later) draw();
    settle();
  }

  /// Runs the label audit once the page is laid out, then marks the page ready for the browser test.
  function settle() {
    F.finishRender();
    requestAnimationFrame(function () { document.body.setAttribute("data-ready", "compare"); });
  }

  function runsCard(c, horizon) {
    const rows = c.comparison.runs.map(function (run, index) {
      return el("tr", {}, [el("td", { "data-label": "Run" }, [el("a", { href: "#/job/" + run.job, text: run.label })]),
        el("td", { "data-label": "Role", text: index === 0 ? "base" : "run " + (index + 1) + ", against the base" }),
        el("td", { "data-label": "Finished", text: run.finishedAt ? new Date(run.finishedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "" }),
        el("td", { "data-label": "Inputs" }, el("a", { href: "#/scenario/" + run.scenarioId, text: "scenario", "aria-label": "Inputs of " + run.scenario }))]);
    });
    return F.card("Runs", [F.note("Every change below is a run's figure minus the base's (" + c.labels[0] + "). Money is discounted over " + horizon +
      " in " + c.currency + ", as on each run's answer page."),
    el("table", { id: "compare-runs", class: "stack" }, [el("thead", {}, el("tr", {}, ["Run", "Role", "Finished", "Inputs"].map(function (h) { return el("th", { scope: "col", text: h }); }))),
      el("tbody", {}, rows)])], "runs");
  }

  /// Header: Figure, Unit, base, then each run and its change.
  function figureHeader(c, first) {
    const cells = [el("th", { scope: "col", text: first })];
    cells.push(el("th", { scope: "col", class: "num", text: c.labels[0] + " (base)" }));
    for (const [index, label] of c.labels.slice(1).entries()) {
      cells.push(el("th", { scope: "col", class: "num", text: "run " + (index + 2) + ": " + label }));
      cells.push(el("th", { scope: "col", class: "num", text: "change" }));
    }
    return el("thead", {}, el("tr", {}, cells));
  }

  const DECISION_UNITS = ["modules", "year", "periods"];

  function figuresCard(c) {
    const figures = c.comparison.figures.filter(function (f) { return DECISION_UNITS.indexOf(f.unit) < 0; });
    const rows = figures.map(function (f) {
      const moved = f.deltas.some(function (d) { return d != null && Math.abs(d) > 1e-9 * Math.max(1, Math.abs(f.values[0] || 0)); });
      const cells = [el("td", { "data-label": "Figure" }, [f.name, el("span", { class: "id", text: " " + unitText(f.unit, c.currency) })]),
        el("td", { class: "num", "data-label": c.short[0], title: String(f.values[0]), text: show(f.values[0], f.unit) })];
      f.values.slice(1).forEach(function (value, index) {
        cells.push(el("td", { class: "num", "data-label": c.short[index + 1], title: String(value), text: show(value, f.unit) }));
        cells.push(deltaCell(f.deltas[index], f.unit, "", "change, " + c.short[index + 1]));
      });
      return el("tr", { class: moved ? "changed" : null, "data-figure": f.name }, cells);
    });
    return F.card("Key figures", [F.note("The key figures every page and `ferrite compare` share: revenue is every revenue component (sales and incentives), profit is revenue less total cost."),
      el("div", { class: "scroll" }, el("table", { id: "comparison", class: "stack" }, [figureHeader(c, "Figure"), el("tbody", {}, rows)]))], "key-figures");
  }

  function periodsCard(c) {
    const list = c.comparison.periodFigures.filter(function (f) { return f.deltas.some(function (row) { return row.some(function (d) { return Math.abs(d) > 1e-6; }); }); });
    const holder = el("div", { id: "period-chart" });
    if (list.length === 0) return F.card("Year by year", [F.note("Every figure is the same in every year.")], "periods");
    const preferred = ["profit", "total cost"].find(function (name) { return list.some(function (f) { return f.name === name; }); }) || list[0].name;
    const select = el("select", { id: "period-figure" }, list.map(function (f) { return el("option", { value: f.name, selected: f.name === preferred, text: f.name }); }));
    const draw = function () {
      holder.replaceChildren();
      const figure = list.find(function (f) { return f.name === select.value; });
      const unit = figure.unit === "money" ? c.currency + ", discounted" : "units";
      window.FerriteCharts.drawDeltaColumns(holder, c.comparison.periods, figure.deltas.map(function (values, index) {
        return { key: c.labels[index + 1], name: "run " + (index + 2) + ": " + c.labels[index + 1], values: values };
      }), { unit: unit, label: "Change in " + figure.name + " against the base, by year", legendAlways: true, legendCaption: "Against the base:", digits: 0 });
    };
    select.addEventListener("change", function () { draw(); settle(); });
    c.later.push(draw);
    return F.card("Year by year", [F.note("Each run's change against the base in each year (up: more than the base). Discounted, so the bars of a run add up to its change in the key figure."),
      el("p", { class: "inline" }, [el("label", { for: "period-figure", text: "Figure " }), select]), holder], "periods");
  }

  function decisionsCard(c) {
    const figures = c.comparison.figures.filter(function (f) { return DECISION_UNITS.indexOf(f.unit) >= 0; });
    if (figures.length === 0) return F.card("Decisions", [F.note("The scenarios offer no capacity or site decisions.")], "decisions");
    const offered = function (f, index) {
      // An option a run's scenario lacks has no modules figure there: "not offered", not "never built".
      const option = f.name.replace(/ (first build|modules)$/, "");
      const modules = figures.find(function (g) { return g.name === option + " modules"; });
      return !modules || modules.values[index] != null;
    };
    const words = function (f, value, index) {
      if (f.unit !== "periods" && !offered(f, index)) return "not offered";
      if (f.unit === "year") return value == null ? "never built" : String(Math.round(value));
      if (f.unit === "periods") return value == null ? "\u2014" : value + " year" + (value === 1 ? "" : "s") + " open";
      return value == null ? "\u2014" : value + " module" + (value === 1 ? "" : "s");
    };
    const rows = figures.map(function (f) {
      const differs = f.values.some(function (v) { return v !== f.values[0]; });
      const name = f.name.replace(/ first build$/, ": first year online").replace(/ modules$/, ": modules built").replace(/ periods open$/, ": years open");
      return el("tr", { class: differs ? "changed" : null }, [el("td", { "data-label": "Decision", text: name })].concat(f.values.map(function (value, index) {
        return el("td", { class: "num" + (differs && index > 0 && value !== f.values[0] ? " up" : ""), "data-label": c.short[index], text: words(f, value, index) });
      })));
    });
    const head = el("thead", {}, el("tr", {}, [el("th", { scope: "col", text: "Decision" })].concat(c.labels.map(function (label, index) {
      return el("th", { scope: "col", class: "num", text: index === 0 ? label + " (base)" : "run " + (index + 1) + ": " + label }); }))));
    return F.card("Decisions side by side", [F.note("What each run builds and opens; rows where a run differs from the base are bold."),
      el("div", { class: "scroll" }, el("table", { id: "decisions", class: "stack" }, [head, el("tbody", {}, rows)]))], "decisions");
  }

  function mapCard(c) {
    const changes = c.comparison.flowChanges;
    if (changes.length === 0) return F.card("Where the material moves differently", [F.note("Every run moves the same tonnes on the same lanes as the base.")], "delta-map");
    const runs = c.labels.slice(1);
    const runSelect = el("select", { id: "map-run" }, runs.map(function (label, index) { return el("option", { value: index + 1, text: label }); }));
    const years = c.comparison.periods.filter(function (p) { return changes.some(function (f) { return f.period === p; }); });
    // The year where the first run's flows change most.
    const moved = {};
    for (const f of changes) if (f.plan === 1) moved[f.period] = (moved[f.period] || 0) + Math.abs(f.value - f.base);
    const busiest = years.slice().sort(function (a, b) { return (moved[b] || 0) - (moved[a] || 0); })[0];
    const yearSelect = el("select", { id: "map-year" }, years.map(function (p) { return el("option", { value: p, selected: p === busiest, text: String(p) }); }));
    const holder = el("div", { id: "compare-map" });
    const panel = el("aside", { class: "side-panel", id: "compare-map-panel", "aria-live": "polite", tabindex: "-1" },
      [F.note("Choose a site or a flow to see what changed there.")]);
    const draw = function () {
      holder.replaceChildren();
      const plan = Number(runSelect.value), period = Number(yearSelect.value);
      const lines = changes.filter(function (f) { return f.plan === plan; }).map(function (f) {
        return { lane: f.lane, from: f.from, to: f.to, product: f.product, period: f.period, quantity: Math.abs(f.value - f.base), base: f.base, value: f.value };
      });
      const pseudo = { flows: lines, series: c.plan.series, builds: [] };
      const siteNames = {};
      for (const site of c.network.sites) siteNames[site.id] = site.name;
      const tonnes = window.FerriteCharts.tonnes;
      window.FerriteCharts.createMap(holder, c.world, c.network, pseudo, { period: period, siteNames: siteNames, countryNames: countryNames(c.network),
        priority: [], flowGroups: { of: function (f) { return f.value > f.base ? "grew" : "shrank"; }, colors: { grew: GREW, shrank: SHRANK },
          names: { grew: "more than the base", shrank: "less than the base" },
          text: function (band) {
            return band.lines.map(function (f) { return c.productName(f.product) + " " + tonnes(f.base) + " \u2192 " + tonnes(f.value); }).join("; ");
          } },
        onSelect: function (kind, id) {
          const related = lines.filter(function (f) { return f.period === period && (kind === "site" ? f.from === id || f.to === id : f.lane === id); });
          const title = kind === "site" ? c.siteName(id) : c.siteName(related.length ? related[0].from : id) + " \u2192 " + c.siteName(related.length ? related[0].to : id);
          panel.replaceChildren(el("h3", { text: title }), el("p", { class: "muted", text: runs[plan - 1] + " against the base, " + period }),
            related.length === 0 ? F.note("No flow here changes in " + period + ".") : el("table", { class: "mini" }, [
              el("thead", {}, el("tr", {}, ["Flow", "Base, t", "Run, t"].map(function (h, i) { return el("th", { scope: "col", class: i ? "num" : null, text: h }); }))),
              el("tbody", {}, related.map(function (f) {
                return el("tr", {}, [el("td", { text: c.siteName(f.from) + " \u2192 " + c.siteName(f.to) + ", " + c.productName(f.product) }),
                  el("td", { class: "num", text: window.FerriteCharts.grouped(f.base, 0) }),
                  el("td", { class: "num " + (f.value > f.base ? "up" : "down"), text: window.FerriteCharts.grouped(f.value, 0) })]);
              }))]));
          panel.focus();
        } });
    };
    runSelect.addEventListener("change", function () { draw(); settle(); });
    yearSelect.addEventListener("change", function () { draw(); settle(); });
    c.later.push(draw);
    return F.card("Where the material moves differently", [F.note("Flows that grew (blue) or shrank (orange) against the base, as wide as the change in tonnes. Drag to pan, wheel or buttons to zoom."),
      el("p", { class: "inline" }, (runs.length > 1 ? [el("label", { for: "map-run", text: "Run " }), runSelect] : []).concat([el("label", { for: "map-year", text: "Year " }), yearSelect])),
      el("div", { class: "map-layout" }, [holder, panel])], "delta-map");
  }

  /// Country names for the map's buttons, in the browser's own words.
  function countryNames(network) {
    const names = {};
    let words = null;
    try { words = new Intl.DisplayNames(["en"], { type: "region" }); } catch (ignored) { /* an old browser: codes */ }
    for (const site of network.sites) if (site.country && !names[site.country]) names[site.country] = words ? words.of(site.country) : site.country;
    return names;
  }

  const CUSTOMER_MEASURES = [
    ["deliveredCost", "Delivered cost per unit", "per unit, average over the years delivered (purchase, production, transport, duties, carbon)"],
    ["dutyPerUnit", "Duties per unit", "per unit delivered, traced along the plan's flows"],
    ["duties", "Duties paid", "carried by the units delivered, over the horizon, undiscounted"],
    ["landedCost", "Landed cost", "the cost of one more unit (a shadow price), average over the years"],
    ["units", "Units delivered", "over the horizon"],
  ];

  function customersCard(c) {
    const customers = c.comparison.customers;
    if (customers.length === 0) return F.card("Delivered and landed cost by customer", [F.note("The plans trace no delivered costs.")], "customers");
    const select = el("select", { id: "customer-measure" }, CUSTOMER_MEASURES.map(function (m) { return el("option", { value: m[0], text: m[1] }); }));
    const explain = el("p", { class: "muted" });
    const holder = el("div", { class: "scroll" });
    const draw = function () {
      const measure = CUSTOMER_MEASURES.find(function (m) { return m[0] === select.value; });
      const money = measure[0] !== "units";
      explain.textContent = measure[1] + ": " + measure[2] + (money ? ", " + c.currency + "." : ".");
      const digits = measure[0] === "units" || measure[0] === "duties" ? 0 : 2;
      const fixed = function (v) { return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }); };
      const value = function (v) { return v == null ? "\u2014" : fixed(v); };
      const rows = customers.map(function (row) {
        const values = row[measure[0]];
        const cells = [el("td", { "data-label": "Customer" }, [c.siteName(row.site), el("span", { class: "id", text: " " + c.productName(row.product) })]),
          el("td", { class: "num", "data-label": c.short[0], text: value(values[0]) })];
        values.slice(1).forEach(function (v, index) {
          cells.push(el("td", { class: "num", "data-label": c.short[index + 1], text: value(v) }));
          const delta = v == null || values[0] == null ? null : v - values[0];
          const moved = delta != null && Math.abs(delta) >= Math.pow(10, -digits) / 2;
          cells.push(el("td", { class: "num" + (moved ? (delta > 0 ? " up" : " down") : ""), "data-label": "change, " + c.short[index + 1],
            text: delta == null ? "\u2014" : moved ? (delta > 0 ? "+" : "\u2212") + fixed(Math.abs(delta)) : "0" }));
        });
        return el("tr", {}, cells);
      });
      holder.replaceChildren(el("table", { id: "customers", class: "stack" }, [figureHeader(c, "Customer and product"), el("tbody", {}, rows)]));
    };
    select.addEventListener("change", draw);
    draw();
    return F.card("Delivered and landed cost by customer", [el("p", { class: "inline" }, [el("label", { for: "customer-measure", text: "Show " }), select]), explain, holder], "customers");
  }

  function changesCard(c) {
    const kinds = { flow: "flow", production: "production", purchase: "purchase", build: "build" };
    const describe = function (change) {
      const parts = change.subject.split(" ");
      if (change.kind === "flow" && parts.length === 3) {
        const ends = parts[0].split(":");
        return c.siteName(ends[0]) + " \u2192 " + c.siteName(ends[1] || "") + ", " + c.productName(parts[1]) + ", " + parts[2];
      }
      return change.subject;
    };
    const rows = c.comparison.changes.map(function (change) {
      const delta = change.value - change.base;
      return el("tr", {}, [el("td", { "data-label": "Run", text: change.variant }), el("td", { "data-label": "Kind", text: kinds[change.kind] || change.kind }),
        el("td", { "data-label": "What", text: describe(change) }),
        el("td", { class: "num", "data-label": "Base", text: window.FerriteCharts.grouped(change.base, 0) }),
        el("td", { class: "num", "data-label": "Run", text: window.FerriteCharts.grouped(change.value, 0) }),
        el("td", { class: "num " + (delta > 0 ? "up" : "down"), "data-label": "Change", text: (delta > 0 ? "+" : "\u2212") + window.FerriteCharts.grouped(Math.abs(delta), 0) })]);
    });
    const head = el("thead", {}, el("tr", {}, ["Run", "Kind", "What", "Base", "Run", "Change"].map(function (h, i) { return el("th", { scope: "col", class: i >= 3 ? "num" : null, text: h }); })));
    return F.card("Largest changes in flows, production, purchases and builds", [F.note("Tonnes (modules for builds), at most 15 per run, largest first."),
      rows.length === 0 ? F.note("The plans move the same quantities.")
        : el("div", { class: "scroll" }, el("table", { id: "changes", class: "stack" }, [head, el("tbody", {}, rows)]))], "changes");
  }

  F.pages.compare = comparePage;
  F.compareForm = compareForm;
})();
