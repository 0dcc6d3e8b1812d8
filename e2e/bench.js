// Prints how long the page takes from typing a program to showing its analysis, for vectors of
// N inputs (y = sum(v * v)): the median of five runs each. Usage, after `cargo xtask build`:
//   node e2e/bench.js
import { serveDist, launch, openApp } from './harness.js';

const server = await serveDist();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  for (const n of [10, 1000, 10000]) {
    const times = [];
    for (let run = 0; run < 5; run += 1) {
      // A different first value each run, so every run is a real edit.
      const program = `v = [${run}, ${'1.5, '.repeat(n - 2)}1.5]\ny = sum(v * v)`;
      const start = Date.now();
      await page.fill('[data-testid=source]', program);
      await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program, {
        timeout: 60000,
      });
      times.push(Date.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`${String(n).padStart(6)} inputs: median ${times[2]} ms (runs: ${times.join(', ')}), including the 120 ms debounce`);
  }
} finally {
  await browser.close();
  await server.close();
}
