// Prints the time from navigation to the first graph on screen, over a 10 Mbit/s network: each
// run in a fresh browser context (an empty cache), the site served gzipped (`gzip -9`, as its
// size is counted) with 20 ms of latency, Chromium's network emulation limiting the download
// to 10 Mbit/s; the time is the page's own clock (`performance.now()`, from the navigation's
// start) at the second animation frame after the first example's graph is in the page. Median
// of five. Usage, after `cargo xtask build`:
//   node e2e/bench-first.js            (DIST=folder measures another build of the site)
import { serveDist, launch } from './harness.js';

const server = await serveDist(process.env.DIST, { gzip: true });
const browser = await launch();
try {
  const times = [];
  for (let run = 0; run < 5; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 10e6 / 8,
      uploadThroughput: 10e6 / 8,
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length > 0, null, {
      timeout: 60000,
      polling: 'raf',
    });
    times.push(
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))),
      ),
    );
    await context.close();
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  console.log(
    `navigation to the first graph at 10 Mbit/s: median ${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
} finally {
  await browser.close();
  await server.close();
}
