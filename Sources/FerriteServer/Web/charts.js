// Ferrite's charts as plain SVG drawn at the container's own pixel width, so text stays 11 px on a
// phone and on a desktop: the network map, the Sankey, waterfall, bars over periods and lines.
// Every figure carries its unit; every mark with a figure is focusable and shows the same tooltip
// on hover and on keyboard focus.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const FONT = "11px system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  const LINE = 13;

  // Okabe-Ito based, safe for the common colour-vision deficiencies: steel in blues, battery
  // materials in oranges and reds, anything else in greens; shades tell products apart within one.
  const CHAIN_SHADES = {
    "steel": ["#0072B2", "#56B4E9", "#1B4F72", "#3C8DC4", "#8CC4EA", "#2A5D8F", "#0A4A7A", "#6FA8D6", "#134E6F"],
    "battery-material": ["#D55E00", "#E69F00", "#CC79A7", "#A04000", "#F0B450", "#8E3B5E", "#E07B39", "#B8860B"],
    "other": ["#009E73", "#117A65", "#45B39D", "#6B8E23", "#999999"],
  };
  const CHAIN_NAMES = { "steel": "Steel", "battery-material": "Battery materials", "other": "Other" };
  const SEGMENT_COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#8C6D31", "#7F7F7F", "#1B4F72", "#A04000", "#45B39D", "#8E3B5E", "#B8860B"];
  const KINDS = {
    "mine": ["#E69F00", "circle"], "refinery": ["#CC79A7", "circle"], "steel-mill": ["#0072B2", "circle"],
    "processing-centre": ["#56B4E9", "circle"], "cathode-plant": ["#D55E00", "circle"], "anode-plant": ["#8E3B5E", "circle"],
    "cell-plant": ["#F0E442", "circle"], "vehicle-plant": ["#000000", "triangle"], "port": ["#7F7F7F", "square"],
    "warehouse": ["#7F7F7F", "square"], "supplier": ["#009E73", "circle"], "other": ["#8C6D31", "circle"],
  };

  // ---- Elements and text ------------------------------------------------------------------------

  function svg(tag, attributes, children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function text(x, y, content, attributes) {
    const node = svg("text", Object.assign({ x: round(x), y: round(y) }, attributes || {}));
    node.textContent = content;
    return node;
  }

  function round(value) { return Math.round(value * 10) / 10; }

  let context = null;
  /// The width of `content` in the charts' font, measured once per call with a canvas.
  function textWidth(content, font) {
    if (!context) context = document.createElement("canvas").getContext("2d");
    context.font = font || FONT;
    return Math.ceil(context.measureText(content).width);
  }

  /// Splits `content` into lines no wider than `width` (a word longer than that keeps its line).
  function wrap(content, width) {
    const words = String(content).split(/\s+/).filter(Boolean);
    const lines = [];
    let current = "";
    for (const word of words) {
      const candidate = current ? current + " " + word : word;
      if (current && textWidth(candidate) > width) { lines.push(current); current = word; } else current = candidate;
    }
    if (current) lines.push(current);
    return lines.length ? lines : [""];
  }

  function multiline(x, y, lines, attributes) {
    const node = svg("text", Object.assign({ x: round(x), y: round(y) }, attributes || {}));
    lines.forEach(function (line, index) {
      const span = svg("tspan", { x: round(x), dy: index === 0 ? 0 : LINE });
      span.textContent = line;
      node.appendChild(span);
    });
    return node;
  }

  /// Makes a mark focusable with a tooltip shown on hover and on focus.
  function tip(node, content) {
    node.setAttribute("data-tip", content);
    node.setAttribute("tabindex", "0");
    node.setAttribute("aria-label", content);
    node.setAttribute("role", "img");
    return node;
  }

  function legend(entries, label) {
    const box = document.createElement("div");
    box.className = "legend";
    if (label) {
      const caption = document.createElement("span");
      caption.className = "legend-caption";
      caption.textContent = label;
      box.appendChild(caption);
    }
    for (const entry of entries) {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch" + (entry[2] ? " " + entry[2] : "");
      swatch.style.backgroundColor = entry[1];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry[0]));
      box.appendChild(item);
    }
    return box;
  }

  function widthOf(container, minimum) {
    const measured = container.getBoundingClientRect().width || container.clientWidth || 900;
    return Math.max(minimum || 280, Math.floor(measured));
  }

  // ---- Numbers ----------------------------------------------------------------------------------

  /// Thousands separators and at most `digits` decimals ("1,234,567.5").
  function grouped(value, digits) {
    if (typeof value !== "number" || !isFinite(value)) return "\u2014";
    const places = digits === undefined ? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 2) : digits;
    const text = value.toLocaleString("en-US", { maximumFractionDigits: places, minimumFractionDigits: 0 });
    return text === "-0" ? "0" : text;
  }

  /// Short human form with a scale word: 6.46 bn, 30.2 M, 950 k, 12.5.
  function format(value) {
    if (typeof value !== "number" || !isFinite(value)) return "\u2014";
    const magnitude = Math.abs(value);
    const sign = value < 0 ? "-" : "";
    const short = function (scaled, digits) { return sign + String(Number(scaled.toFixed(digits))) ; };
    if (magnitude >= 1e9) return short(magnitude / 1e9, 2) + " bn";
    if (magnitude >= 1e6) return short(magnitude / 1e6, magnitude >= 1e8 ? 0 : magnitude >= 1e7 ? 1 : 2) + " M";
    if (magnitude >= 1e4) return short(magnitude / 1e3, magnitude >= 1e5 ? 0 : 1) + " k";
    return grouped(value);
  }

  /// Tonnes as the trade writes them: 3.6 Mt, 356 kt, 950 t.
  function tonnes(value) {
    const magnitude = Math.abs(value);
    if (magnitude >= 1e6) return String(Number((value / 1e6).toFixed(magnitude >= 1e7 ? 1 : 2))) + " Mt";
    if (magnitude >= 1e3) return String(Number((value / 1e3).toFixed(magnitude >= 1e4 ? 0 : 1))) + " kt";
    return grouped(value, 0) + " t";
  }

  function percent(value, digits) {
    return typeof value === "number" && isFinite(value) ? (100 * value).toFixed(digits === undefined ? 1 : digits) + " %" : "\u2014";
  }

  /// About `count` round ticks covering [low, high].
  function ticks(low, high, count) {
    if (!(high > low)) { high = low + 1; }
    const raw = (high - low) / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(function (f) { return f * power; }).find(function (s) { return s >= raw; }) || 10 * power;
    const values = [];
    for (let value = Math.floor(low / step) * step; value <= high + step * 1e-9; value += step) values.push(Math.abs(value) < step * 1e-9 ? 0 : value);
    if (values[values.length - 1] < high) values.push(values[values.length - 1] + step);
    return values;
  }

  // ---- Colours ----------------------------------------------------------------------------------

  /// The chain of each product (from the plan's series; its family otherwise).
  function chainOf(plan, network) {
    const chains = (plan.series && plan.series.chains) || {};
    const result = {};
    for (const product of network.products) {
      const chain = chains[product.id] || product.family;
      result[product.id] = CHAIN_SHADES[chain] ? chain : "other";
    }
    return result;
  }

  /// One colour per product: the hue of its chain, a shade per product within it.
  function productColors(plan, network) {
    const chains = chainOf(plan, network);
    const used = {};
    const colors = {};
    for (const product of network.products) {
      const chain = chains[product.id];
      const shades = CHAIN_SHADES[chain];
      const position = used[chain] || 0;
      colors[product.id] = shades[position % shades.length];
      used[chain] = position + 1;
    }
    return colors;
  }

  function seriesColors(keys, fixed) {
    const colors = {};
    keys.forEach(function (key, index) { colors[key] = (fixed && fixed[key]) || SEGMENT_COLORS[index % SEGMENT_COLORS.length]; });
    return colors;
  }

  // ---- Axes -------------------------------------------------------------------------------------

  /// A horizontal money or quantity axis at `y` from x(low) to x(high), ticks thinned so that no
  /// two labels touch.
  function xAxis(root, scale, low, high, y, unit, count) {
    const span = high - low || 1;
    const values = ticks(low, high, count).filter(function (v) { return v >= low - span * 1e-9 && v <= high + span * 1e-9; });
    let lastRight = -Infinity;
    for (const value of values) {
      const x = scale(value);
      root.appendChild(svg("line", { x1: round(x), x2: round(x), y1: y, y2: y + 4, class: "tick" }));
      root.appendChild(svg("line", { x1: round(x), x2: round(x), y1: 0, y2: y, class: "grid" }));
      const label = format(value);
      const width = textWidth(label);
      const frame = Number(root.getAttribute("width"));
      const anchor = x + width / 2 > frame - 2 ? "end" : x - width / 2 < 2 ? "start" : "middle";
      const x0 = anchor === "end" ? x - width : anchor === "start" ? x : x - width / 2;
      if (x0 > lastRight + 6) {
        root.appendChild(text(x, y + 16, label, { "text-anchor": anchor, class: "axis" }));
        lastRight = x0 + width;
      }
    }
    return values;
  }

  // ---- Horizontal bars --------------------------------------------------------------------------

  /// Horizontal bars stacked from their segments ({key, value}), largest first unless
  /// `options.keepOrder`; labels beside the bars on wide screens and above them on narrow ones; an
  /// optional marker per bar ({value, label}). Returns how many bars were drawn.
  function drawStackedBars(container, bars, options) {
    const keys = [];
    for (const bar of bars) for (const part of bar.segments) if (part.value > 1e-12 && keys.indexOf(part.key) < 0) keys.push(part.key);
    const order = options.keys ? options.keys.filter(function (key) { return keys.indexOf(key) >= 0; }) : keys;
    const colors = seriesColors(order, options.colors);
    let sized = bars.map(function (bar) {
      return { label: bar.label, marker: bar.marker, segments: order.map(function (key) {
        const found = bar.segments.filter(function (part) { return part.key === key; });
        return { key: key, value: found.reduce(function (sum, part) { return sum + part.value; }, 0) };
      }).filter(function (part) { return part.value > 1e-12; }) };
    }).map(function (bar) { bar.total = bar.segments.reduce(function (sum, part) { return sum + part.value; }, 0); return bar; })
      .filter(function (bar) { return bar.total > 1e-12; });
    if (!options.keepOrder) sized.sort(function (a, b) { return b.total - a.total; });
    sized = sized.slice(0, options.limit || 40);
    if (sized.length === 0) return 0;
    const width = widthOf(container);
    const narrow = width < 640;
    const unit = options.unit;
    const labelWidth = narrow ? 0 : Math.min(options.labelWidth || 340, Math.floor(width * 0.38));
    const valueWidth = Math.max.apply(null, sized.map(function (bar) { return textWidth(format(bar.total) + " " + unit); })) + 10;
    const left = narrow ? 4 : labelWidth + 8;
    const right = width - valueWidth - 4;
    const largest = Math.max.apply(null, sized.map(function (bar) {
      return Math.max(bar.total, bar.marker ? bar.marker.value : 0); }));
    const scale = function (value) { return left + (right - left) * value / largest; };
    const rows = [];
    let y = 6;
    for (const bar of sized) {
      const lines = wrap(bar.label, narrow ? width - 8 : labelWidth - 4);
      const labelHeight = lines.length * LINE;
      const row = { bar: bar, lines: lines, y: y, barY: narrow ? y + labelHeight + 2 : y + Math.max(0, (labelHeight - 14) / 2) };
      rows.push(row);
      y = (narrow ? row.barY + 14 : y + Math.max(labelHeight, 16)) + 8;
    }
    const axisY = y + 2;
    const height = axisY + 24;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart bars",
      role: "group", "aria-label": options.label });
    xAxis(root, scale, 0, largest, axisY, unit, Math.max(2, Math.floor((right - left) / 90)));
    for (const row of rows) {
      root.appendChild(narrow ? multiline(4, row.y + 10, row.lines, { class: "label" })
        : multiline(labelWidth, row.y + 10, row.lines, { "text-anchor": "end", class: "label" }));
      let x = left;
      for (const part of row.bar.segments) {
        const length = Math.max(0.5, scale(part.value) - left);
        root.appendChild(tip(svg("rect", { x: round(x), y: round(row.barY), width: round(length), height: 14, fill: colors[part.key], class: "mark" }),
          row.bar.label + ", " + part.key + ": " + grouped(part.value, options.digits) + " " + unit));
        x += length;
      }
      let end = x;
      const valueText = format(row.bar.total) + " " + unit;
      if (row.bar.marker) {
        const mx = scale(row.bar.marker.value);
        root.appendChild(tip(svg("rect", { x: round(mx - 1.5), y: round(row.barY - 3), width: 3, height: 20, class: "marker" }),
          row.bar.label + ", " + row.bar.marker.label + ": " + grouped(row.bar.marker.value, options.digits) + " " + unit));
        // The total right after its bar, unless the marker stands where it would go.
        if (mx > x - 2 && mx < x + textWidth(valueText) + 10) end = Math.max(end, mx + 2);
      }
      root.appendChild(text(end + 4, row.barY + 11, valueText, { class: "value" }));
    }
    if (order.length > 1 || options.legendAlways) {
      container.appendChild(legend(order.map(function (key) { return [options.names ? options.names[key] || key : key, colors[key]]; })
        .concat(options.markerLegend ? [[options.markerLegend, "#1d2430", "marker"]] : [])));
    }
    container.appendChild(root);
    return sized.length;
  }

  // ---- Waterfall --------------------------------------------------------------------------------

  /// Revenue components up, cost components down, to the result: discounted profit for a profit
  /// plan, total cost for a cost plan. `figures` are the plan's key figures, so the last bar is
  /// the headline's own number. Horizontal, so that it reads on a phone too.
  function drawWaterfall(container, plan, currency) {
    const key = plan.keyFigures || { components: [], figures: [] };
    const figure = function (name) { const found = (key.figures || []).find(function (f) { return f.name === name; }); return found ? found.value : null; };
    const hasRevenue = key.components.some(function (c) { return c.isRevenue && Math.abs(c.discounted) > 1e-9; });
    const label = function (id) { return id === "revenue" ? "sales revenue" : id === "unmet-demand" ? "unmet demand penalties" : id; };
    const steps = [];
    const revenues = key.components.filter(function (c) { return c.isRevenue && Math.abs(c.discounted) > 1e-9; });
    const costs = key.components.filter(function (c) { return !c.isRevenue && Math.abs(c.discounted) > 1e-9; })
      .sort(function (a, b) { return b.discounted - a.discounted; });
    for (const c of revenues) steps.push({ label: "+ " + label(c.id), value: c.discounted, kind: "revenue" });
    for (const c of costs) steps.push({ label: (hasRevenue ? "\u2212 " : "+ ") + label(c.id), value: hasRevenue ? -c.discounted : c.discounted, kind: "cost" });
    const resultName = hasRevenue ? "profit" : "total cost";
    const result = figure(resultName);
    const width = widthOf(container);
    const labelWidth = Math.min(190, Math.max(...steps.map(function (s) { return textWidth(s.label); }).concat([textWidth("= total cost")])) + 4, Math.floor(width * 0.36));
    let running = 0, low = 0, high = 0;
    const bars = steps.map(function (step) {
      const from = running; running += step.value;
      low = Math.min(low, running); high = Math.max(high, running);
      return { label: step.label, from: from, to: running, kind: step.kind, value: step.value };
    });
    bars.push({ label: "= " + resultName, from: 0, to: result, kind: "result", value: result });
    low = Math.min(low, result); high = Math.max(high, result);
    // Room for a figure on the right; a figure that does not fit there goes left of its bar.
    const valueWidth = width < 640 ? 52 : 70;
    const left = labelWidth + 8 + (width < 640 ? 0 : valueWidth), right = width - valueWidth;
    const scale = function (value) { return left + (right - left) * (value - low) / (high - low || 1); };
    const rowHeight = 26, top = 6;
    const axisY = top + bars.length * rowHeight + 4;
    const height = axisY + 40;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart waterfall",
      role: "group", "aria-label": "From revenue to " + resultName + ", discounted, " + currency });
    xAxis(root, scale, low, high, axisY, currency, Math.max(2, Math.floor((right - left) / 90)));
    root.appendChild(svg("line", { x1: round(scale(0)), x2: round(scale(0)), y1: 0, y2: axisY, class: "zero" }));
    root.appendChild(text((left + right) / 2, axisY + 32, currency + ", discounted to " + plan.periods[0], { "text-anchor": "middle", class: "axis" }));
    bars.forEach(function (bar, index) {
      const y = top + index * rowHeight;
      const x0 = scale(Math.min(bar.from, bar.to)), x1 = scale(Math.max(bar.from, bar.to));
      root.appendChild(text(labelWidth, y + 15, bar.label, { "text-anchor": "end", class: "label" + (bar.kind === "result" ? " strong" : "") }));
      root.appendChild(tip(svg("rect", { x: round(x0), y: y + 3, width: round(Math.max(1, x1 - x0)), height: rowHeight - 8, class: "mark " + bar.kind }),
        bar.label.replace(/^[+\u2212=] /, "") + ": " + grouped(bar.value, 0) + " " + currency + " (discounted)"));
      // The step's own sign: costs take away from profit, but add up to a total cost.
      const shown = format(bar.value);
      const shownWidth = textWidth(shown);
      // The figure beside its bar: right of it, else left of it, else inside.
      if (x1 + 4 + shownWidth <= width - 2) root.appendChild(text(x1 + 4, y + 15, shown, { class: "value" }));
      else if (x0 - 4 - shownWidth >= labelWidth + 10) root.appendChild(text(x0 - 4, y + 15, shown, { class: "value", "text-anchor": "end" }));
      else root.appendChild(text(x1 - 4, y + 15, shown, { class: "value inside", "text-anchor": "end" }));
      if (index < bars.length - 1 && bar.kind !== "result") {
        root.appendChild(svg("line", { x1: round(scale(bar.to)), x2: round(scale(bar.to)), y1: y + rowHeight - 5, y2: y + rowHeight + 3, class: "connector" }));
      }
    });
    container.appendChild(root);
  }

  // ---- Over the periods -------------------------------------------------------------------------

  /// Stacked columns per period ({key, name, values}) with optional lines ({name, values}); an
  /// axis in `unit`; a legend below. Returns the number of series drawn.
  function drawColumns(container, periods, series, options) {
    series = series.filter(function (s) { return s.values.some(function (v) { return Math.abs(v) > 1e-9; }); });
    const lines = (options.lines || []).filter(function (s) { return s.values.some(function (v) { return Math.abs(v) > 1e-9; }); });
    if (series.length === 0 && lines.length === 0) return 0;
    const colors = seriesColors(series.map(function (s) { return s.key; }), options.colors);
    const width = widthOf(container);
    let high = 0;
    periods.forEach(function (_, index) {
      const total = series.reduce(function (sum, s) { return sum + Math.max(0, s.values[index]); }, 0);
      high = Math.max(high, total);
      for (const line of lines) high = Math.max(high, line.values[index]);
    });
    if (options.max) high = Math.max(high, options.max);
    const values = ticks(0, high, 5);
    const top = values[values.length - 1];
    const axisLabels = values.map(function (v) { return options.percent ? percent(v, 0) : format(v); });
    const left = Math.max.apply(null, axisLabels.map(function (l) { return textWidth(l); })) + 10;
    const height = options.height || 240, bottom = 22, topPad = 16;
    const y = function (value) { return topPad + (height - topPad - bottom) * (1 - value / top); };
    const slot = (width - left - 6) / periods.length;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart columns",
      role: "group", "aria-label": options.label });
    values.forEach(function (value, index) {
      root.appendChild(svg("line", { x1: left, x2: width - 4, y1: round(y(value)), y2: round(y(value)), class: index === 0 ? "zero" : "grid" }));
      root.appendChild(text(left - 5, y(value) + 4, axisLabels[index], { "text-anchor": "end", class: "axis" }));
    });
    root.appendChild(text(left, 11, options.unit, { class: "axis unit" }));
    const yearWidth = textWidth("2030") + 6;
    const every = Math.max(1, Math.ceil(yearWidth / slot));
    periods.forEach(function (period, index) {
      const x = left + index * slot;
      if (index % every === 0) root.appendChild(text(x + slot / 2, height - 6, String(period), { "text-anchor": "middle", class: "axis" }));
      let base = 0;
      for (const s of series) {
        const value = s.values[index];
        if (!(value > 1e-9)) continue;
        const y0 = y(base), y1 = y(base + value);
        root.appendChild(tip(svg("rect", { x: round(x + slot * 0.15), y: round(y1), width: round(slot * 0.7), height: round(Math.max(0.5, y0 - y1)),
          fill: colors[s.key], class: "mark" }), (s.name || s.key) + " in " + period + ": " + grouped(value, options.digits) + " " + options.unit));
        base += value;
      }
    });
    const lineColors = ["#000000", "#CC79A7", "#009E73"];
    lines.forEach(function (line, position) {
      let d = "";
      line.values.forEach(function (value, index) { d += (index === 0 ? "M" : "L") + round(left + (index + 0.5) * slot) + " " + round(y(value)); });
      root.appendChild(svg("path", { d: d, class: "line", stroke: lineColors[position % 3] }));
      line.values.forEach(function (value, index) {
        root.appendChild(tip(svg("circle", { cx: round(left + (index + 0.5) * slot), cy: round(y(value)), r: 3.5, fill: lineColors[position % 3], class: "mark" }),
          line.name + " in " + periods[index] + ": " + grouped(value, options.digits) + " " + options.unit));
      });
    });
    container.appendChild(root);
    container.appendChild(legend(series.map(function (s) { return [s.name || s.key, colors[s.key]]; })
      .concat(lines.map(function (line, position) { return [line.name, lineColors[position % 3], "line"]; }))));
    return series.length + lines.length;
  }

  /// Lines over the periods ({key, name, values, dashed}) on one axis, for shares and utilization.
  function drawLines(container, periods, series, options) {
    if (series.length === 0) return 0;
    const colors = seriesColors(series.map(function (s) { return s.key; }), options.colors);
    const width = widthOf(container);
    let high = options.max || 0;
    for (const s of series) for (const v of s.values) if (v != null) high = Math.max(high, v);
    if (options.percent && high <= 1.001) high = 1;
    const values = ticks(0, high, 4);
    const top = values[values.length - 1];
    const labels = values.map(function (v) { return options.percent ? percent(v, 0) : format(v); });
    const left = Math.max.apply(null, labels.map(function (l) { return textWidth(l); })) + 10;
    const height = options.height || 200, bottom = 22, topPad = 16;
    const y = function (value) { return topPad + (height - topPad - bottom) * (1 - value / top); };
    const slot = (width - left - 6) / periods.length;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart lines",
      role: "group", "aria-label": options.label });
    values.forEach(function (value, index) {
      root.appendChild(svg("line", { x1: left, x2: width - 4, y1: round(y(value)), y2: round(y(value)), class: index === 0 ? "zero" : "grid" }));
      root.appendChild(text(left - 5, y(value) + 4, labels[index], { "text-anchor": "end", class: "axis" }));
    });
    if (options.unit) root.appendChild(text(left, 11, options.unit, { class: "axis unit" }));
    const every = Math.max(1, Math.ceil((textWidth("2030") + 6) / slot));
    periods.forEach(function (period, index) {
      if (index % every === 0) root.appendChild(text(left + (index + 0.5) * slot, height - 6, String(period), { "text-anchor": "middle", class: "axis" }));
    });
    const dashes = ["", "7 4", "2 3", "10 3 2 3"];
    series.forEach(function (s, position) {
      let d = "", open = false;
      s.values.forEach(function (value, index) {
        if (value == null) { open = false; return; }
        d += (open ? "L" : "M") + round(left + (index + 0.5) * slot) + " " + round(y(value));
        open = true;
      });
      // Lines that coincide (two capacities both full) stay apart by their dash pattern.
      root.appendChild(svg("path", { d: d, class: "line" + (s.dashed ? " dashed" : ""), stroke: colors[s.key],
        "stroke-dasharray": s.dashed ? null : dashes[position % dashes.length] || null, "stroke-width": position === 0 ? 3 : 2 }));
      s.values.forEach(function (value, index) {
        if (value == null || s.dashed) return;
        root.appendChild(tip(svg("circle", { cx: round(left + (index + 0.5) * slot), cy: round(y(value)), r: Math.max(2.5, 4.5 - position), fill: colors[s.key], class: "mark" }),
          (s.name || s.key) + " in " + periods[index] + ": " + (options.percent ? percent(value) : grouped(value) + " " + options.unit) + (s.note ? s.note(index) : "")));
      });
    });
    container.appendChild(root);
    container.appendChild(legend(series.map(function (s) { return [s.name || s.key, colors[s.key], s.dashed ? "dashed" : "line"]; })));
    return series.length;
  }

  // ---- Sankey -----------------------------------------------------------------------------------

  /// Purchases, through every site, to the customers, for one period and one chain. A site that
  /// only passes goods on (a port) and sits in a loop is split by product, so that a plant which
  /// receives from and ships to the same port sits between the two port nodes instead of looking
  /// like a sink. Bands in t; every label whole, wrapped to the space before the next column.
  function drawSankey(container, network, plan, period, chain) {
    const chains = chainOf(plan, network);
    const colors = productColors(plan, network);
    const names = {}, productNames = {}, units = {};
    for (const site of network.sites) names[site.id] = site.name;
    for (const product of network.products) { productNames[product.id] = product.name; units[product.id] = product.unit; }
    const keep = function (product) { return !chain || chain === "all" || chains[product] === chain; };
    const raw = [];
    for (const purchase of plan.purchases) {
      if (purchase.period === period && keep(purchase.product) && purchase.quantity > 1e-9) {
        raw.push({ source: "buy:" + purchase.product, target: purchase.site, product: purchase.product, value: purchase.quantity });
      }
    }
    for (const flow of plan.flows) {
      if (flow.period === period && keep(flow.product) && flow.quantity > 1e-9 && flow.from !== flow.to) {
        raw.push({ source: flow.from, target: flow.to, product: flow.product, value: flow.quantity });
      }
    }
    if (raw.length === 0) return 0;
    const producers = {};
    for (const line of plan.production) if (line.period === period && line.activity > 1e-9) producers[line.site] = true;
    // Loops among sites: a site in a strongly connected group with another site.
    const inLoop = loopMembers(raw);
    const key = function (site, product) { return !site.startsWith("buy:") && inLoop[site] && !producers[site] ? site + "|" + product : site; };
    const links = [];
    for (const link of raw) {
      const source = key(link.source, link.product), target = key(link.target, link.product);
      const existing = links.find(function (l) { return l.source === source && l.target === target && l.product === link.product; });
      if (existing) existing.value += link.value; else links.push({ source: source, target: target, product: link.product, value: link.value });
    }
    const nodes = {};
    const node = function (id) {
      if (!nodes[id]) {
        const [site, product] = id.split("|");
        const label = id.startsWith("buy:") ? "Bought: " + (productNames[id.slice(4)] || id.slice(4))
          : (names[site] || site) + (product ? " (" + (productNames[product] || product) + ")" : "");
        nodes[id] = { id: id, label: label, into: 0, out: 0, next: [], prev: [] };
      }
      return nodes[id];
    };
    for (const link of links) {
      const s = node(link.source), t = node(link.target);
      s.out += link.value; t.into += link.value; s.next.push(t); t.prev.push(s);
    }
    const ids = Object.keys(nodes);
    // Columns: longest path from a node that receives nothing, ignoring edges that still close a
    // loop (producers exchanging goods); nodes that ship nothing on go to the last column.
    const depth = {}, state = {};
    const back = new Set();
    const visit = function (n) {
      state[n.id] = 1;
      for (const m of n.next) {
        if (state[m.id] === 1) { back.add(n.id + ">" + m.id); continue; }
        if (!state[m.id]) visit(m);
      }
      state[n.id] = 2;
    };
    ids.map(function (id) { return nodes[id]; }).filter(function (n) { return n.into === 0; }).concat(ids.map(function (id) { return nodes[id]; }))
      .forEach(function (n) { if (!state[n.id]) visit(n); });
    const level = function (n) {
      if (depth[n.id] !== undefined) return depth[n.id];
      depth[n.id] = 0;
      let best = 0;
      for (const p of n.prev) if (!back.has(p.id + ">" + n.id)) best = Math.max(best, level(p) + 1);
      depth[n.id] = best;
      return best;
    };
    let last = 0;
    for (const id of ids) last = Math.max(last, level(nodes[id]));
    for (const id of ids) if (nodes[id].out === 0) depth[id] = last;
    const columns = [];
    for (let d = 0; d <= last; d++) columns.push(ids.filter(function (id) { return depth[id] === d; }).map(function (id) { return nodes[id]; }));
    const nodeWidth = 10;
    // Column positions: the last column keeps room for its labels on the right; each other column
    // at least 150 px for its labels (a phone scrolls the chart sideways).
    const lastLabel = Math.min(240, Math.max.apply(null, columns[last].map(function (n) { return textWidth(n.label); })) + 8);
    const width = Math.max(last * 150 + lastLabel + nodeWidth + 8, widthOf(container));
    const step = last === 0 ? 0 : (width - 4 - nodeWidth - lastLabel - 4) / last;
    const labelRoom = last === 0 ? lastLabel : Math.min(step - nodeWidth - 10, 260);
    const size = function (n) { return Math.max(n.into, n.out); };
    for (const column of columns) {
      column.sort(function (a, b) { return size(b) - size(a); });
      for (const n of column) {
        n.lines = wrap(n.label + " \u00b7 " + tonnes(size(n)), depth[n.id] === last ? lastLabel - 4 : labelRoom);
        n.slot = n.lines.length * LINE + 4;
      }
    }
    const gap = 8;
    const height0 = 480;
    let scale = Infinity;
    for (const column of columns) {
      const total = column.reduce(function (sum, n) { return sum + size(n); }, 0);
      const free = height0 - gap * (column.length - 1) - column.reduce(function (sum, n) { return sum + n.slot; }, 0) * 0.3;
      if (total > 0) scale = Math.min(scale, Math.max(40, free) / total);
    }
    let height = 0;
    columns.forEach(function (column, d) {
      let y = 6;
      for (const n of column) {
        n.x = 4 + d * step; n.y = y; n.height = Math.max(2, size(n) * scale); n.inY = y; n.outY = y;
        y += Math.max(n.height, n.slot) + gap;
      }
      height = Math.max(height, y + 4);
    });
    const root = svg("svg", { width: width, height: round(height), viewBox: "0 0 " + width + " " + round(height), class: "chart sankey",
      role: "group", "aria-label": "Material flows in " + period + ", tonnes" });
    links.sort(function (a, b) { return (nodes[a.source].y - nodes[b.source].y) || (nodes[a.target].y - nodes[b.target].y); });
    const linkLayer = svg("g", { class: "links" });
    for (const link of links) {
      const s = nodes[link.source], t = nodes[link.target];
      const thickness = Math.max(1, link.value * scale);
      const y0 = s.outY + thickness / 2, y1 = t.inY + thickness / 2;
      s.outY += thickness; t.inY += thickness;
      let d;
      const x0 = s.x + nodeWidth, x1 = t.x;
      if (x1 > x0) {
        const middle = (x0 + x1) / 2;
        d = "M" + round(x0) + " " + round(y0) + "C" + round(middle) + " " + round(y0) + " " + round(middle) + " " + round(y1) + " " + round(x1) + " " + round(y1);
      } else {
        // A loop between producers: out of the right side, under both nodes, into the left side.
        const below = Math.max(s.y + s.height, t.y + t.height) + 12 + thickness;
        d = "M" + round(x0) + " " + round(y0) + "C" + round(x0 + 40) + " " + round(y0) + " " + round(x0 + 40) + " " + round(below) + " " + round(x0) + " " + round(below) +
          "L" + round(x1) + " " + round(below) + "C" + round(x1 - 40) + " " + round(below) + " " + round(x1 - 40) + " " + round(y1) + " " + round(x1) + " " + round(y1);
      }
      linkLayer.appendChild(tip(svg("path", { d: d, class: "link", stroke: colors[link.product] || "#888", "stroke-width": round(thickness) }),
        (productNames[link.product] || link.product) + ": " + s.label + " \u2192 " + t.label + ", " + grouped(link.value, 0) + " " + (units[link.product] || "t") + " in " + period));
    }
    root.appendChild(linkLayer);
    // Every node, then every label above them all, so that no node hides a label.
    for (const id of ids) {
      const n = nodes[id];
      root.appendChild(tip(svg("rect", { x: round(n.x), y: round(n.y), width: nodeWidth, height: round(n.height), class: "node" }),
        n.label + ": " + grouped(n.into, 0) + " t in, " + grouped(n.out, 0) + " t out in " + period));
    }
    for (const id of ids) root.appendChild(multiline(nodes[id].x + nodeWidth + 4, nodes[id].y + 10, nodes[id].lines, { class: "label" }));
    container.appendChild(root);
    const used = [];
    for (const link of links) if (used.indexOf(link.product) < 0) used.push(link.product);
    container.insertBefore(legend(used.map(function (p) { return [productNames[p] || p, colors[p]]; }), "Products:"), root);
    return links.length;
  }

  /// Sites that sit in a loop of flows (a strongly connected group of two or more).
  function loopMembers(links) {
    const next = {};
    for (const link of links) { (next[link.source] = next[link.source] || []).push(link.target); next[link.target] = next[link.target] || []; }
    const index = {}, low = {}, stack = [], on = {}, members = {};
    let counter = 0;
    const strong = function (v) {
      index[v] = low[v] = counter++; stack.push(v); on[v] = true;
      for (const w of next[v]) {
        if (index[w] === undefined) { strong(w); low[v] = Math.min(low[v], low[w]); } else if (on[w]) low[v] = Math.min(low[v], index[w]);
      }
      if (low[v] === index[v]) {
        const group = [];
        let w;
        do { w = stack.pop(); on[w] = false; group.push(w); } while (w !== v);
        if (group.length > 1) for (const m of group) members[m] = true;
      }
    };
    for (const v of Object.keys(next)) if (index[v] === undefined) strong(v);
    return members;
  }

  // ---- Map --------------------------------------------------------------------------------------

  /// A zoomable map of sites and flows: wheel and drag (or the buttons) zoom and pan; labels are
  /// placed by priority (the busiest sites first) and a label that would overlap another or the
  /// edge stays hidden until zoomed in or the site is hovered or focused. `onSelect(kind, id)` is
  /// called when a site or lane is chosen (click or Enter). `options.flowGroups` ({of(flow), colors,
  /// names, text(band)}) groups and colours flows by something other than their chain, such as
  /// growth against another plan; `text(band)` then words a band's tooltip.
  function createMap(container, world, network, plan, options) {
    const sites = network.sites.filter(function (site) { return site.latitude != null && site.longitude != null; });
    const byID = {};
    for (const site of sites) byID[site.id] = site;
    const lons = sites.map(function (s) { return s.longitude; });
    const spread = function (values) { return values.length ? Math.max.apply(null, values) - Math.min.apply(null, values) : 0; };
    const pacific = sites.length > 0 && spread(lons.map(function (l) { return l < 0 ? l + 360 : l; })) < spread(lons);
    const lonOf = function (lon) { return pacific && lon < 0 ? lon + 360 : lon; };
    const chains = chainOf(plan, network);
    const groups = options.flowGroups || null;
    const groupOf = function (flow) { return groups ? groups.of(flow) : chains[flow.product] || "other"; };
    const groupColor = function (group) { return groups ? groups.colors[group] : CHAIN_SHADES[group][0]; };
    const productNames = {};
    for (const product of network.products) productNames[product.id] = product.name;
    const view = { lon: 0, lat: 0, scale: 1 };
    let period = options.period;
    let width = 0, height = 0, stretch = 1;
    const box = document.createElement("div");
    box.className = "map-box";
    const controls = document.createElement("div");
    controls.className = "map-controls";
    const button = function (label, name, action) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "secondary"; b.textContent = label; b.setAttribute("aria-label", name); b.title = name;
      b.addEventListener("click", action);
      controls.appendChild(b);
      return b;
    };
    button("+", "Zoom in", function () { zoom(1.6, width / 2, height / 2); });
    button("\u2212", "Zoom out", function () { zoom(1 / 1.6, width / 2, height / 2); });
    button("Fit network", "Fit the whole network", function () { fit(sites); });
    const regions = {};
    for (const site of sites) (regions[site.country] = regions[site.country] || []).push(site);
    Object.keys(regions).sort(function (a, b) { return regions[b].length - regions[a].length; }).forEach(function (country) {
      const name = options.countryNames[country] || country;
      button(name + " (" + regions[country].length + ")", "Fit to the sites in " + name, function () { fit(regions[country]); });
    });
    box.appendChild(controls);
    const holder = document.createElement("div");
    holder.className = "map-holder";
    box.appendChild(holder);
    let dragging = null, pending = false;
    const redraw = function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; draw(); });
    };
    holder.addEventListener("wheel", function (event) {
      event.preventDefault();
      const bounds = holder.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - bounds.left, event.clientY - bounds.top);
    }, { passive: false });
    holder.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || (event.target.closest && event.target.closest(".site, .flow, .cluster"))) return;
      dragging = { x: event.clientX, y: event.clientY, lon: view.lon, lat: view.lat };
      holder.setPointerCapture(event.pointerId);
      holder.classList.add("dragging");
    });
    holder.addEventListener("pointermove", function (event) {
      if (!dragging) return;
      view.lon = dragging.lon - (event.clientX - dragging.x) / view.scale;
      view.lat = dragging.lat + (event.clientY - dragging.y) / (view.scale * stretch);
      redraw();
    });
    // The keyboard pans with the arrows and zooms with + and -, like the wheel and a drag.
    holder.setAttribute("tabindex", "0");
    holder.setAttribute("role", "application");
    holder.setAttribute("aria-label", "Map: arrow keys pan, + and - zoom; Tab moves to the sites and flows");
    holder.addEventListener("keydown", function (event) {
      if (event.target !== holder) return;
      const step = 60 / view.scale;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step / stretch], ArrowDown: [0, -step / stretch] };
      if (moves[event.key]) { view.lon += moves[event.key][0]; view.lat += moves[event.key][1]; draw(); event.preventDefault(); }
      else if (event.key === "+" || event.key === "=") { zoom(1.4, width / 2, height / 2); event.preventDefault(); }
      else if (event.key === "-") { zoom(1 / 1.4, width / 2, height / 2); event.preventDefault(); }
    });
    const stop = function () { dragging = null; holder.classList.remove("dragging"); };
    holder.addEventListener("pointerup", stop);
    holder.addEventListener("pointercancel", stop);
    container.appendChild(box);

    function project(lon, lat) {
      return [width / 2 + (lonOf(lon) - view.lon) * view.scale, height / 2 - (lat - view.lat) * view.scale * stretch];
    }

    function fit(list) {
      if (!list.length) return;
      const xs = list.map(function (s) { return lonOf(s.longitude); }), ys = list.map(function (s) { return s.latitude; });
      const west = Math.min.apply(null, xs), east = Math.max.apply(null, xs), south = Math.min.apply(null, ys), north = Math.max.apply(null, ys);
      view.lon = (west + east) / 2; view.lat = (south + north) / 2;
      const spanX = Math.max(east - west, 1.5), spanY = Math.max(north - south, 1);
      view.scale = Math.min((width - 140) / spanX, (height - 60) / (spanY * stretch));
      draw();
    }

    function zoom(factor, x, y) {
      const lon = view.lon + (x - width / 2) / view.scale, lat = view.lat - (y - height / 2) / (view.scale * stretch);
      view.scale = Math.max(0.5, Math.min(2000, view.scale * factor));
      view.lon = lon - (x - width / 2) / view.scale; view.lat = lat + (y - height / 2) / (view.scale * stretch);
      draw();
    }

    let root = null;
    function draw() {
      const previous = root;
      root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart map", role: "group",
        "aria-label": "Network map, " + period + ": drag to pan, wheel or buttons to zoom" });
      const land = svg("g", { class: "land-layer" });
      for (const offset of pacific ? [0, 360] : [0]) {
        let d = "";
        for (const ring of world.rings) {
          let inside = false;
          let part = "";
          for (let i = 0; i < ring.length; i += 2) {
            const x = (ring[i] + offset - view.lon) * view.scale + width / 2;
            const y = height / 2 - (ring[i + 1] - view.lat) * view.scale * stretch;
            if (x > -width && x < 2 * width) inside = true;
            part += (i === 0 ? "M" : "L") + round(x) + " " + round(y);
          }
          if (inside) d += part + "Z";
        }
        land.appendChild(svg("path", { d: d, class: "land" }));
      }
      root.appendChild(land);
      // Flows: one band per lane and chain, as wide as its tonnes.
      const bands = {};
      for (const flow of plan.flows) {
        if (flow.period !== period || flow.quantity <= 1e-9 || !byID[flow.from] || !byID[flow.to]) continue;
        const chain = groupOf(flow);
        const id = flow.lane + "|" + chain;
        const band = bands[id] || (bands[id] = { lane: flow.lane, from: flow.from, to: flow.to, chain: chain, tonnes: 0, products: {}, lines: [] });
        band.tonnes += flow.quantity;
        band.lines.push(flow);
        band.products[flow.product] = (band.products[flow.product] || 0) + flow.quantity;
      }
      const list = Object.values(bands).sort(function (a, b) { return b.tonnes - a.tonnes; });
      const flowLayer = svg("g", { class: "flows" });
      for (const band of list) {
        const a = project(byID[band.from].longitude, byID[band.from].latitude), b = project(byID[band.to].longitude, byID[band.to].latitude);
        const bow = (groups ? Object.keys(groups.colors).indexOf(band.chain) === 0 : band.chain === "steel") ? 0.12 : -0.12;
        const mx = (a[0] + b[0]) / 2 - (b[1] - a[1]) * bow, my = (a[1] + b[1]) / 2 + (b[0] - a[0]) * bow;
        const contents = Object.keys(band.products).sort(function (p, q) { return band.products[q] - band.products[p]; })
          .map(function (p) { return (productNames[p] || p) + " " + grouped(band.products[p], 0) + " t"; }).join("; ");
        const path = tip(svg("path", { d: "M" + round(a[0]) + " " + round(a[1]) + "Q" + round(mx) + " " + round(my) + " " + round(b[0]) + " " + round(b[1]),
          class: "flow", stroke: groupColor(band.chain), "stroke-width": round(flowWidth(band.tonnes)) }),
          (options.siteNames[band.from] || band.from) + " \u2192 " + (options.siteNames[band.to] || band.to) + " in " + period + ": " +
            (groups ? groups.text(band) : contents) + ". Enter for the lane.");
        path.addEventListener("click", function () { options.onSelect("lane", band.lane); });
        path.addEventListener("keydown", function (event) { if (event.key === "Enter") options.onSelect("lane", band.lane); });
        flowLayer.appendChild(path);
      }
      root.appendChild(flowLayer);
      // Sites, busiest on top, and their labels placed by the same priority.
      const weight = {};
      for (const flow of plan.flows) {
        if (flow.period !== period) continue;
        weight[flow.from] = (weight[flow.from] || 0) + flow.quantity;
        weight[flow.to] = (weight[flow.to] || 0) + flow.quantity;
      }
      // Sites with a decision first (the mill to build), then the busiest.
      const first = options.priority || [];
      const ordered = sites.slice().sort(function (a, b) {
        return (first.indexOf(b.id) >= 0) - (first.indexOf(a.id) >= 0) || (weight[b.id] || 0) - (weight[a.id] || 0); });
      const placed = [];
      const hiddenBy = {};
      const siteLayer = svg("g", { class: "sites" }), labelLayer = svg("g", { class: "labels" });
      const marks = ordered.map(function (site) { const p = project(site.longitude, site.latitude); return { site: site, x: p[0], y: p[1] }; })
        .filter(function (m) { return m.x > -20 && m.x < width + 20 && m.y > -20 && m.y < height + 20; });
      for (const m of marks) placed.push({ x0: m.x - 5, y0: m.y - 5, x1: m.x + 5, y1: m.y + 5 });
      for (const m of marks.slice().reverse()) siteLayer.appendChild(symbol(m));
      for (const m of marks) {
        const label = m.site.name;
        const important = first.indexOf(m.site.id) >= 0;
        const font = important ? "bold " + FONT : FONT;
        // One line where it fits, else two lines (a long name on a phone), never cut.
        const layouts = [[label]];
        const words = label.split(" ");
        if (words.length > 1) {
          let best = null;
          for (let cut = 1; cut < words.length; cut++) {
            const pair = [words.slice(0, cut).join(" "), words.slice(cut).join(" ")];
            const widest = Math.max(textWidth(pair[0], font), textWidth(pair[1], font));
            if (!best || widest < best.widest) best = { pair: pair, widest: widest };
          }
          layouts.push(best.pair);
        }
        let chosen = null;
        for (const lines of layouts) {
          const w = Math.max.apply(null, lines.map(function (line) { return textWidth(line, font); })) + 2, h = LINE * lines.length;
          const below = LINE * (lines.length - 1);
          const candidates = [[m.x + 8, m.y + 4 - below / 2, "start"], [m.x - 8, m.y + 4 - below / 2, "end"], [m.x, m.y - 9 - below, "middle"], [m.x, m.y + 17, "middle"],
            [m.x + 8, m.y + 17, "start"], [m.x - 8, m.y - 8 - below, "end"], [m.x + 8, m.y - 8 - below, "start"], [m.x - 8, m.y + 17, "end"]];
          for (const [x, y, anchor] of candidates) {
            const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
            const rect = { x0: x0 - 2, y0: y - 11, x1: x0 + w + 2, y1: y - 11 + h + 3 };
            if (rect.x0 < 2 || rect.x1 > width - 2 || rect.y0 < 2 || rect.y1 > height - 2) continue;
            // A site with a decision may write over other sites' symbols, never over a label.
            if (placed.some(function (r, i) { return (!important || i >= marks.length) && !(rect.x1 < r.x0 || rect.x0 > r.x1 || rect.y1 < r.y0 || rect.y0 > r.y1); })) continue;
            chosen = [x, y, anchor, rect, lines];
            break;
          }
          if (chosen) break;
        }
        const w = textWidth(label, font) + 2;
        if (chosen) {
          placed.push(chosen[3]);
          labelLayer.appendChild(multiline(chosen[0], chosen[1], chosen[4], { class: "label" + (important ? " strong" : ""), "text-anchor": chosen[2] }));
        } else {
          (hiddenBy[m.site.country] = hiddenBy[m.site.country] || []).push(m);
          // Shown while the site is hovered or focused (CSS), kept inside the map.
          const x = Math.min(Math.max(m.x + 8, 2), width - w - 4), y = Math.max(14, Math.min(m.y + 4, height - 4));
          labelLayer.appendChild(text(x, y, label, { class: "label hidden-label", "data-for": m.site.id }));
        }
      }
      // A crowded cluster says how many of its labels wait for a zoom, and zooms there on click.
      for (const country of Object.keys(hiddenBy)) {
        const group = hiddenBy[country];
        if (group.length < 2) continue;
        const cx = group.reduce(function (s, m) { return s + m.x; }, 0) / group.length;
        const cy = group.reduce(function (s, m) { return s + m.y; }, 0) / group.length;
        const label = "+" + group.length + " more in " + (options.countryNames[country] || country);
        const w = textWidth(label);
        for (const [x, y] of [[cx - w / 2, cy + 26], [cx - w / 2, cy - 20], [cx + 14, cy + 30], [cx - w - 14, cy + 30], [cx - w / 2, cy + 44], [cx - w / 2, cy - 34],
          [cx - w / 2, cy + 60], [cx - w / 2, cy - 48], [cx + 30, cy + 50], [cx - w - 30, cy + 50], [cx - w / 2, cy + 80]]) {
          const rect = { x0: x - 3, y0: y - 12, x1: x + w + 3, y1: y + 4 };
          if (rect.x0 < 2 || rect.x1 > width - 2 || rect.y0 < 2 || rect.y1 > height - 2) continue;
          if (placed.some(function (r) { return !(rect.x1 < r.x0 || rect.x0 > r.x1 || rect.y1 < r.y0 || rect.y0 > r.y1); })) continue;
          placed.push(rect);
          const node = text(x, y, label, { class: "label cluster" });
          node.addEventListener("click", function () { fit(regions[country]); });
          labelLayer.appendChild(node);
          break;
        }
      }
      root.appendChild(siteLayer);
      root.appendChild(labelLayer);
      if (previous) holder.replaceChild(root, previous); else holder.appendChild(root);
    }

    function symbol(m) {
      const kind = KINDS[m.site.kind] || KINDS.other;
      const attributes = { class: "site", fill: kind[0], "data-site": m.site.id };
      let node;
      if (kind[1] === "square") node = svg("rect", Object.assign(attributes, { x: round(m.x - 4.5), y: round(m.y - 4.5), width: 9, height: 9 }));
      else if (kind[1] === "triangle") node = svg("path", Object.assign(attributes, { d: "M" + round(m.x) + " " + round(m.y - 6) + "L" + round(m.x + 5.5) + " " + round(m.y + 4) + "L" + round(m.x - 5.5) + " " + round(m.y + 4) + "Z" }));
      else node = svg("circle", Object.assign(attributes, { cx: round(m.x), cy: round(m.y), r: 5 }));
      tip(node, m.site.name + " (" + m.site.kind.replace(/-/g, " ") + ", " + m.site.country + "). Enter for details.");
      node.addEventListener("click", function () { options.onSelect("site", m.site.id); });
      node.addEventListener("keydown", function (event) { if (event.key === "Enter") options.onSelect("site", m.site.id); });
      return node;
    }

    let largest = 1;
    function flowWidth(tonnes) { return 1 + 11 * Math.sqrt(tonnes / largest); }

    function setPeriod(value) {
      period = value;
      const totals = {};
      for (const flow of plan.flows) {
        if (flow.period !== period) continue;
        const id = flow.lane + "|" + groupOf(flow);
        totals[id] = (totals[id] || 0) + flow.quantity;
      }
      largest = Math.max.apply(null, Object.values(totals).concat([1]));
      if (root) draw();
      widthLegend.replaceChildren(...flowLegend().childNodes);
    }

    function flowLegend() {
      const box = document.createElement("div");
      box.className = "legend";
      const caption = document.createElement("span");
      caption.className = "legend-caption";
      caption.textContent = (groups ? "Change (t in " : "Flow width (t in ") + period + "):";
      box.appendChild(caption);
      const samples = ticks(0, largest, 3).filter(function (v) { return v > 0 && v <= largest * 1.001; }).slice(-3);
      for (const value of samples) {
        const item = document.createElement("span");
        const line = document.createElement("span");
        line.className = "width-sample";
        line.style.height = round(flowWidth(value)) + "px";
        item.appendChild(line);
        item.appendChild(document.createTextNode(tonnes(value)));
        box.appendChild(item);
      }
      for (const chain of groups ? Object.keys(groups.colors) : Object.keys(CHAIN_SHADES)) {
        if (!groups && !Object.values(chains).some(function (c) { return c === chain; })) continue;
        const item = document.createElement("span");
        const line = document.createElement("span");
        line.className = "width-sample";
        line.style.height = "4px";
        line.style.backgroundColor = groupColor(chain);
        item.appendChild(line);
        item.appendChild(document.createTextNode(groups ? groups.names[chain] : CHAIN_NAMES[chain]));
        box.appendChild(item);
      }
      return box;
    }

    const kinds = [];
    for (const site of sites) if (kinds.indexOf(site.kind) < 0) kinds.push(site.kind);
    box.appendChild(legend(kinds.map(function (kind) {
      const style = KINDS[kind] || KINDS.other;
      return [kind.replace(/-/g, " "), style[0], style[1]];
    }), "Sites:"));
    const widthLegend = flowLegend();
    box.appendChild(widthLegend);

    width = widthOf(holder);
    height = Math.round(Math.min(560, Math.max(300, width * 0.56)));
    const midLat = sites.length ? (Math.min.apply(null, sites.map(function (s) { return s.latitude; })) + Math.max.apply(null, sites.map(function (s) { return s.latitude; }))) / 2 : 0;
    stretch = 1 / Math.max(0.35, Math.cos(midLat * Math.PI / 180));
    setPeriod(period);
    view.scale = 1;
    fit(sites);
    return { setPeriod: setPeriod, fit: function (ids) { fit(sites.filter(function (s) { return ids.indexOf(s.id) >= 0; })); } };
  }

  // ---- Changes over the periods, figures against a parameter, distributions ---------------------

  /// A vertical axis from `low` to `high` at the left, its labels from `show`, with grid lines;
  /// returns {y, left} where y maps a value to its pixel.
  function yAxis(root, low, high, height, top, bottom, show, count, integers) {
    let values = ticks(low, high, count || 4);
    if (integers) values = values.filter(function (v) { return Math.abs(v - Math.round(v)) < 1e-9; });
    if (values.length < 2) values = [Math.floor(low), Math.ceil(high) > Math.floor(low) ? Math.ceil(high) : Math.floor(low) + 1];
    const lowest = Math.min(values[0], low), highest = Math.max(values[values.length - 1], high);
    const labels = values.map(show);
    const left = Math.max.apply(null, labels.map(function (l) { return textWidth(l); })) + 10;
    const y = function (value) { return top + (height - top - bottom) * (1 - (value - lowest) / (highest - lowest || 1)); };
    values.forEach(function (value, index) {
      root.appendChild(svg("line", { x1: left, x2: Number(root.getAttribute("width")) - 4, y1: round(y(value)), y2: round(y(value)), class: Math.abs(value) < 1e-12 ? "zero" : "grid" }));
      root.appendChild(text(left - 5, y(value) + 4, labels[index], { "text-anchor": "end", class: "axis" }));
    });
    return { y: y, left: left };
  }

  /// Labels along a horizontal axis at `y`, thinned so that no two touch and kept inside the chart.
  function xLabels(root, positions, y, width) {
    let lastRight = -Infinity;
    for (const item of positions) {
      const w = textWidth(item.label);
      const anchor = item.x + w / 2 > width - 2 ? "end" : item.x - w / 2 < 2 ? "start" : "middle";
      const x0 = anchor === "end" ? item.x - w : anchor === "start" ? item.x : item.x - w / 2;
      if (x0 <= lastRight + 6) continue;
      root.appendChild(text(item.x, y, item.label, { "text-anchor": anchor, class: "axis" }));
      lastRight = x0 + w;
    }
  }

  /// Each series' change per period ({key, name, values}) as columns side by side around zero:
  /// up for more, down for less. `options.show` formats a value, `options.unit` names it.
  function drawDeltaColumns(container, periods, series, options) {
    if (series.length === 0 || periods.length === 0) return 0;
    const colors = seriesColors(series.map(function (s) { return s.key; }), options.colors);
    const width = widthOf(container);
    let low = 0, high = 0;
    for (const s of series) for (const v of s.values) { low = Math.min(low, v); high = Math.max(high, v); }
    if (high - low < 1e-9) high = low + 1;
    const height = options.height || 220, top = 16, bottom = 22;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart delta-columns",
      role: "group", "aria-label": options.label });
    const show = options.show || format;
    const axis = yAxis(root, low, high, height, top, bottom, function (v) { return (v > 0 ? "+" : "") + show(v); }, 4);
    root.appendChild(text(axis.left, 11, options.unit, { class: "axis unit" }));
    const slot = (width - axis.left - 6) / periods.length;
    const bar = Math.max(2, Math.min(22, slot * 0.8 / series.length));
    const labels = [];
    periods.forEach(function (period, index) {
      const x = axis.left + index * slot;
      labels.push({ x: x + slot / 2, label: String(period) });
      series.forEach(function (s, position) {
        const value = s.values[index];
        if (!(Math.abs(value) > 1e-9)) return;
        const y0 = axis.y(0), y1 = axis.y(value);
        const bx = x + slot / 2 - bar * series.length / 2 + position * bar;
        root.appendChild(tip(svg("rect", { x: round(bx), y: round(Math.min(y0, y1)), width: round(bar - 1), height: round(Math.max(0.5, Math.abs(y1 - y0))),
          fill: colors[s.key], class: "mark" }), (s.name || s.key) + ", " + period + ": " + (value > 0 ? "+" : "") + grouped(value, options.digits) + " " + options.unit));
      });
    });
    xLabels(root, labels, height - 6, width);
    container.appendChild(root);
    if (series.length > 1 || options.legendAlways) container.appendChild(legend(series.map(function (s) { return [s.name || s.key, colors[s.key]]; }), options.legendCaption));
    return series.length;
  }

  /// Lines over a numeric x ({key, name, points: [[x, y], ...]}; y null leaves a gap): a figure
  /// against a parameter, or (`options.step`) a cumulative distribution. `options.xShow` and
  /// `options.yShow` format the axes, `options.xTicks` puts the x labels at given values,
  /// `options.integers` keeps y ticks whole (years).
  function drawXY(container, series, options) {
    series = series.filter(function (s) { return s.points.some(function (p) { return p[1] != null; }); });
    if (series.length === 0) return 0;
    const colors = seriesColors(series.map(function (s) { return s.key; }), options.colors);
    const width = widthOf(container);
    let xLow = Infinity, xHigh = -Infinity, yLow = Infinity, yHigh = -Infinity;
    for (const s of series) for (const p of s.points) {
      xLow = Math.min(xLow, p[0]); xHigh = Math.max(xHigh, p[0]);
      if (p[1] != null) { yLow = Math.min(yLow, p[1]); yHigh = Math.max(yHigh, p[1]); }
    }
    if (options.yMin != null) yLow = Math.min(yLow, options.yMin);
    if (options.yMax != null) yHigh = Math.max(yHigh, options.yMax);
    // A flat line gets room around it; at zero, upwards only (no negative tonnes).
    if (yHigh - yLow < 1e-9 * Math.max(1, Math.abs(yHigh))) {
      if (Math.abs(yHigh) < 1e-12) yHigh = 1; else { const pad = Math.abs(yHigh) * 0.05; yLow -= pad; yHigh += pad; }
    }
    if (xHigh - xLow < 1e-12) { xLow -= 1; xHigh += 1; }
    const height = options.height || 220, top = 16, bottom = options.xTitle ? 36 : 22;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart xy",
      role: "group", "aria-label": options.label });
    const yShow = options.yShow || format, xShow = options.xShow || format;
    const axis = yAxis(root, yLow, yHigh, height, top, bottom, yShow, 4, options.integers);
    if (options.unit) root.appendChild(text(axis.left, 11, options.unit, { class: "axis unit" }));
    const pad = Math.max(12, textWidth(xShow(xHigh)) / 2 + 4);
    const x = function (value) { return axis.left + 8 + (width - axis.left - 8 - pad) * (value - xLow) / (xHigh - xLow); };
    const xValues = options.xTicks && options.xTicks.length <= 24 ? options.xTicks : ticks(xLow, xHigh, Math.max(2, Math.floor((width - axis.left) / 80)))
      .filter(function (v) { return v >= xLow - 1e-9 && v <= xHigh + 1e-9; });
    for (const value of xValues) root.appendChild(svg("line", { x1: round(x(value)), x2: round(x(value)), y1: height - bottom, y2: height - bottom + 4, class: "tick" }));
    xLabels(root, xValues.map(function (v) { return { x: x(v), label: xShow(v) }; }), height - bottom + 15, width);
    if (options.xTitle) root.appendChild(text((axis.left + width) / 2, height - 4, options.xTitle, { "text-anchor": "middle", class: "axis" }));
    const dashes = ["", "7 4", "2 3", "10 3 2 3"];
    series.forEach(function (s, position) {
      let d = "", open = false, previous = null;
      for (const p of s.points) {
        if (p[1] == null) { open = false; continue; }
        if (options.step && open) d += "L" + round(x(p[0])) + " " + round(axis.y(previous));
        d += (open ? "L" : "M") + round(x(p[0])) + " " + round(axis.y(p[1]));
        open = true; previous = p[1];
      }
      root.appendChild(svg("path", { d: d, class: "line", stroke: colors[s.key], "stroke-width": position === 0 ? 3 : 2,
        "stroke-dasharray": dashes[position % dashes.length] || null }));
      if (options.step) return;
      for (const p of s.points) {
        if (p[1] == null) continue;
        root.appendChild(tip(svg("circle", { cx: round(x(p[0])), cy: round(axis.y(p[1])), r: Math.max(2.5, 4.5 - position), fill: colors[s.key], class: "mark" }),
          (s.name ? s.name + ", " : "") + (options.xName || "x") + " " + xShow(p[0]) + ": " + (options.yTip || yShow)(p[1])));
      }
    });
    container.appendChild(root);
    if (series.length > 1 || options.legendCaption) {
      container.appendChild(legend(series.map(function (s) { return [s.name || s.key, colors[s.key], "line"]; }), options.legendCaption));
    }
    return series.length;
  }

  /// Counts over equal bins (`edges` one longer than `counts`) as touching columns.
  function drawHistogram(container, edges, counts, options) {
    if (counts.length === 0) return 0;
    const width = widthOf(container);
    const height = options.height || 200, top = 16, bottom = options.xTitle ? 36 : 22;
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "chart histogram",
      role: "group", "aria-label": options.label });
    const most = Math.max.apply(null, counts);
    const axis = yAxis(root, 0, Math.max(1, most), height, top, bottom, function (v) { return grouped(v, 0); }, 4, true);
    root.appendChild(text(axis.left, 11, "runs", { class: "axis unit" }));
    const show = options.xShow || format;
    const low = edges[0], high = edges[edges.length - 1];
    const pad = Math.max(12, textWidth(show(high)) / 2 + 4);
    const x = function (value) { return axis.left + 8 + (width - axis.left - 8 - pad) * (value - low) / (high - low || 1); };
    counts.forEach(function (count, index) {
      if (count === 0) return;
      const x0 = high > low ? x(edges[index]) : axis.left + 8, x1 = high > low ? x(edges[index + 1]) : width - pad;
      root.appendChild(tip(svg("rect", { x: round(x0 + 0.5), y: round(axis.y(count)), width: round(Math.max(1, x1 - x0 - 1)), height: round(axis.y(0) - axis.y(count)),
        fill: options.color || "#0072B2", class: "mark" }), show(edges[index]) + " to " + show(edges[index + 1]) + ": " + count + " run" + (count === 1 ? "" : "s")));
    });
    const values = high > low ? ticks(low, high, Math.max(2, Math.floor((width - axis.left) / 90))).filter(function (v) { return v >= low - 1e-9 && v <= high + 1e-9; }) : [low];
    xLabels(root, values.map(function (v) { return { x: high > low ? x(v) : (axis.left + width) / 2, label: show(v) }; }), height - bottom + 15, width);
    if (options.xTitle) root.appendChild(text((axis.left + width) / 2, height - 4, options.xTitle, { "text-anchor": "middle", class: "axis" }));
    container.appendChild(root);
    return counts.length;
  }

  // ---- Label audit ------------------------------------------------------------------------------

  /// Every visible chart label that overlaps another of the same chart or runs outside its chart,
  /// as {overlaps, clipped, problems}. The browser test reads the result from the page.
  function auditLabels(scope) {
    const problems = [];
    let overlaps = 0, clipped = 0;
    for (const chart of (scope || document).querySelectorAll("svg.chart")) {
      const frame = chart.getBoundingClientRect();
      if (frame.width === 0) continue;
      const boxes = [];
      for (const label of chart.querySelectorAll("text")) {
        if (label.closest(".hidden-label") || getComputedStyle(label).visibility === "hidden" || getComputedStyle(label).display === "none") continue;
        const r = label.getBoundingClientRect();
        if (r.width === 0) continue;
        const name = (label.textContent || "").slice(0, 40);
        if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5) {
          clipped++; problems.push("clipped: " + name);
        }
        for (const other of boxes) {
          const dx = Math.min(r.right, other.r.right) - Math.max(r.left, other.r.left);
          const dy = Math.min(r.bottom, other.r.bottom) - Math.max(r.top, other.r.top);
          if (dx > 1 && dy > 2) { overlaps++; problems.push("overlap: " + name + " / " + other.name); }
        }
        boxes.push({ r: r, name: name });
      }
    }
    return { overlaps: overlaps, clipped: clipped, problems: problems.slice(0, 20) };
  }

  // ---- Tooltips ---------------------------------------------------------------------------------

  let tipBox = null;
  function showTip(target, x, y) {
    if (!tipBox) {
      tipBox = document.createElement("div");
      tipBox.id = "chart-tip";
      tipBox.setAttribute("role", "tooltip");
      document.body.appendChild(tipBox);
    }
    tipBox.textContent = target.getAttribute("data-tip");
    tipBox.hidden = false;
    const width = Math.min(320, window.innerWidth - 16);
    tipBox.style.maxWidth = width + "px";
    const bounds = tipBox.getBoundingClientRect();
    tipBox.style.left = Math.max(8, Math.min(x + 12, window.innerWidth - bounds.width - 8)) + "px";
    tipBox.style.top = Math.max(8, y + 16 + bounds.height > window.innerHeight ? y - bounds.height - 12 : y + 16) + "px";
    const label = target.getAttribute("data-site") && target.ownerSVGElement && target.ownerSVGElement.querySelector(".hidden-label[data-for=\"" + target.getAttribute("data-site") + "\"]");
    if (label) label.classList.add("shown");
  }
  function hideTip(target) {
    if (tipBox) tipBox.hidden = true;
    if (target && target.ownerSVGElement) for (const label of target.ownerSVGElement.querySelectorAll(".hidden-label.shown")) label.classList.remove("shown");
  }
  document.addEventListener("mousemove", function (event) {
    const target = event.target.closest ? event.target.closest("[data-tip]") : null;
    if (target) showTip(target, event.clientX, event.clientY); else if (tipBox && !tipBox.hidden && !(document.activeElement && document.activeElement.hasAttribute && document.activeElement.hasAttribute("data-tip"))) hideTip(null);
  });
  document.addEventListener("focusin", function (event) {
    const target = event.target.closest ? event.target.closest("[data-tip]") : null;
    if (target) { const r = target.getBoundingClientRect(); showTip(target, r.left + r.width / 2, r.top + r.height / 2); }
  });
  document.addEventListener("focusout", function (event) { hideTip(event.target); });
  document.addEventListener("mouseout", function (event) {
    const target = event.target.closest ? event.target.closest("[data-tip]") : null;
    if (target) hideTip(target);
  });

  window.FerriteCharts = {
    drawStackedBars: drawStackedBars, drawWaterfall: drawWaterfall, drawColumns: drawColumns, drawLines: drawLines,
    drawSankey: drawSankey, createMap: createMap, auditLabels: auditLabels, format: format, grouped: grouped,
    percent: percent, tonnes: tonnes, chainOf: chainOf, productColors: productColors, CHAIN_NAMES: CHAIN_NAMES,
    drawDeltaColumns: drawDeltaColumns, drawXY: drawXY, drawHistogram: drawHistogram,
  };
})();
