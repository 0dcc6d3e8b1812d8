// Our layout (the engine compiled to WebAssembly), @dagrejs/dagre and ELK layered (elkjs) side by
// side in one headless-Chromium page, on the same graphs with the same node sizes; every drawing
// measured the same way here (edges as polylines: ours sampled along its curves, dagre's and
// ELK's through their points). Prints a Markdown table. Run by `cargo xtask bench-layout`, which
// writes the graphs and builds the WebAssembly first. Above the competitors' limit only our time
// is printed. By hand:
//   node e2e/bench-layout.js target/bench-layout [--max-competitor-nodes N]
import { copyFile, writeFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveDist, launch } from './harness.js';

const folder = process.argv[2] ?? 'target/bench-layout';
const limitAt = process.argv.indexOf('--max-competitor-nodes');
const maxCompetitor = limitAt > 0 ? Number(process.argv[limitAt + 1]) : 2500;
const modules = fileURLToPath(new URL('./node_modules/', import.meta.url));
await copyFile(`${modules}@dagrejs/dagre/dist/dagre.min.js`, `${folder}/dagre.min.js`);
await copyFile(`${modules}elkjs/lib/elk.bundled.js`, `${folder}/elk.bundled.js`);
await writeFile(
  `${folder}/index.html`,
  `<!doctype html><meta charset="utf-8"><script src="dagre.min.js"></script><script src="elk.bundled.js"></script>
<script type="module">import init, { layout } from './pkg/gradgraph_layout_wasm.js'; await init(); window.ours = layout; window.ready = true;</script>`,
);
const index = JSON.parse(await readFile(`${folder}/graphs/index.json`, 'utf8'));

// Lays one graph out with ours, dagre and ELK in the page, timed, and measures each drawing.
const rowOf = async ({ graph, maxCompetitor }) => {
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const n = graph.nodes.length;
  const widths = new Float64Array(graph.nodes.map((v) => v.width));
  const heights = new Float64Array(graph.nodes.map((v) => v.height));
  const edges = new Uint32Array(graph.edges.flat());
  const groups = new Int32Array(graph.nodes.map((v) => (v.group === null ? -1 : v.group)));
  const runs = n > 5000 ? 3 : 5;
  let flat;
  const times = [];
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    flat = window.ours(widths, heights, edges, groups, graph.last ?? -1);
    times.push(performance.now() - t);
  }
  const centers = [];
  for (let i = 0; i < n; i += 1) centers.push([flat[2 * i], flat[2 * i + 1]]);
  let at = 2 * n;
  const lines = [];
  for (let e = 0; e < graph.edges.length; e += 1) {
    const count = flat[at];
    const points = [];
    for (let k = 0; k < count; k += 1) points.push([flat[at + 1 + 2 * k], flat[at + 2 + 2 * k]]);
    at += 1 + 2 * count;
    lines.push(points);
  }
  // Above 2 500 nodes only the time (the native table has the counts: measuring millions
  // of crossings here takes minutes).
  const ours = n <= maxCompetitor ? window.measure(graph, centers, lines) : {};
  const result = { ours: median(times), oursCross: ours.crossings, oursThrough: ours.through };
  if (n <= maxCompetitor) {
    // dagre: same sizes, left to right.
    const dagreTimes = [];
    let g;
    for (let r = 0; r < (n > 300 ? 1 : 3); r += 1) {
      g = new dagre.graphlib.Graph({ multigraph: true });
      g.setGraph({ rankdir: 'LR' });
      g.setDefaultEdgeLabel(() => ({}));
      graph.nodes.forEach((v, i) => g.setNode(String(i), { width: v.width, height: v.height }));
      graph.edges.forEach(([from, to], e) => g.setEdge(String(from), String(to), {}, String(e)));
      const t = performance.now();
      dagre.layout(g);
      dagreTimes.push(performance.now() - t);
    }
    const dCenters = graph.nodes.map((_, i) => [g.node(String(i)).x, g.node(String(i)).y]);
    const dLines = graph.edges.map(([from, to], e) => g.edge(String(from), String(to), String(e)).points.map((p) => [p.x, p.y]));
    const d = window.measure(graph, dCenters, dLines);
    Object.assign(result, { dagre: median(dagreTimes), dagreCross: d.crossings, dagreThrough: d.through });
    // ELK layered, left to right.
    const elk = new ELK();
    const elkTimes = [];
    let laid;
    for (let r = 0; r < (n > 300 ? 1 : 3); r += 1) {
      const input = {
        id: 'root',
        layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
        children: graph.nodes.map((v, i) => ({ id: `n${i}`, width: v.width, height: v.height })),
        edges: graph.edges.map(([from, to], e) => ({ id: `e${e}`, sources: [`n${from}`], targets: [`n${to}`] })),
      };
      const t = performance.now();
      laid = await elk.layout(input);
      elkTimes.push(performance.now() - t);
    }
    const byId = new Map(laid.children.map((c) => [c.id, c]));
    const eCenters = graph.nodes.map((_, i) => {
      const c = byId.get(`n${i}`);
      return [c.x + c.width / 2, c.y + c.height / 2];
    });
    const edgeById = new Map(laid.edges.map((e) => [e.id, e]));
    const eLines = graph.edges.map((_, e) => {
      const s = edgeById.get(`e${e}`).sections?.[0];
      return s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => [p.x, p.y]) : [];
    });
    const el = window.measure(graph, eCenters, eLines);
    Object.assign(result, { elk: median(elkTimes), elkCross: el.crossings, elkThrough: el.through });
  }
  return result;
};

const server = await serveDist(folder);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.ready === true);
  await page.evaluate(measureSource());
  console.log('| graph | nodes | ours ms | dagre ms | ELK ms | time dagre/ours | crossings ours / dagre / ELK | through nodes ours / dagre / ELK |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const graphs = [];
  for (const [name, file] of index) graphs.push([name, JSON.parse(await readFile(`${folder}/graphs/${file}`, 'utf8'))]);
  // One untimed round over the graphs of up to 400 nodes first, so that every library's code is
  // compiled and optimised (V8 starts WebAssembly and JavaScript in a baseline tier), as it is in
  // a page after its first drawings; otherwise the first small graphs time the compiler.
  for (const [, graph] of graphs.filter(([, g]) => g.nodes.length <= 400)) {
    await page.evaluate(rowOf, { graph, maxCompetitor });
  }
  for (const [name, graph] of graphs) {
    const row = await page.evaluate(rowOf, { graph, maxCompetitor });
    const ms = (v) => (v === undefined ? '—' : v.toFixed(v < 10 ? 2 : 0));
    const count = (v) => (v === undefined ? '—' : String(v));
    const ratio = row.dagre === undefined ? '—' : `${(row.dagre / row.ours).toFixed(1)}×`;
    console.log(
      `| ${name} | ${graph.nodes.length} | ${ms(row.ours)} | ${ms(row.dagre)} | ${ms(row.elk)} | ${ratio} | ` +
        `${count(row.oursCross)} / ${count(row.dagreCross)} / ${count(row.elkCross)} | ` +
        `${count(row.oursThrough)} / ${count(row.dagreThrough)} / ${count(row.elkThrough)} |`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

/** The measurement, defined in the page: crossings between edges outside every node, and
 * (edge, node) pairs where an edge passes through a node that is not one of its ends. */
function measureSource() {
  return () => {
    const CELL = 48;
    window.measure = (graph, centers, lines) => {
      const rects = graph.nodes.map((v, i) => [centers[i][0] - v.width / 2, centers[i][1] - v.height / 2, centers[i][0] + v.width / 2, centers[i][1] + v.height / 2]);
      const cellsOf = (x0, y0, x1, y1) => {
        const out = [];
        for (let x = Math.floor(Math.min(x0, x1) / CELL); x <= Math.floor(Math.max(x0, x1) / CELL); x += 1)
          for (let y = Math.floor(Math.min(y0, y1) / CELL); y <= Math.floor(Math.max(y0, y1) / CELL); y += 1) out.push(`${x},${y}`);
        return out;
      };
      const nodeGrid = new Map();
      rects.forEach((r, i) => cellsOf(r[0], r[1], r[2], r[3]).forEach((c) => (nodeGrid.get(c) ?? nodeGrid.set(c, []).get(c)).push(i)));
      const pieces = [];
      lines.forEach((points, e) => {
        for (let k = 1; k < points.length; k += 1) {
          const [a, b] = [points[k - 1], points[k]];
          if (a[0] !== b[0] || a[1] !== b[1]) pieces.push([e, a, b]);
        }
      });
      const grid = new Map();
      pieces.forEach((p, i) => cellsOf(p[1][0], p[1][1], p[2][0], p[2][1]).forEach((c) => (grid.get(c) ?? grid.set(c, []).get(c)).push(i)));
      const inside = (r, x, y, m) => x > r[0] - m && x < r[2] + m && y > r[1] - m && y < r[3] + m;
      let crossings = 0;
      for (const [cell, members] of grid) {
        for (let i = 0; i < members.length; i += 1) {
          for (let j = i + 1; j < members.length; j += 1) {
            const [p, q] = [pieces[members[i]], pieces[members[j]]];
            if (p[0] === q[0]) continue;
            const r = [p[2][0] - p[1][0], p[2][1] - p[1][1]];
            const s = [q[2][0] - q[1][0], q[2][1] - q[1][1]];
            const den = r[0] * s[1] - r[1] * s[0];
            if (Math.abs(den) < 1e-12) continue;
            const dx = q[1][0] - p[1][0];
            const dy = q[1][1] - p[1][1];
            const t = (dx * s[1] - dy * s[0]) / den;
            const u = (dx * r[1] - dy * r[0]) / den;
            if (t < 0 || t >= 1 || u < 0 || u >= 1) continue;
            const x = p[1][0] + t * r[0];
            const y = p[1][1] + t * r[1];
            if (`${Math.floor(x / CELL)},${Math.floor(y / CELL)}` !== cell) continue;
            if ((nodeGrid.get(cell) ?? []).some((n) => inside(rects[n], x, y, 1))) continue;
            crossings += 1;
          }
        }
      }
      const hits = new Set();
      for (const [e, a, b] of pieces) {
        const [from, to] = graph.edges[e];
        for (const cell of cellsOf(a[0], a[1], b[0], b[1])) {
          for (const n of nodeGrid.get(cell) ?? []) {
            if (n === from || n === to || hits.has(`${e},${n}`)) continue;
            const r = rects[n];
            const box = [r[0] + 2, r[1] + 2, r[2] - 2, r[3] - 2];
            // Liang–Barsky: does the piece enter the shrunk box?
            const d = [b[0] - a[0], b[1] - a[1]];
            let [t0, t1] = [0, 1];
            let miss = false;
            for (const [p, q] of [[-d[0], a[0] - box[0]], [d[0], box[2] - a[0]], [-d[1], a[1] - box[1]], [d[1], box[3] - a[1]]]) {
              if (p === 0) {
                if (q <= 0) miss = true;
              } else if (p < 0) t0 = Math.max(t0, q / p);
              else t1 = Math.min(t1, q / p);
            }
            if (!miss && t0 < t1) hits.add(`${e},${n}`);
          }
        }
      }
      return { crossings, through: hits.size };
    };
  };
}
