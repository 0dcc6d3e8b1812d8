// The step-through for the lecture hall (issue 10): the algorithm beside the graph, typeset
// steps, running sums at a shared node, the table and a node's story, coarse steps, the
// scrubber and speed, presenter mode, links that reopen a view, and the examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { withBrowser, openApp, typeProgram, node, stepText } from './harness.js';

/** The examples' values and gradients computed outside the engine, by hand translations into
 * sympy at 40 digits (e2e/reference/examples.py writes it). */
const REFERENCE = JSON.parse(readFileSync(new URL('./reference/examples.json', import.meta.url), 'utf8'));

const app = withBrowser();

const FAN_OUT = '# u feeds three consumers: its dy/du is the sum of three contributions\nx = 0.5\nz = 2\nu = x*z\ny = exp(u) + sin(u) + u/z';
const QUIZ = 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)';

/** The engine's gradient of `program` by input name, from the CLI (`gradgraph eval --json`). */
function engineGradient(program) {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'gradgraph-cli', '--', 'eval', program, '--json'], { encoding: 'utf8' });
  return JSON.parse(out).gradient;
}

/** Goes to step `k`: from the start, by the Step button. */
async function stepTo(page, k) {
  if (!(await page.isDisabled('[data-testid=reset]'))) await page.click('[data-testid=reset]');
  for (let i = 0; i < k; i += 1) await page.click('[data-testid=step-forward]');
}

/** Every node's value and dy/du on the screen, by name. */
const numbers = (page) =>
  page.$$eval('[data-testid=graph] g[data-node]', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.name, `${g.dataset.value}|${g.dataset.adjoint}`])));

/** The highlighted line of the algorithm and its bound loop variables. */
const algorithm = (page) =>
  page.$eval('[data-testid=algorithm] .current', (li) => ({ line: li.dataset.line, binding: li.querySelector('[data-testid=binding]')?.textContent ?? '' }));

/** Moves the scrubber to step `k` as a drag would. */
async function scrub(page, k) {
  await page.$eval('[data-testid=scrubber]', (input, k) => {
    input.value = String(k);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, k);
  await page.waitForFunction((k) => document.querySelector('[data-testid=step]').textContent.startsWith(`${k} /`), k);
}

test('a shared node shows its running sum, one contribution per consumer edge as it arrives', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.selectOption('[data-testid=examples]', { label: 'Fan-out: u used three times' });
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, FAN_OUT);
  const total = Number((await stepText(page)).split(' / ')[1]);
  const seen = [];
  for (let k = 1; k <= total; k += 1) {
    await page.click('[data-testid=step-forward]');
    const sum = await page.$eval('g[data-name="u"]', (g) => {
      const text = g.querySelector('[data-testid=contributions]');
      // The edges out of u that have pushed their contribution are marked.
      const pushed = document.querySelectorAll(`path.edge.pushed[data-edge^="${g.dataset.node}-"]`).length;
      return text && { arrived: text.dataset.arrived, text: text.dataset.sum, shown: text.textContent, adjoint: g.dataset.adjoint, pushed };
    });
    if (sum && seen.at(-1)?.arrived !== sum.arrived) seen.push(sum);
  }
  assert.deepEqual(seen.map((s) => s.arrived), ['0/3', '1/3', '2/3', '3/3']);
  // Each running sum adds up (to the five digits shown) to dy/du at that step.
  for (const { text, adjoint } of seen.slice(1)) {
    const terms = text.replace(/^Σdy = /, '').replace(/− /g, '+ -').split(' + ').filter((t) => t !== '?').map(Number);
    const sum = terms.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - Number(adjoint)) <= 1e-4 * Math.max(1, Math.abs(sum)), `${text} vs ${adjoint}`);
  }
  assert.deepEqual(seen.map((s) => s.pushed), [0, 1, 2, 3]);
  // What the node shows is the sum, or its first and last terms around an ellipsis.
  for (const { text, shown } of seen) assert.ok(shown === text || /^Σdy = .* \+ …/.test(shown), `${shown} for ${text}`);
  // The story of u lists the three contributions and jumps to the steps around it.
  await page.click('g[data-name="u"] rect');
  const story = page.locator('[data-testid=story]');
  assert.equal(await story.locator('[data-testid=story-contributions] li').count(), 3);
  assert.match(await story.textContent(), /u = x \* z/);
  // Its value, its local partials as formulas and numbers, and its final dy/du = e + cos 1 + 1/2.
  const told = await story.textContent();
  for (const part of ['value: 1', '∂u/∂x = z = 2', '∂u/∂z = x = 0.5']) assert.ok(told.includes(part), `${part} in ${told}`);
  assert.equal(await page.textContent('[data-testid=story-adjoint]'), `dy/du: ${(Math.E + Math.cos(1) + 0.5).toFixed(4)} (final)`);
  await page.click('[data-testid=story-computed]');
  assert.equal(await stepText(page), `3 / ${total}`);
  assert.equal((await algorithm(page)).binding, 'uᵢ = u');
  await page.click('[data-testid=story-completed]');
  assert.match(await page.textContent('[data-testid=explain]'), /^Backward: visit u;/);
  assert.deepEqual(errors, []);
});

test('the algorithm line and the typeset step follow the step', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  assert.equal(await page.locator('[data-testid=algorithm] .current').count(), 0);
  await stepTo(page, 3);
  assert.deepEqual(await algorithm(page), { line: 'compute', binding: 'uᵢ = u1' });
  assert.equal((await page.textContent('[data-testid=typeset-step]')).replace(/\s+/g, ''), 'u1=x·z=2·3=6');
  await stepTo(page, 6);
  assert.deepEqual(await algorithm(page), { line: 'init', binding: '' });
  await stepTo(page, 7);
  assert.deepEqual(await algorithm(page), { line: 'backward-loop', binding: 'uᵢ = y' });
  await stepTo(page, 13);
  assert.deepEqual(await algorithm(page), { line: 'increment', binding: 'uᵢ = u1, v_j = x' });
  assert.equal(await page.locator('[data-testid=algorithm] .enclosing').count(), 2);
  const typeset = (await page.textContent('[data-testid=typeset-step]')).replace(/\s+/g, '');
  // The update, its numbers, and the local partial as a formula and a number.
  assert.ok(typeset.includes('=−0.41615+1·3=2.5839'), typeset);
  assert.ok(typeset.endsWith("∂u1∂x=z=3"), typeset);
  // The lecture's notation: d for the running totals dy/du, ∂ for the local partial.
  assert.ok(typeset.startsWith("dydx←dydx+dydu1"), typeset);
  assert.deepEqual(errors, []);
});

test('coarse steps, the scrubber, the end of the forward pass, speed', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, QUIZ, 10);
  // Scrubbing to a step shows exactly what stepping there shows.
  // Fixed steps and a spread of others from a fixed seed (so that a failure can be replayed).
  let seed = 7;
  const spread = Array.from({ length: 6 }, () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 35);
  // Everything the step shows: the numbers, the algorithm's line, the typeset step, the sentence.
  const shown = async () => ({
    numbers: await numbers(page),
    ...(await page.evaluate(() => ({
      line: document.querySelector('[data-testid=algorithm] .current')?.textContent ?? null,
      typeset: document.querySelector('[data-testid=typeset-step]')?.textContent ?? null,
      explain: document.querySelector('[data-testid=explain]').textContent,
    }))),
  });
  for (const k of [0, 7, 10, 11, 23, 34, 5, ...spread]) {
    await scrub(page, k);
    const scrubbed = await shown();
    await stepTo(page, k);
    assert.deepEqual(await shown(), scrubbed, `step ${k}`);
  }
  await page.click('[data-testid=to-forward-end]');
  assert.equal(await stepText(page), '10 / 34');
  assert.equal(await page.isDisabled('[data-testid=to-forward-end]'), true);
  const boundary = await page.$eval('[data-testid=boundary]', (b) => b.style.left);
  assert.equal(boundary, `${Math.round((1000 * 10) / 34) / 10}%`);
  // One step per node: the next step is the initialization, then each visit with its pushes.
  await page.selectOption('[data-testid=step-size]', 'coarse');
  const ends = [];
  for (let i = 0; i < 4; i += 1) {
    await page.click('[data-testid=step-forward]');
    ends.push(await stepText(page));
  }
  assert.deepEqual(ends, ['11 / 34', '14 / 34', '17 / 34', '19 / 34']);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await stepText(page), '17 / 34');
  await page.selectOption('[data-testid=step-size]', 'fine');
  // 8× plays a step about every 87 ms; ¼× one every 2.8 s.
  await page.selectOption('[data-testid=speed]', '8');
  await page.click('[data-testid=reset]');
  await page.click('[data-testid=play]');
  await page.waitForTimeout(1000);
  await page.click('[data-testid=play]');
  const fast = Number((await stepText(page)).split(' / ')[0]);
  assert.ok(fast >= 6, `8× reached step ${fast} in a second`);
  await page.selectOption('[data-testid=speed]', '0.25');
  await page.click('[data-testid=reset]');
  await page.click('[data-testid=play]');
  await page.waitForTimeout(1500);
  await page.click('[data-testid=play]');
  assert.equal(await stepText(page), '0 / 34');
  assert.deepEqual(errors, []);
});

test('while playing, the current node is kept in view', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  // A narrow window: the drawing sits below the editor, out of view until play brings it in.
  await page.setViewportSize({ width: 600, height: 420 });
  // Reduced motion: the page scrolls at once instead of smoothly, so each step can be checked.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await typeProgram(page, QUIZ, 10);
  await page.evaluate(() => scrollTo(0, 0));
  const outOfView = await page.$eval('[data-testid=graph]', (svg) => svg.getBoundingClientRect().top > innerHeight);
  assert.ok(outOfView, 'the drawing starts below the window');
  await page.selectOption('[data-testid=speed]', '2');
  let last = await stepText(page);
  await page.click('[data-testid=play]');
  const seen = [];
  while (seen.length < 10) {
    // Each new step, once drawn: is the node it is about on the screen?
    const step = await page.waitForFunction((last) => {
      const text = document.querySelector('[data-testid=step]').textContent;
      return text !== last && text;
    }, last);
    last = await step.jsonValue();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    seen.push(await page.evaluate(() => {
      const r = document.querySelector('[data-testid=graph] g.node.current rect').getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    }));
  }
  await page.click('[data-testid=play]');
  assert.deepEqual(seen, Array(10).fill(true));
  assert.deepEqual(errors, []);
});

test('the table follows the drawing, and a row or a focused node opens its story', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  await page.selectOption('[data-testid=view]', 'both');
  await stepTo(page, 4);
  const current = await page.$$eval('[data-testid=table] tr.current th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(current, ['u2']);
  const row = await page.$$eval('[data-testid=table] tr[data-node="3"] td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(row, ['sin', 'x', '0.9093', '']);
  await page.selectOption('[data-testid=view]', 'table');
  assert.equal(await page.locator('[data-testid=graph]').count(), 0);
  await page.click('[data-testid=table] tr[data-node="2"] button');
  assert.match(await page.textContent('[data-testid=story]'), /u1 = x \* z/);
  await page.click('[data-testid=story-close]');
  assert.equal(await page.locator('[data-testid=story]').count(), 0);
  // With the keyboard: Tab reaches a node in the drawing, and its story opens.
  await page.selectOption('[data-testid=view]', 'drawing');
  await page.focus('[data-testid=view]');
  let focused = null;
  for (let i = 0; i < 40 && !focused; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.closest('g[data-node]')?.dataset.name ?? null);
  }
  assert.ok(focused, 'Tab reaches a node');
  assert.match(await page.textContent('[data-testid=story]'), new RegExp(`^${focused} = `));
  await page.focus('g[data-name="z"]');
  assert.match(await page.textContent('[data-testid=story]'), /^z = z/);
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '5 / 16');
  assert.deepEqual(errors, []);
});

test('presenter mode: large type, the step and the graph on one screen, clicker keys', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.setViewportSize({ width: 1024, height: 768 });
  await typeProgram(page, QUIZ, 10);
  // Full screen is the browser's to give: record the requests instead.
  await page.evaluate(() => {
    window.fullScreenRequests = 0;
    Element.prototype.requestFullscreen = function () {
      window.fullScreenRequests += 1;
      return Promise.resolve();
    };
  });
  await stepTo(page, 3);
  const look = () =>
    page.evaluate(() => {
      const style = (selector) => getComputedStyle(document.querySelector(selector));
      const others = [...document.querySelectorAll('[data-testid=graph] g[data-node]:not(.current)')];
      return {
        type: parseFloat(style('[data-testid=typeset-step]').fontSize),
        ink: style('[data-testid=step]').color,
        current: Number(style('[data-testid=graph] g.current').opacity),
        others: Math.max(...others.map((g) => Number(getComputedStyle(g).opacity))),
        glow: style('[data-testid=graph] g.current rect').filter,
      };
    });
  const normal = await look();
  // From the table view too: presenter mode shows the drawing.
  await page.selectOption('[data-testid=view]', 'table');
  await page.click('h1');
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  assert.equal(await page.evaluate(() => window.fullScreenRequests), 1);
  const presenter = await look();
  assert.ok(presenter.type >= 1.3 * normal.type, `large type: ${presenter.type} px against ${normal.type} px`);
  assert.equal(presenter.ink, 'rgb(0, 0, 0)');
  // The spotlight: the current node lit, the others dimmed.
  assert.deepEqual([presenter.current, normal.others], [1, 1]);
  assert.ok(presenter.others < 0.6 && presenter.glow.startsWith('drop-shadow'), JSON.stringify(presenter));
  await page.keyboard.press('Home');
  for (let i = 0; i < 27; i += 1) await page.keyboard.press('PageDown');
  await page.keyboard.press('PageUp');
  assert.equal(await stepText(page), '26 / 34');
  const fits = await page.evaluate(() => {
    const inside = (selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= innerWidth + 1;
    };
    return { graph: inside('[data-testid=graph]'), step: inside('[data-testid=typeset-step]'), algorithm: inside('[data-testid=algorithm]'), scroll: document.documentElement.scrollHeight <= innerHeight + 1 };
  });
  assert.deepEqual(fits, { graph: true, step: true, algorithm: true, scroll: true });
  assert.equal(await page.locator('[data-testid=source]').isVisible(), false);
  await page.keyboard.press('Escape');
  await page.waitForSelector('.app:not(.presenter)');
  assert.equal(await page.locator('[data-testid=source]').isVisible(), true);
  // Back to the table it showed before.
  assert.equal(await page.locator('[data-testid=graph]').count(), 0);
  assert.equal(await page.locator('[data-testid=table]').isVisible(), true);
  // The button does the same; leaving the whole screen (the browser's own Esc) leaves too.
  await page.click('[data-testid=presenter]');
  await page.waitForSelector('.app.presenter');
  await page.click('[data-testid=presenter]');
  await page.waitForSelector('.app:not(.presenter)');
  await page.click('[data-testid=presenter]');
  await page.waitForSelector('.app.presenter');
  assert.equal(await page.evaluate(() => window.fullScreenRequests), 3);
  await page.evaluate(() => document.dispatchEvent(new Event('fullscreenchange')));
  await page.waitForSelector('.app:not(.presenter)');
  assert.deepEqual(errors, []);
});

test('a link reopens the same program, inputs, options, output and step', async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, errors } = await openApp(context, app.server.url);
  await typeProgram(page, 'x = 2; z = 3\nu = x*z\ny = u + sin(x)', 5);
  await page.fill('[data-testid=input-z]', '4');
  await page.press('[data-testid=input-z]', 'Enter');
  await page.selectOption('[data-testid=output]', 'u');
  await page.uncheck('[data-testid=sharing]');
  await page.waitForFunction(() => document.querySelector('g[data-name="u"]')?.classList.contains('output'));
  await scrub(page, 5);
  await page.selectOption('[data-testid=step-size]', 'coarse');
  await page.selectOption('[data-testid=view]', 'both');
  // Copy link puts the address of this very view on the clipboard, even before the address
  // has caught up by itself.
  await page.evaluate(() => history.replaceState(null, '', '#elsewhere'));
  await page.click('[data-testid=copy-link]');
  assert.equal(await page.textContent('[data-testid=copy-link]'), 'Link copied');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(url, await page.evaluate(() => location.href));
  assert.match(url, /#s=/);
  const before = { numbers: await numbers(page), step: await stepText(page) };

  const { page: again, errors: againErrors } = await openApp(app.browser, url);
  assert.equal(await again.inputValue('[data-testid=source]'), 'x = 2; z = 3\nu = x*z\ny = u + sin(x)');
  assert.equal(await again.inputValue('[data-testid=input-z]'), '4');
  assert.equal(await again.isChecked('[data-testid=sharing]'), false);
  assert.equal(await again.inputValue('[data-testid=output]'), 'u');
  assert.equal(await again.inputValue('[data-testid=step-size]'), 'coarse');
  assert.equal(await again.inputValue('[data-testid=view]'), 'both');
  assert.deepEqual({ numbers: await numbers(again), step: await stepText(again) }, before);
  // The label says what was done only until the view changes.
  await page.click('[data-testid=step-back]');
  await page.waitForFunction(() => document.querySelector('[data-testid=copy-link]').textContent === 'Copy link');
  // The address follows later changes by itself.
  await again.click('[data-testid=step-forward]');
  const k = (await stepText(again)).split(' / ')[0];
  assert.notEqual(k, '5');
  await again.waitForFunction((k) => decodeURIComponent(location.hash).includes(`"step":${k},`), k);
  assert.deepEqual(errors, []);
  assert.deepEqual(againErrors, []);
});

test('hostile links open the first example with a notice, never a broken page', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const encode = (object) => `#s=${encodeURIComponent(JSON.stringify(object))}`;
  const fragments = [
    '#s=', '#s=%', '#s=%E0%A4%A', '#s={', '#s=null', '#s=42', '#s=%22text%22', '#nothing',
    encode({ v: 1 }),
    encode({ v: 1, program: 7 }),
    encode({ v: 2, program: 'x = 1; y = x' }),
    encode({ v: 1, program: 'x = 1; y = x', step: -1 }),
    encode({ v: 1, program: 'x = 1; y = x', step: 1e308 }),
    encode({ v: 1, program: 'x = 1; y = x', at: [['x', 'NaN']] }),
    encode({ v: 1, program: 'x = 1; y = x', at: { x: 1 } }),
    encode({ v: 1, program: 'x = 1; y = x', sharing: 'yes' }),
    encode({ v: 1, program: 'x'.repeat(100001) }),
    `#s=${'a'.repeat(1_000_000)}`,
    encode({ v: 1, program: 'x = 1; y = x', at: [['x', 1e309]] }),
    encode([1, 2, 3]),
    // Pairs that are not arrays: null, a huge length (Array.from would throw or loop).
    encode({ v: 1, program: 'x = 1; y = x', at: [null] }),
    encode({ v: 1, program: 'x = 1; y = x', at: [{ length: 1e10 }] }),
    encode({ v: 1, program: 'x = 1; y = x', at: [{ length: 4294967295 }] }),
  ];
  assert.equal(fragments.length, 23);
  for (const fragment of fragments) {
    const { page: opened, errors: openedErrors } = await openApp(app.browser, `${app.server.url}${fragment}`);
    assert.equal(await opened.locator('[data-testid=notice]').count(), 1, fragment.slice(0, 80));
    assert.equal(await opened.evaluate(() => document.querySelector('[data-testid=app]').dataset.source), 'x = 2\nz = 3\ny = x*z + sin(x)');
    await opened.click('[data-testid=to-end]');
    assert.equal(await stepText(opened), '16 / 16');
    assert.deepEqual(openedErrors, [], fragment.slice(0, 80));
    await opened.close();
  }
  // The notice goes when dismissed, and the page it leaves works.
  const { page: noticed, errors: noticedErrors } = await openApp(app.browser, `${app.server.url}#s=%`);
  await noticed.click('[data-testid=notice] button');
  await noticed.waitForFunction(() => !document.querySelector('[data-testid=notice]'));
  await noticed.keyboard.press('End');
  assert.equal(await stepText(noticed), '16 / 16');
  assert.deepEqual(noticedErrors, []);
  await noticed.close();
  // A well-formed link whose program is hostile text opens as text: shown, diagnosed, never run.
  const script = encode({ v: 1, program: '<script>window.hacked = 1</script>', output: '"><img src=x onerror="window.hacked = 2">' });
  const opened = await app.browser.newPage();
  const openedErrors = [];
  opened.on('pageerror', (error) => openedErrors.push(error));
  await opened.goto(`${app.server.url}${script.replace('%3C', '<')}`);
  await opened.waitForSelector('[data-testid=diagnostics] li.error');
  assert.equal(await opened.inputValue('[data-testid=source]'), '<script>window.hacked = 1</script>');
  assert.equal(await opened.evaluate(() => window.hacked), undefined);
  // The node limit applies to a link's program as to a typed one: its error, then a program
  // typed in its place draws.
  const ones = `[${Array(30).fill('1').join(', ')}]`;
  const huge = encode({ v: 1, program: `A = [${Array(30).fill(ones).join(', ')}]; y = sum(A @ A)` });
  const big = await app.browser.newPage();
  big.on('pageerror', (error) => openedErrors.push(error));
  await big.goto(`${app.server.url}${huge}`);
  await big.waitForFunction(() => /more than 50000 nodes/.test(document.querySelector('[data-testid=diagnostics] li.error')?.textContent));
  assert.equal(await big.locator('[data-testid=notice]').count(), 0);
  await typeProgram(big, 'x = 2; y = x*x', 2);
  await big.close();
  assert.deepEqual(openedErrors, []);
  assert.deepEqual(errors, []);
});

test('every example loads in one click and reaches the end with the gradient', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const labels = await page.$$eval('[data-testid=examples] option', (os) => os.slice(1).map((o) => o.textContent));
  assert.equal(labels.length, 9);
  for (const label of labels) {
    await page.selectOption('[data-testid=examples]', { label });
    await page.waitForFunction(() => document.querySelector('[data-testid=step]').textContent.startsWith('0 /'));
    await page.click('[data-testid=to-end]');
    const [k, n] = (await stepText(page)).split(' / ');
    assert.equal(k, n, label);
    // The gradient on the screen is the engine's, to the last digit (the CLI runs the engine).
    const program = await page.evaluate(() => document.querySelector('[data-testid=app]').dataset.source);
    const shown = await page.$$eval('[data-testid=graph] g[data-op=input]', (gs) => gs.map((g) => [g.dataset.name, g.dataset.adjoint]));
    const engine = engineGradient(program);
    assert.deepEqual(shown.map(([name]) => name).sort(), Object.keys(engine).sort(), label);
    for (const [name, adjoint] of shown) {
      assert.ok(adjoint !== '' && Object.is(Number(adjoint), Number(engine[name])), `${label}: d/d${name} ${adjoint} vs ${engine[name]}`);
    }
    // And it is right: every partial and the output's value agree with sympy's to 13
    // significant digits (a double holds about 16; a few roundings may cost the last ones).
    const reference = REFERENCE.find((r) => r.title === label);
    assert.ok(reference, `${label} has no reference: run e2e/reference/examples.py`);
    assert.equal(program, reference.program, `${label}: the example changed; update e2e/reference/examples.py`);
    const agrees = (shownText, exactText) => {
      const [a, b] = [Number(shownText), Number(exactText)];
      return shownText !== '' && (Object.is(a, b) || Math.abs(a - b) <= 1e-13 * Math.abs(b));
    };
    assert.deepEqual(shown.map(([name]) => name).sort(), Object.keys(reference.gradient).sort(), label);
    for (const [name, adjoint] of shown) {
      assert.ok(agrees(adjoint, reference.gradient[name]), `${label}: d${reference.output}/d${name} = ${adjoint}, sympy ${reference.gradient[name]}`);
    }
    const output = await page.$eval(`[data-testid=graph] g[data-name="${reference.output}"]`, (g) => g.dataset.value);
    assert.ok(agrees(output, reference.value), `${label}: ${reference.output} = ${output}, sympy ${reference.value}`);
  }
  // sin(x)/x at 1.5: dy/dx = (x cos x − sin x)/x².
  await page.selectOption('[data-testid=examples]', { label: 'sin(x)/x' });
  await page.waitForFunction(() => document.querySelector('[data-testid=step]').textContent.startsWith('0 /'));
  await page.click('[data-testid=to-end]');
  const x = 1.5;
  assert.ok(Math.abs(Number((await node(page, 'x')).adjoint) - (x * Math.cos(x) - Math.sin(x)) / (x * x)) < 1e-15);
  assert.deepEqual(errors, []);
});

test('a link pasted into the address of an open page opens there, a view or a quiz', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.selectOption('[data-testid=examples]', { label: 'Logistic regression' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 21);
  const program = await page.inputValue('[data-testid=source]');
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"step":5,'));
  const link = await page.evaluate(() => location.hash);
  // Another program, then the link pasted back into the address bar (a hash change).
  await page.selectOption('[data-testid=examples]', { label: 'sin(x)/x' });
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('sin(x)/x'));
  await page.evaluate((link) => {
    location.hash = link;
  }, link);
  await page.waitForFunction((program) => document.querySelector('[data-testid=app]').dataset.source === program, program);
  assert.equal(await stepText(page), '5 / 63');
  assert.equal(await page.inputValue('[data-testid=source]'), program);
  assert.equal(await page.locator('[data-testid=graph] g[data-node]').count(), 21);
  // A quiz link opens the quiz over the page; a broken link says so and changes nothing.
  await page.evaluate(() => {
    location.hash = '#q=7-hard';
  });
  await page.waitForSelector('[data-testid=quiz-panel]');
  await page.click('[data-testid=close-quiz]');
  await page.evaluate(() => {
    location.hash = '#s=%7B';
  });
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await page.textContent('[data-testid=notice]'), /The page stays as it was/);
  assert.equal(await page.evaluate(() => document.querySelector('[data-testid=app]').dataset.source), program);
  assert.equal(await stepText(page), '5 / 63');
  // The address holds this view again, so that a reload does not read the broken link.
  await page.waitForFunction(() => location.hash.startsWith('#s=') && decodeURIComponent(location.hash).includes('"step":5,'));
  assert.deepEqual(errors, []);
});
