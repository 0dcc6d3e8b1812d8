// The drawing gets the screen, legibly: on a laptop (1440×900), in presenter mode on a
// projector (1024×768) and on a phone (390×844), for every shipped example, measured from the
// rendered elements: the drawing's share of the viewport, the size on screen of the node text
// shown at the first fit, and no movement of the drawing, the step's box or what is below it
// between steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, openApp, stepText } from './harness.js';

const app = withBrowser();

// The targets: at least half the viewport for the drawing, and node text at least
// 11 px on screen on a laptop or a phone and 16 px on a projector.
const VIEWS = [
  { name: 'laptop', width: 1440, height: 900, presenter: false, text: 11 },
  { name: 'presenter', width: 1024, height: 768, presenter: true, text: 16 },
  { name: 'phone', width: 390, height: 844, presenter: false, text: 11 },
];

/** Loads the example at `index` of the menu (leaving presenter mode to reach it, and entering it
 * again if asked), with the stage scrolled to the top of the screen as a reader scrolls to the
 * Step button; resolves to its title. */
async function load(page, index, presenter) {
  if (await page.$('.app.presenter')) {
    await page.click('[data-testid=presenter]');
    await page.waitForSelector('.app:not(.presenter)');
  }
  const title = await page.locator('[data-testid=examples] option').nth(index).textContent();
  const before = await page.evaluate(() => document.querySelector('[data-testid=app]').dataset.source);
  await page.selectOption('[data-testid=examples]', { index });
  // The new program analyzed (unless it is the one shown already: the first example, at first).
  await page
    .waitForFunction((b) => document.querySelector('[data-testid=app]').dataset.source !== b, before, { timeout: 3000 })
    .catch(() => {});
  if (presenter) {
    await page.click('[data-testid=presenter]');
    await page.waitForSelector('.app.presenter');
  }
  await page.evaluate(() => document.querySelector('.stage').scrollIntoView({ block: 'start', behavior: 'instant' }));
  // Wait for the first fit (and a zoom to a legible part) to settle.
  await page.waitForFunction(() => {
    const svg = document.querySelector('svg[data-testid=graph]');
    return svg && svg.getBoundingClientRect().height > 0 && svg.dataset.scale;
  });
  // And for the nodes' glide from the last drawing's places to end.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  return title;
}

/** Loads the example titled `title`, as [`load`] does. */
async function loadTitled(page, title, presenter) {
  const index = await page.$$eval('[data-testid=examples] option', (options, t) => options.findIndex((o) => o.textContent === t), title);
  return load(page, index, presenter);
}

/** What a reader sees of the drawing now. */
function measure(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg[data-testid=graph]');
    const r = svg.getBoundingClientRect();
    const visible = (b) => b.width > 0 && b.right > r.left && b.left < r.right && b.bottom > r.top && b.top < r.bottom;
    // The drawing's room: its pane, which a small drawing does not fill (it is not enlarged
    // past one and a half times its full size).
    const pane = svg.closest('.graph-scroll').getBoundingClientRect();
    const clipped =
      Math.max(0, Math.min(pane.right, innerWidth) - Math.max(pane.left, 0)) *
      Math.max(0, Math.min(pane.bottom, innerHeight) - Math.max(pane.top, 0));
    // Every name and number in a node that is on screen: its font's size times the drawing's
    // scale on screen.
    const texts = [...svg.querySelectorAll('g[data-node] text')].filter((t) => visible(t.getBoundingClientRect()));
    const sizes = texts.map((t) => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize));
    const nodes = [...svg.querySelectorAll('g[data-node] rect')].map((n) => n.getBoundingClientRect());
    const inside = (b) => b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
    const bar = document.querySelector('.zoom-bar').getBoundingClientRect();
    return {
      share: clipped / (innerWidth * innerHeight),
      smallest: Math.min(...sizes),
      texts: texts.length,
      whole: nodes.every(inside),
      note: document.querySelector('[data-testid=zoom-note]')?.textContent ?? null,
      barOverDrawing: bar.bottom > r.top + 0.5,
    };
  });
}

for (const view of VIEWS) {
  test(`${view.name}: every example's drawing has half the screen and legible text at its first fit`, async () => {
    // Opened at its size, as on the device (a phone held upright draws its layers downwards).
    const { page, errors } = await openApp(app.browser, app.server.url, { viewport: { width: view.width, height: view.height } });
    const count = await page.locator('[data-testid=examples] option').count();
    const report = [];
    for (let i = 1; i < count; i += 1) {
      const title = await load(page, i, view.presenter);
      const m = await measure(page);
      report.push(`${title}: ${m.smallest.toFixed(1)} px, ${(m.share * 100).toFixed(0)} %${m.whole ? '' : ', in part'}`);
      assert.ok(m.share >= 0.5, `${title}: the drawing has ${(m.share * 100).toFixed(1)} % of the screen`);
      assert.ok(m.texts > 0, `${title}: no text on screen`);
      assert.ok(m.smallest >= view.text - 0.05, `${title}: text ${m.smallest.toFixed(2)} px on screen`);
      // Either the whole drawing is shown, or the page says it shows a part and how to see the rest.
      assert.ok(m.whole || /Fit \(0\) to see the whole graph/.test(m.note ?? ''), `${title}: part shown without a word`);
      if (m.whole) assert.equal(m.note, null, `${title}: a note for a drawing shown whole`);
      assert.equal(m.barOverDrawing, false, `${title}: the zoom bar covers the drawing`);
    }
    console.log(`${view.name} (${view.width}×${view.height}):\n  ${report.join('\n  ')}`);
    assert.deepEqual(errors, []);
  });
}

test('nothing moves between steps, in each view: the drawing, the step, and what is below them', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const places = () =>
    page.evaluate(() => {
      const at = (selector) => {
        const b = document.querySelector(selector)?.getBoundingClientRect();
        return b ? [b.left, b.top + scrollY, b.width, b.height].map(Math.round).join(',') : 'none';
      };
      return [at('svg[data-testid=graph]'), at('[data-testid=typeset-step]'), at('.program-pane'), at('.legend')].join(' ');
    });
  for (const view of VIEWS) {
    await page.setViewportSize({ width: view.width, height: view.height });
    for (const title of ['Chain rule: y = xz + sin x', 'Logistic regression', 'A 3-2-1 network with cross-entropy']) {
      await loadTitled(page, title, view.presenter);
      await page.click('[data-testid=step]');
      const total = Number((await stepText(page)).split(' / ')[1]);
      const seen = new Set();
      for (let k = 0; k <= total; k += 1) {
        seen.add(await places());
        await page.keyboard.press('ArrowRight');
      }
      assert.equal(seen.size, 1, `${view.name}, ${title}: ${[...seen].join(' | ')}`);
    }
  }
  assert.deepEqual(errors, []);
});

test('following the step keeps both ends of the current edge in view when they fit together', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.setViewportSize({ width: 1024, height: 768 });
  await loadTitled(page, 'Logistic regression', true);
  await page.click('[data-testid=step]');
  // The steps: presenter mode, + twice, then PageDown through the backward pass.
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const total = Number((await stepText(page)).split(' / ')[1]);
  let both = 0;
  for (let k = 1; k <= total; k += 1) {
    await page.keyboard.press('PageDown');
    const seen = await page.evaluate(() => {
      const svg = document.querySelector('svg[data-testid=graph]');
      const edge = svg.querySelector('path.edge.active');
      if (!edge) return null;
      const [from, to] = edge.dataset.edge.split('-');
      const r = svg.getBoundingClientRect();
      const box = (i) => svg.querySelector(`g[data-node="${i}"] rect`).getBoundingClientRect();
      const shown = (b) => b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
      const [a, b] = [box(from), box(to)];
      // Whether the two boxes fit in the window together, at this scale.
      const fit = Math.max(a.right, b.right) - Math.min(a.left, b.left) <= r.width && Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top) <= r.height;
      return { fit, from: shown(a), to: shown(b) };
    });
    if (!seen) continue;
    // The argument receiving the push is always shown; the node pushing too when both fit.
    assert.ok(seen.from, `step ${k}: the argument is off screen`);
    if (seen.fit) {
      assert.ok(seen.to, `step ${k}: the edge's node is off screen though both ends fit`);
      both += 1;
    }
  }
  assert.ok(both > 10, `only ${both} steps had both ends fitting`);
  assert.deepEqual(errors, []);
});

test('a 200-line program opens whole with a word, and one click reads a part of it legibly', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url, { viewport: { width: 1440, height: 900 } });
  // 200 statements, each seven operations on the last two: 1 400 nodes, as the had 1 384.
  const lines = ['x = 0.5', 'z = 2', 'a1 = x*z + sin(x)', 'a2 = a1*x - z'];
  for (let i = 3; i <= 200; i += 1) lines.push(`a${i} = sin(a${i - 1})*${(i % 7) + 1} + a${i - 2}/(1 + a${i - 1}*a${i - 1}) - a${i - 2}`);
  const program = lines.join('\n');
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length > 1000);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  // Over 1 000 nodes it opens whole (drawn legibly in part, every node's numbers would make each
  // step slow), and says it is too small to read.
  assert.match(await page.textContent('[data-testid=zoom-note]'), /too small to read/);
  // "Read a part" shows the first node's part legibly, and says how to see the whole again.
  await page.click('[data-testid=read-part]');
  await page.waitForFunction(() => document.querySelector('svg[data-testid=graph]').dataset.view === 'zoomed');
  const m = await measure(page);
  const nodes = await page.locator('[data-testid=graph] g[data-node]').count();
  assert.ok(m.texts > 0 && m.smallest >= 11 - 0.05, `${nodes} nodes: ${m.texts} texts on screen, the smallest ${m.smallest} px`);
  assert.match(m.note ?? '', /Fit \(0\) to see the whole graph/);
  assert.equal(await page.$('[data-testid=read-part]'), null);
  assert.deepEqual(errors, []);
});

test('in presenter mode the active edge\'s label covers no node, at any step', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url, { viewport: { width: 1024, height: 768 } });
  await loadTitled(page, 'Quiz: shared x·z', true);
  await page.click('[data-testid=zoom-fit]');
  await page.click('[data-testid=step]');
  const total = Number((await stepText(page)).split(' / ')[1]);
  let labels = 0;
  for (let k = 1; k <= total; k += 1) {
    await page.keyboard.press('PageDown');
    const covered = await page.evaluate(() => {
      const label = document.querySelector('[data-testid=edge-label] rect');
      if (!label) return null;
      const a = label.getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid=graph] g[data-node] rect')]
        .map((r) => [r.closest('g[data-node]').dataset.name, r.getBoundingClientRect()])
        .filter(([, b]) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        .map(([name]) => name);
    });
    if (covered === null) continue;
    labels += 1;
    assert.deepEqual(covered, [], `step ${k}: the label covers ${covered}`);
  }
  assert.ok(labels > 10, `${labels} labels seen`);
  assert.deepEqual(errors, []);
});

test('a drawing opened in part lets the wheel scroll the page, and keeps a drag through a resize', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url, { viewport: { width: 1440, height: 900 } });
  await loadTitled(page, 'Logistic regression', false);
  const viewBox = () => page.getAttribute('svg[data-testid=graph]', 'viewBox');
  const opened = await viewBox();
  assert.ok(await page.$('[data-testid=zoom-note]'));
  // The plain wheel over the drawing scrolls the page down to the legend and results.
  const box = await page.locator('svg[data-testid=graph]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(() => scrollY > 0);
  assert.equal(await viewBox(), opened);
  await page.evaluate(() => scrollTo(0, 0));
  // A drag moves the view; the note goes, and a new window size keeps the reader's view.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = await viewBox();
  assert.notEqual(dragged, opened);
  assert.equal(await page.$('[data-testid=zoom-note]'), null);
  await page.setViewportSize({ width: 1400, height: 880 });
  await page.waitForTimeout(200);
  assert.equal(await viewBox(), dragged);
  assert.deepEqual(errors, []);
});

test('on a small laptop the program folds away by its heading, and the step moves up into view', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url, { viewport: { width: 1280, height: 720 } });
  await loadTitled(page, 'A two-layer network', false);
  for (let i = 0; i < 50; i += 1) await page.keyboard.press('ArrowRight');
  const bottom = () => page.$eval('[data-testid=typeset-step]', (box) => box.getBoundingClientRect().bottom);
  // Below the fold of the side column with the program open.
  assert.ok((await bottom()) > 720, `${await bottom()}`);
  await page.click('.editor summary');
  assert.equal(await page.isVisible('[data-testid=source]'), false);
  assert.ok((await bottom()) <= 720, `${await bottom()}`);
  // The keys still step, and the heading opens the program again with its text.
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '51 / 101');
  await page.click('.editor summary');
  assert.ok((await page.inputValue('[data-testid=source]')).startsWith('x = [1, -2]'));
  // From the keyboard: Space on the heading folds the program, and does not play.
  await page.focus('.editor summary');
  await page.keyboard.press(' ');
  assert.equal(await page.isVisible('[data-testid=source]'), false);
  assert.equal(await page.textContent('[data-testid=play]'), 'Play');
  assert.equal(await stepText(page), '51 / 101');
  assert.deepEqual(errors, []);
});
