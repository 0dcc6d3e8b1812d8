// Prints how long the page takes from an edit to its updated drawing, for vectors of N inputs
// (y = sum(v * v): 3N - 1 nodes): the median of five runs each, two ways: the page's own
// measure `gradgraph-drawn` (from the end of the editor's debounce to the drawing being in the
// page: compile, trace, layout, render) and the wall time from typing, debounce included; and the
// wall time of a new program's first drawing. Usage, after `cargo xtask build`:
//   node e2e/bench.js        (DIST=folder measures another build of the site)
import { serveDist, launch, openApp } from './harness.js';

/** `y = sum(v * v)` over `n` inputs, the first of them `first`. */
const sumOfSquares = (first, n) => `v = [${first}, ${'1.5, '.repeat(n - 2)}1.5]\ny = sum(v * v)`;

/** Types `program` into the editor and waits until its drawing of `count` nodes is in the page
 * and measured (`gradgraph-drawn`, the only such measure then); returns the wall time in ms. */
async function draw(page, program, count) {
  await page.evaluate(() => performance.clearMeasures('gradgraph-drawn'));
  const start = Date.now();
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction(
    ([text, count]) =>
      document.querySelector('[data-testid=app]').dataset.source === text &&
      document.querySelectorAll('[data-testid=graph] g[data-node]').length === count &&
      performance.getEntriesByName('gradgraph-drawn').length > 0,
    [program, count],
    { timeout: 120000 },
  );
  return Date.now() - start;
}

const server = await serveDist(process.env.DIST);
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  for (const n of [17, 334, 3334]) {
    const measured = [];
    const wall = [];
    for (let run = 0; run < 5; run += 1) {
      // A different first value each run, so every run is a real edit.
      wall.push(await draw(page, sumOfSquares(run, n), 3 * n - 1));
      measured.push(await page.evaluate(() => performance.getEntriesByName('gradgraph-drawn')[0].duration));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // A new program, where an edit changes a few elements and this creates them all: from a
    // program of three nodes to this one, the wall time from filling the editor to the second
    // frame after the drawing is fitted (the debounce included), median of three.
    const fresh = [];
    for (let run = 0; run < 3; run += 1) {
      await draw(page, 'y = 1 + 2', 3);
      const start = Date.now();
      await draw(page, sumOfSquares(run + 10, n), 3 * n - 1);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      fresh.push(Date.now() - start);
    }
    console.log(
      `${String(3 * n - 1).padStart(6)} nodes: edit to drawing ${median(measured).toFixed(1)} ms (runs: ${measured.map((t) => t.toFixed(0)).join(', ')}); ` +
        `typing to drawing ${median(wall)} ms with the 120 ms debounce; ` +
        `a new program to its drawing ${median(fresh)} ms (runs: ${fresh.join(', ')})`,
    );
    // Pan and zoom on this graph: twenty Ctrl+wheel turns and twenty drag moves, each timed
    // from the event to the second animation frame after it (the frame that shows it); the
    // wheel's steps come 33 ms apart, so they are one gesture, rendered when it pauses.
    const frames = await page.evaluate(async () => {
      const svg = document.querySelector('[data-testid=graph]');
      const box = svg.getBoundingClientRect();
      const next = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
      const zoom = [];
      for (let i = 0; i < 20; i += 1) {
        const t = performance.now();
        svg.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: i < 10 ? -40 : 40, ctrlKey: true, bubbles: true, cancelable: true }));
        await next();
        zoom.push(performance.now() - t);
      }
      const pan = [];
      svg.dispatchEvent(new PointerEvent('pointerdown', { ...at, pointerId: 7, bubbles: true }));
      for (let i = 1; i <= 20; i += 1) {
        const t = performance.now();
        svg.dispatchEvent(new PointerEvent('pointermove', { clientX: at.clientX + 10 * i, clientY: at.clientY, pointerId: 7, bubbles: true }));
        await next();
        pan.push(performance.now() - t);
      }
      // Lifting the pointer renders the view box the drag ended on (a gesture's steps only
      // move the rendered drawing): timed the same way.
      const t = performance.now();
      svg.dispatchEvent(new PointerEvent('pointerup', { ...at, pointerId: 7, bubbles: true }));
      await next();
      const release = performance.now() - t;
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      return { zoom: median(zoom), pan: median(pan), release };
    });
    console.log(
      `        pan and zoom: ${frames.zoom.toFixed(1)} ms per zoom step, ${frames.pan.toFixed(1)} ms per drag move (event to the frame showing it, median of 20); ` +
        `${frames.release.toFixed(1)} ms to render the view at the drag's end`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
