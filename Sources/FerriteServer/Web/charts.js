// Ferrite's charts as plain SVG: the network map, the Sankey, the cost waterfall and landed costs.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#e7969c", "#3182bd"];
  const KIND_COLORS = { "mine": "#8c564b", "refinery": "#9467bd", "steel-mill": "#d62728",
    "processing-centre": "#ff7f0e", "cathode-plant": "#2ca02c", "anode-plant": "#17becf",
    "cell-plant": "#bcbd22", "vehicle-plant": "#1f5fbf", "port": "#7f7f7f", "warehouse": "#7f7f7f",
    "supplier": "#393b79", "other": "#555" };

  function svg(tag, attributes, children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function text(x, y, content, attributes) {
    const node = svg("text", Object.assign({ x: x, y: y }, attributes || {}));
    node.textContent = content;
    return node;
  }

  function title(content) {
    const node = svg("title");
    node.textContent = content;
    return node;
  }

  function format(value) {
    const magnitude = Math.abs(value);
    if (magnitude >= 1e9) return (value / 1e9).toFixed(2) + " bn";
    if (magnitude >= 1e6) return (value / 1e6).toFixed(2) + " M";
    if (magnitude >= 1e3) return (value / 1e3).toFixed(1) + " k";
    return value.toFixed(magnitude < 10 ? 2 : 0);
  }

  /// One colour per product, in the order the scenario lists them.
  function productColors(network) {
    const colors = {};
    network.products.forEach(function (product, index) { colors[product.id] = PALETTE[index % PALETTE.length]; });
    return colors;
  }

  function legend(entries) {
    const box = document.createElement("div");
    box.className = "legend";
    for (const [label, color] of entries) {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label));
      box.appendChild(item);
    }
    return box;
  }

  /// Sites and flows of one period over the Natural Earth outline, in an equirectangular
  /// projection around the sites (shifted by 360 degrees when they span the Pacific).
  function drawMap(container, world, network, plan, period) {
    const sites = network.sites.filter(function (site) { return site.latitude != null && site.longitude != null; });
    const width = 960, height = 540;
    const lons = sites.map(function (site) { return site.longitude; });
    const shifted = lons.map(function (lon) { return lon < 0 ? lon + 360 : lon; });
    const spread = function (values) { return Math.max.apply(null, values) - Math.min.apply(null, values); };
    const pacific = sites.length > 0 && spread(shifted) < spread(lons);
    const lonOf = function (lon) { return pacific && lon < 0 ? lon + 360 : lon; };
    let west = -180, east = 180, south = -60, north = 80;
    if (sites.length > 0) {
      const xs = sites.map(function (site) { return lonOf(site.longitude); });
      const ys = sites.map(function (site) { return site.latitude; });
      west = Math.min.apply(null, xs); east = Math.max.apply(null, xs);
      south = Math.min.apply(null, ys); north = Math.max.apply(null, ys);
      const padX = Math.max(4, (east - west) * 0.12), padY = Math.max(3, (north - south) * 0.15);
      west -= padX; east += padX; south -= padY; north += padY;
    }
    const midLat = (south + north) / 2 * Math.PI / 180;
    const scaleX = Math.cos(midLat);
    // Keep the aspect ratio: widen whichever side is short.
    let spanX = (east - west) * scaleX, spanY = north - south;
    if (spanX / spanY < width / height) {
      const extra = (spanY * width / height - spanX) / scaleX / 2; west -= extra; east += extra;
    } else {
      const extra = (spanX * height / width - spanY) / 2; south -= extra; north += extra;
    }
    const project = function (lon, lat) {
      return [(lon - west) / (east - west) * width, (north - lat) / (north - south) * height];
    };
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "chart map", role: "img",
      "aria-label": "Network map for " + period });
    root.appendChild(title("Sites and flows in " + period));
    const land = svg("g", { class: "land-layer" });
    for (const offset of pacific ? [0, 360] : [0]) {
      let d = "";
      for (const ring of world.rings) {
        for (let i = 0; i < ring.length; i += 2) {
          const point = project(ring[i] + offset, ring[i + 1]);
          d += (i === 0 ? "M" : "L") + point[0].toFixed(1) + " " + point[1].toFixed(1);
        }
        d += "Z";
      }
      land.appendChild(svg("path", { d: d, class: "land" }));
    }
    root.appendChild(land);

    const byID = {};
    for (const site of sites) byID[site.id] = site;
    const colors = productColors(network);
    const flows = plan.flows.filter(function (flow) { return flow.period === period && flow.quantity > 1e-9; });
    const largest = Math.max.apply(null, flows.map(function (flow) { return flow.quantity; }).concat([1e-9]));
    const flowLayer = svg("g", { class: "flows" });
    flows.sort(function (a, b) { return b.quantity - a.quantity; });
    for (const flow of flows) {
      const from = byID[flow.from], to = byID[flow.to];
      if (!from || !to) continue;
      const a = project(lonOf(from.longitude), from.latitude), b = project(lonOf(to.longitude), to.latitude);
      // Bow each flow a little so opposite directions and parallel lanes stay apart.
      const mx = (a[0] + b[0]) / 2 - (b[1] - a[1]) * 0.15, my = (a[1] + b[1]) / 2 + (b[0] - a[0]) * 0.15;
      const widthPx = 1 + 9 * Math.sqrt(flow.quantity / largest);
      const path = svg("path", { d: "M" + a[0].toFixed(1) + " " + a[1].toFixed(1) + "Q" + mx.toFixed(1) + " " + my.toFixed(1) +
        " " + b[0].toFixed(1) + " " + b[1].toFixed(1), class: "flow", stroke: colors[flow.product] || "#555",
        "stroke-width": widthPx.toFixed(2) });
      path.appendChild(title(flow.product + ": " + flow.from + " \u2192 " + flow.to + ", " + format(flow.quantity) + " in " + period));
      flowLayer.appendChild(path);
    }
    root.appendChild(flowLayer);
    const siteLayer = svg("g", { class: "sites" });
    for (const site of sites) {
      const point = project(lonOf(site.longitude), site.latitude);
      const circle = svg("circle", { cx: point[0].toFixed(1), cy: point[1].toFixed(1), r: 4.5, class: "site",
        fill: KIND_COLORS[site.kind] || "#555" });
      circle.appendChild(title(site.name + " (" + site.kind + ", " + site.country + ")"));
      siteLayer.appendChild(circle);
      siteLayer.appendChild(text(point[0] + 6, point[1] - 5, site.name, { class: "label" }));
    }
    root.appendChild(siteLayer);
    container.appendChild(root);
    const used = {};
    for (const flow of flows) used[flow.product] = true;
    container.appendChild(legend(network.products.filter(function (product) { return used[product.id]; })
      .map(function (product) { return [product.name, colors[product.id]]; })));
    return flows.length;
  }

  /// Raw materials bought, through every site, to the customers, for one period: columns by the
  /// longest path from a purchase, bands as wide as the volume, coloured by product.
  function drawSankey(container, network, plan, period) {
    const colors = productColors(network);
    const names = {};
    for (const site of network.sites) names[site.id] = site.name;
    const productNames = {};
    for (const product of network.products) productNames[product.id] = product.name;
    const links = [];
    const add = function (source, target, product, value) {
      if (value <= 1e-9 || source === target) return;
      const existing = links.find(function (link) { return link.source === source && link.target === target && link.product === product; });
      if (existing) existing.value += value; else links.push({ source: source, target: target, product: product, value: value });
    };
    for (const purchase of plan.purchases) {
      if (purchase.period === period) add("buy:" + purchase.product, purchase.site, purchase.product, purchase.quantity);
    }
    for (const flow of plan.flows) {
      if (flow.period === period) add(flow.from, flow.to, flow.product, flow.quantity);
    }
    const nodes = {};
    const node = function (id) {
      if (!nodes[id]) nodes[id] = { id: id, depth: 0, into: 0, out: 0,
        label: id.startsWith("buy:") ? productNames[id.slice(4)] || id.slice(4) : names[id] || id };
      return nodes[id];
    };
    for (const link of links) { node(link.source).out += link.value; node(link.target).into += link.value; }
    // Columns by longest path from the purchases, ignoring edges that close a cycle (ports can
    // ship both ways); customers that ship nothing on go to the last column.
    const ids = Object.keys(nodes);
    const outgoing = {};
    for (const id of ids) outgoing[id] = [];
    for (const link of links) outgoing[link.source].push(link.target);
    const state = {}, forward = {};
    const visit = function (id) {
      state[id] = "open";
      forward[id] = [];
      for (const next of outgoing[id]) {
        if (state[next] === "open") continue;
        forward[id].push(next);
        if (!state[next]) visit(next);
      }
      state[id] = "done";
    };
    ids.filter(function (id) { return nodes[id].into === 0; }).concat(ids).forEach(function (id) { if (!state[id]) visit(id); });
    const height_ = {};
    const rank = function (id) {
      if (height_[id] !== undefined) return height_[id];
      height_[id] = 0;
      let best = 0;
      for (const next of forward[id]) best = Math.max(best, rank(next) + 1);
      height_[id] = best;
      return best;
    };
    let longest = 0;
    for (const id of ids) longest = Math.max(longest, rank(id));
    // Depth = how far from the end, counted back from the longest chain (sinks on the right).
    for (const id of ids) nodes[id].depth = nodes[id].into === 0 ? 0 : longest - height_[id];
    const width = 960, height = 520, nodeWidth = 12, gap = 10, marginX = 190;
    const depths = Math.max.apply(null, ids.map(function (id) { return nodes[id].depth; }).concat([0]));
    const columns = [];
    for (let depth = 0; depth <= depths; depth++) columns.push(ids.map(function (id) { return nodes[id]; }).filter(function (n) { return n.depth === depth; }));
    const size = function (n) { return Math.max(n.into, n.out); };
    let scale = Infinity;
    for (const column of columns) {
      const total = column.reduce(function (sum, n) { return sum + size(n); }, 0);
      if (total > 0) scale = Math.min(scale, (height - 20 - gap * (column.length - 1)) / total);
    }
    if (!isFinite(scale)) scale = 1;
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "chart sankey", role: "img",
      "aria-label": "Sankey of material flows in " + period });
    root.appendChild(title("From raw materials to customers in " + period));
    columns.forEach(function (column, depth) {
      const x = marginX + (depths === 0 ? 0 : depth * (width - 2 * marginX - nodeWidth) / depths);
      column.sort(function (a, b) { return size(b) - size(a); });
      let y = 10;
      for (const n of column) {
        n.x = x; n.y = y; n.height = Math.max(1, size(n) * scale); n.inY = y; n.outY = y;
        y += n.height + gap;
      }
    });
    const linkLayer = svg("g");
    links.sort(function (a, b) { return nodes[a.target].y - nodes[b.target].y; });
    for (const link of links) {
      const source = nodes[link.source], target = nodes[link.target];
      const thickness = Math.max(1, link.value * scale);
      const x0 = source.x + nodeWidth, x1 = target.x, y0 = source.outY + thickness / 2, y1 = target.inY + thickness / 2;
      source.outY += thickness; target.inY += thickness;
      const middle = (x0 + x1) / 2;
      const path = svg("path", { d: "M" + x0 + " " + y0.toFixed(1) + "C" + middle + " " + y0.toFixed(1) + " " + middle + " " +
        y1.toFixed(1) + " " + x1 + " " + y1.toFixed(1), class: "link", stroke: colors[link.product] || "#888",
        "stroke-width": thickness.toFixed(1) });
      path.appendChild(title((productNames[link.product] || link.product) + ": " + source.label + " \u2192 " + target.label + ", " + format(link.value)));
      linkLayer.appendChild(path);
    }
    root.appendChild(linkLayer);
    for (const id of ids) {
      const n = nodes[id];
      const rect = svg("rect", { x: n.x, y: n.y.toFixed(1), width: nodeWidth, height: n.height.toFixed(1), class: "node" });
      rect.appendChild(title(n.label + ": " + format(size(n))));
      root.appendChild(rect);
      const leftSide = n.depth === 0;
      const label = n.label.length > 30 ? n.label.slice(0, 29) + "\u2026" : n.label;
      root.appendChild(text(leftSide ? n.x - 4 : n.x + nodeWidth + 4, n.y + n.height / 2 + 4, label,
        { "text-anchor": leftSide ? "end" : "start" }));
    }
    container.appendChild(root);
    return links.length;
  }

  /// Discounted cost components stacked one after another up to the total.
  function drawWaterfall(container, plan) {
    const components = plan.components.filter(function (c) { return Math.abs(c.discounted) > 1e-9; });
    const steps = components.map(function (c) { return { label: c.component, value: c.isRevenue ? -c.discounted : c.discounted }; });
    const total = steps.reduce(function (sum, step) { return sum + step.value; }, 0);
    const width = 960, height = 360, left = 70, bottom = 60, top = 20;
    const bars = steps.length + 1;
    let running = 0, low = 0, high = 0;
    for (const step of steps) { running += step.value; low = Math.min(low, running); high = Math.max(high, running); }
    high = Math.max(high, total); if (high === low) high = low + 1;
    const y = function (value) { return top + (high - value) / (high - low) * (height - top - bottom); };
    const slot = (width - left - 10) / bars;
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "chart waterfall", role: "img", "aria-label": "Cost waterfall" });
    root.appendChild(title("Discounted cost by component"));
    root.appendChild(svg("line", { x1: left, x2: width - 10, y1: y(0), y2: y(0), stroke: "#999" }));
    running = 0;
    const draw = function (index, from, to, label, color) {
      const x = left + index * slot + slot * 0.15;
      const rect = svg("rect", { x: x.toFixed(1), y: Math.min(y(from), y(to)).toFixed(1), width: (slot * 0.7).toFixed(1),
        height: Math.max(1, Math.abs(y(from) - y(to))).toFixed(1), fill: color });
      rect.appendChild(title(label + ": " + format(to - from)));
      root.appendChild(rect);
      root.appendChild(text(x + slot * 0.35, Math.min(y(from), y(to)) - 4, format(to - from), { "text-anchor": "middle" }));
      root.appendChild(text(x + slot * 0.35, height - bottom + 16, label, { "text-anchor": "middle" }));
    };
    steps.forEach(function (step, index) {
      draw(index, running, running + step.value, step.label, step.value >= 0 ? "#d9822b" : "#2ca02c");
      running += step.value;
    });
    draw(steps.length, 0, total, "total", "#1f5fbf");
    root.appendChild(text(4, y(high) + 4, format(high)));
    root.appendChild(text(4, y(low) + 4, format(low)));
    container.appendChild(root);
  }

  /// Landed cost per delivered product and customer in one period, as horizontal bars.
  function drawLandedCosts(container, network, plan, period) {
    const lines = plan.landedCosts.filter(function (line) { return line.period === period; })
      .sort(function (a, b) { return b.cost - a.cost; });
    const names = {};
    for (const site of network.sites) names[site.id] = site.name;
    const colors = productColors(network);
    const rowHeight = 18, left = 380, width = 960;
    const height = Math.max(40, lines.length * rowHeight + 20);
    const largest = Math.max.apply(null, lines.map(function (line) { return line.cost; }).concat([1e-9]));
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "chart bars", role: "img",
      "aria-label": "Landed cost per delivered product in " + period });
    lines.forEach(function (line, index) {
      const y = 10 + index * rowHeight;
      const length = Math.max(1, (width - left - 90) * Math.max(0, line.cost) / largest);
      const label = (names[line.site] || line.site) + " \u00b7 " + line.product;
      root.appendChild(text(left - 6, y + 12, label.length > 60 ? label.slice(0, 59) + "\u2026" : label, { "text-anchor": "end" }));
      const bar = svg("rect", { x: left, y: y + 2, width: length.toFixed(1), height: rowHeight - 5, fill: colors[line.product] || "#1f5fbf" });
      bar.appendChild(title(line.product + " at " + line.site + ": " + line.cost.toFixed(2) + " per unit"));
      root.appendChild(bar);
      root.appendChild(text(left + length + 4, y + 12, line.cost.toFixed(2)));
    });
    container.appendChild(root);
    return lines.length;
  }

  /// Horizontal bars, largest first, each stacked from its segments ({key, value}); one colour per
  /// segment key, with a legend. `unit` follows every figure. Returns how many bars were drawn.
  function drawStackedBars(container, bars, options) {
    const keys = [];
    for (const bar of bars) for (const part of bar.segments) if (part.value > 1e-12 && keys.indexOf(part.key) < 0) keys.push(part.key);
    const colors = {};
    keys.forEach(function (key, index) { colors[key] = (options.colors && options.colors[key]) || PALETTE[index % PALETTE.length]; });
    const sized = bars.map(function (bar) {
      return { label: bar.label, segments: bar.segments.filter(function (part) { return part.value > 1e-12; }),
        total: bar.segments.reduce(function (sum, part) { return sum + Math.max(0, part.value); }, 0) };
    }).filter(function (bar) { return bar.total > 1e-12; }).sort(function (a, b) { return b.total - a.total; })
      .slice(0, options.limit || 40);
    if (sized.length === 0) return 0;
    const rowHeight = 18, left = options.left || 380, width = 960;
    const height = sized.length * rowHeight + 20;
    const largest = Math.max.apply(null, sized.map(function (bar) { return bar.total; }));
    const scale = (width - left - 110) / largest;
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "chart bars", role: "img", "aria-label": options.label });
    sized.forEach(function (bar, index) {
      const y = 10 + index * rowHeight;
      root.appendChild(text(left - 6, y + 12, bar.label.length > 60 ? bar.label.slice(0, 59) + "\u2026" : bar.label, { "text-anchor": "end" }));
      let x = left;
      for (const part of bar.segments) {
        const length = Math.max(0.5, part.value * scale);
        const rect = svg("rect", { x: x.toFixed(1), y: y + 2, width: length.toFixed(1), height: rowHeight - 5, fill: colors[part.key] });
        rect.appendChild(title(bar.label + ", " + part.key + ": " + format(part.value) + " " + options.unit));
        root.appendChild(rect);
        x += length;
      }
      root.appendChild(text(x + 4, y + 12, format(bar.total) + " " + options.unit));
    });
    if (keys.length > 1) container.appendChild(legend(keys.map(function (key) { return [key, colors[key]]; })));
    container.appendChild(root);
    return sized.length;
  }

  window.FerriteCharts = { drawMap: drawMap, drawSankey: drawSankey, drawWaterfall: drawWaterfall,
    drawLandedCosts: drawLandedCosts, drawStackedBars: drawStackedBars, format: format };
})();
