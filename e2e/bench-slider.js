// Prints how fast the page follows a dragged slider on a 6-12-12-1 network (`tanh(W @ x)`
// layers, about 700 nodes), at the end of the timeline so every node shows its numbers.
// Each update is one `input` event on the slider of x[0]; the page has caught up when the
// first hidden unit's value on the screen changes. Two rates: as fast as the page can go (the
// next update starts as soon as the DOM shows the last one) and as a person sees it (each update
// starts with a frame and ends when the next frame begins, so drawn: 60 per second at most on a
// 60 Hz screen). Usage, after `cargo xtask build` (or a `dist/` of any
// other build, to compare):
//   node e2e/bench-slider.js [DIST]
import { serveDist, launch, openApp } from './harness.js';

/** A layer's weights as a matrix literal: `rows` rows of `columns` small varied numbers. */
function matrix(rows, columns, seed) {
  const cell = (r, c) => (Math.round(Math.sin(seed + 7 * r + 3 * c) * 100) / 100).toString();
  return `[${Array.from({ length: rows }, (_, r) => `[${Array.from({ length: columns }, (_, c) => cell(r, c)).join(', ')}]`).join(', ')}]`;
}

const NETWORK = [
  'x = [0.5, -0.25, 0.75, -1, 0.1, 0.3]',
  `W1 = ${matrix(12, 6, 1)}`,
  `W2 = ${matrix(12, 12, 2)}`,
  `w3 = ${matrix(1, 12, 3).slice(1, -1)}`,
  'h1 = tanh(W1 @ x)',
  'h2 = tanh(W2 @ h1)',
  'y = dot(w3, h2)',
].join('\n');

const server = await serveDist(process.argv[2]);
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  await page.fill('[data-testid=source]', NETWORK);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, NETWORK, {
    timeout: 60000,
  });
  await page.click('[data-testid=to-end]');
  const nodes = await page.locator('[data-testid=graph] g[data-node]').count();
  const run = (perFrame) =>
    page.evaluate(async (perFrame) => {
      const slider = document.querySelector('[data-testid="slider-x[0]"]');
      const watched = () => document.querySelector('g[data-name="h1[0]"]').dataset.value;
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
      const times = [];
      for (let i = 0; i < 40; i += 1) {
        // One per frame: the update starts with a frame, as a dragged slider's input events do
        // (browsers deliver them once per frame), and ends when the frame showing it begins.
        if (perFrame) await nextFrame();
        const before = watched();
        const start = performance.now();
        slider.value = String(-4 + 0.2 * i);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        while (watched() === before) await tick();
        if (perFrame) await nextFrame();
        times.push(performance.now() - start);
      }
      return times;
    }, perFrame);
  for (const [label, perFrame] of [['as fast as it can', false], ['one per frame', true]]) {
    const times = (await run(perFrame)).sort((a, b) => a - b);
    const median = times[times.length >> 1];
    console.log(
      `${nodes} nodes, ${label}: median ${median.toFixed(1)} ms per update = ${(1000 / median).toFixed(1)} updates/s ` +
        `(fastest ${times[0].toFixed(1)} ms, slowest ${times.at(-1).toFixed(1)} ms, 40 updates)`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
