// The drawing (issue 9): edges routed between nodes, pan and zoom by buttons, keys, wheel and
// drag, the level of detail, the current node kept in view when zoomed, and big graphs drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withBrowser, openApp, typeProgram } from './harness.js';

const app = withBrowser();

const QUIZ = 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)';

/** The view box as numbers, the view mode, the scale and the level-of-detail class. */
const view = (page) =>
  page.$eval('[data-testid=graph]', (svg) => {
    const [x, y, width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
    const lod = [...svg.classList].find((c) => c.startsWith('lod-')) ?? 'all';
    return { x, y, width, height, mode: svg.dataset.view, scale: Number(svg.dataset.scale), lod };
  });

/** Where the drawing's point (ux, uy) is on the screen, given the view box (meet, centred). */
async function onScreen(page, ux, uy) {
  const box = await page.locator('[data-testid=graph]').boundingBox();
  const v = await view(page);
  const s = Math.min(box.width / v.width, box.height / v.height);
  const ox = box.x + (box.width - v.width * s) / 2;
  const oy = box.y + (box.height - v.height * s) / 2;
  return { x: ox + (ux - v.x) * s, y: oy + (uy - v.y) * s };
}

/** A node's box on the screen and the drawing window's. */
const boxes = (page, name) =>
  page.evaluate((name) => {
    const r = (e) => {
      const b = e.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    };
    return { node: r(document.querySelector(`[data-testid=graph] g[data-name="${name}"] rect`)), svg: r(document.querySelector('[data-testid=graph]')) };
  }, name);

test('edges leave from the right and arrive in argument order; x*x draws two edges apart', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 3\ny = x*x - x', 3);
  const ends = await page.$$eval('[data-testid=graph] path[data-edge]', (ps) =>
    ps.map((p) => {
      const [a, b] = [p.getPointAtLength(0), p.getPointAtLength(p.getTotalLength())];
      return { edge: p.dataset.edge, start: [a.x, a.y], end: [b.x, b.y] };
    }),
  );
  assert.equal(ends.length, 4);
  // Every edge leaves its node's right side and ends 4 drawing units before its consumer's left
  // side, where its arrowhead is drawn (measured on the screen, in drawing units).
  const scale = (await view(page)).scale;
  const sides = await page.$$eval('[data-testid=graph] path[data-edge]', (ps) => ps.map((p) => {
    const [from, to] = p.dataset.edge.split('-');
    const box = (id) => document.querySelector(`[data-testid=graph] g[data-node="${id}"] rect`).getBoundingClientRect();
    const at = (length) => {
      const point = p.getPointAtLength(length);
      return new DOMPoint(point.x, point.y).matrixTransform(p.getScreenCTM());
    };
    return [at(0).x - box(from).right, at(p.getTotalLength()).x - box(to).left];
  }));
  assert.ok(sides.every(([start, end]) => Math.abs(start / scale) < 0.5 && Math.abs(end / scale + 4) < 0.5), `${JSON.stringify(sides)} at ${scale}`);
  // The two edges of x*x start at different points and end at different slots.
  const square = ends.filter((e) => /^0-1-/.test(e.edge));
  assert.equal(square.length, 2);
  assert.notDeepEqual(square[0].start, square[1].start);
  const slot = (position) => square.find((e) => e.edge.endsWith(`-${position}`)).end[1];
  assert.ok(slot(0) < slot(1), 'argument 0 arrives above argument 1');
  assert.deepEqual(errors, []);
});

test('buttons, keys after a click, the wheel and a drag pan and zoom; Fit and 0 go back', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.setViewportSize({ width: 1024, height: 720 });
  await typeProgram(page, QUIZ, 10);
  // At 1024×720 the quiz's drawing is too wide to read whole: it opens in part, at the least
  // legible scale (11 px for 12 px text), and says so. Fit shows it whole, and says it is too
  // small to read.
  const opened = await view(page);
  assert.equal(opened.mode, 'zoomed');
  assert.equal(opened.scale, 0.92);
  assert.match(await page.textContent('[data-testid=zoom-note]'), /^Zoomed in to a readable size/);
  await page.click('[data-testid=zoom-fit]');
  const fitted = await view(page);
  assert.equal(fitted.mode, 'fit');
  assert.match(await page.textContent('[data-testid=zoom-note]'), /^The whole graph, too small to read/);
  await page.click('[data-testid=zoom-in]');
  const closer = await view(page);
  assert.equal(closer.mode, 'zoomed');
  // One step of + is 1.5 times closer: the view box a 1.5th as wide, the scale 1.5 times.
  assert.ok(Math.abs(closer.width - fitted.width / 1.5) < 0.5, `${closer.width} vs ${fitted.width} / 1.5`);
  assert.ok(Math.abs(closer.scale / fitted.scale - 1.5) < 0.01, `${closer.scale} / ${fitted.scale}`);
  // A key pressed after a button was clicked still zooms.
  await page.keyboard.press('+');
  const closest = await view(page);
  assert.ok(closest.width < closer.width * 0.75);
  await page.keyboard.press('-');
  assert.ok(Math.abs((await view(page)).width - closer.width) < 1);
  // Dragging right shows what is further left: the view box moves left by the drag in units.
  const box = await page.locator('[data-testid=graph]').boundingBox();
  const before = await view(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  const after = await view(page);
  const units = before.width / box.width;
  assert.ok(Math.abs(before.x - after.x - 100 * units) < 2, `moved ${before.x - after.x}, expected ${100 * units}`);
  assert.ok(Math.abs(before.y - after.y - 40 * units) < 2);
  // The end of a drag does not select the node under it.
  assert.equal(await page.locator('[data-testid=story]').count(), 0);
  // Ctrl + wheel zooms about the pointer: the drawing's point under it stays put. (The drag
  // did not scroll the page.)
  assert.deepEqual(await page.locator('[data-testid=graph]').boundingBox(), box);
  const at = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.6 };
  const v = await view(page);
  const unit = { x: v.x + ((at.x - box.x) / box.width) * v.width, y: v.y + ((at.y - box.y) / box.height) * v.height };
  await page.mouse.move(at.x, at.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await page.waitForFunction((w) => Number(document.querySelector('[data-testid=graph]').getAttribute('viewBox').split(' ')[2]) < w, v.width);
  const moved = await onScreen(page, unit.x, unit.y);
  assert.ok(Math.abs(moved.x - at.x) < 2 && Math.abs(moved.y - at.y) < 2, `${JSON.stringify(moved)} vs ${JSON.stringify(at)}`);
  // One notch of a mouse's wheel zooms one step (1.25 times), not e = 2.7 times.
  assert.ok(Math.abs(v.width / (await view(page)).width - 1.25) < 0.01, `${v.width} / ${(await view(page)).width}`);
  // 0 fits again, and so does the Fit button.
  await page.keyboard.press('0');
  assert.deepEqual(await view(page), fitted);
  await page.click('[data-testid=zoom-actual]');
  assert.ok(Math.abs((await view(page)).scale - 1) < 0.02);
  await page.click('[data-testid=zoom-fit]');
  assert.deepEqual(await view(page), fitted);
  // Typing + in the editor types it.
  await page.click('[data-testid=source]');
  await page.keyboard.press('End');
  await page.keyboard.type(' + 1');
  await page.waitForFunction(() => document.querySelector('[data-testid=app]').dataset.source.endsWith('+ 1'));
  // The new drawing opens as the first did, the reader's zoom gone.
  assert.deepEqual([(await view(page)).mode, (await view(page)).scale], ['zoomed', 0.92]);
  assert.deepEqual(errors, []);
});

test('a gesture moves the drawing by a transform, then renders the same view', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, QUIZ, 10);
  await page.click('[data-testid=zoom-in]');
  const state = () =>
    page.evaluate(() => {
      const svg = document.querySelector('[data-testid=graph]');
      const r = document.querySelector('[data-testid=graph] g[data-name="x"] rect').getBoundingClientRect();
      return { viewBox: svg.getAttribute('viewBox'), transform: svg.style.transform, node: [r.left, r.top, r.width, r.height] };
    });
  const close = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 1);
  const box = await page.locator('[data-testid=graph]').boundingBox();
  for (const gesture of ['wheel', 'drag']) {
    const before = await state();
    assert.equal(before.transform, '');
    if (gesture === 'wheel') {
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -30);
      await page.keyboard.up('Control');
    } else {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 + 25, { steps: 3 });
    }
    // Moving: the view box is the one rendered before, under a transform; the node moved.
    const moving = await state();
    assert.equal(moving.viewBox, before.viewBox, gesture);
    assert.match(moving.transform, /translate\(.*\) scale\(.*\)/);
    assert.ok(!close(moving.node, before.node), `${gesture}: the node moved`);
    if (gesture === 'drag') await page.mouse.up();
    // Settled (the wheel's pause, the drag's release): the new view box is rendered, with no
    // transform, and the node is exactly where the transform had put it.
    await page.waitForFunction((old) => document.querySelector('[data-testid=graph]').getAttribute('viewBox') !== old, before.viewBox);
    const settled = await state();
    assert.equal(settled.transform, '');
    assert.ok(close(settled.node, moving.node), `${gesture}: ${settled.node} vs ${moving.node}`);
  }
  assert.deepEqual(errors, []);
});

test('after an edit the nodes left in place keep their elements and glide; reduced motion stills it', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3\ny = x*z + sin(x)', 5);
  // Each node's element remembers what it drew; every animation started is recorded.
  const mark = () =>
    page.evaluate(() => {
      for (const g of document.querySelectorAll('[data-testid=graph] g[data-node]')) g.drew = `${g.dataset.op} ${g.querySelector('title')?.textContent ?? g.getAttribute('aria-label')}`;
      window.animated = [];
      if (!Element.prototype.animate.recorded) {
        const original = Element.prototype.animate;
        Element.prototype.animate = function (frames, options) {
          window.animated.push({ node: this.dataset?.node ? this.getAttribute('aria-label') : this.getAttribute('class'), property: Object.keys(frames[0])[0], from: Object.values(frames[0])[0] });
          return original.call(this, frames, options);
        };
        Element.prototype.animate.recorded = true;
      }
    });
  await mark();
  const before = await page.$$eval('[data-testid=graph] g[data-node]', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.op === 'input' ? g.dataset.name : g.dataset.op, g.getAttribute('aria-label')])));
  // A new first term renumbers the generated names; x, z, x*z, sin(x) and y (now a sum of
  // three) are still there.
  await typeProgram(page, 'x = 2; z = 3\ny = cos(z) + x*z + sin(x)', 7);
  const kept = await page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => ({ op: g.dataset.op, name: g.dataset.name, kept: g.drew !== undefined })));
  const keptOps = kept.filter((g) => g.kept).map((g) => (g.op === 'input' ? g.name : g.op)).sort();
  assert.deepEqual(keptOps, ['add', 'mul', 'sin', 'x', 'z'], JSON.stringify(kept));
  assert.equal(kept.find((g) => g.op === 'add' && g.kept).name, 'y');
  assert.ok(before.mul && before.sin);
  const animated = await page.evaluate(() => window.animated);
  // The new nodes (cos(z) and the two sums) and the edges fade in; no kept node fades.
  const fades = animated.filter((a) => a.property === 'opacity').map((a) => a.node);
  assert.ok(fades.includes('edges') && fades.some((n) => /cos/.test(n)), JSON.stringify(animated));
  assert.ok(!fades.some((n) => /^(x|z) = /.test(n)), JSON.stringify(fades));
  // Whatever moved glides from its old place: a translation, to none.
  assert.ok(animated.filter((a) => a.property === 'transform').every((a) => /^translate\(-?[\d.]+px, -?[\d.]+px\)$/.test(a.from)));
  assert.ok(animated.some((a) => a.property === 'transform'), JSON.stringify(animated));
  // With reduced motion asked for, an edit changes the drawing without any animation.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await mark();
  await typeProgram(page, 'x = 2; z = 3\ny = x*z + sin(x)', 5);
  assert.deepEqual(await page.evaluate(() => window.animated), []);
  assert.deepEqual(errors, []);
});

test('a vector or matrix collapses to one box and opens again, by mouse, keys and the button', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const program = 'x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2';
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program);
  const all = await page.locator('[data-testid=graph] g[data-node]').count();
  const edges = await page.locator('[data-testid=graph] path[data-edge]').count();
  // The whole drawing in view (at 1280×720 it opens in part, around its first node).
  await page.click('[data-testid=zoom-fit]');
  await page.click('[data-testid=group-toggle][data-group=W1]');
  const box = page.locator('[data-testid=group-box][data-group=W1]');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-members'), '6');
  assert.equal(await page.locator('[data-testid=graph] g[data-node]').count(), all - 6);
  assert.equal(await page.locator('[data-testid=graph] g[data-name^="W1["]').count(), 0);
  // Every edge is still drawn (the hooks name the elements), each of W1's leaving the box.
  assert.equal(await page.locator('[data-testid=graph] path[data-edge]').count(), edges);
  const leave = await page.evaluate(() => {
    const rect = document.querySelector('[data-testid=group-box][data-group=W1] rect');
    const right = Number(rect.getAttribute('x')) + Number(rect.getAttribute('width'));
    const names = Object.fromEntries([...document.querySelectorAll('[data-testid=graph] g[data-node]')].map((g) => [g.dataset.node, g.dataset.name]));
    const fromW1 = [...document.querySelectorAll('[data-testid=graph] path[data-edge]')].filter((p) => names[p.dataset.edge.split('-')[0]] === undefined);
    return fromW1.map((p) => Math.abs(p.getPointAtLength(0).x - right));
  });
  assert.equal(leave.length, 6);
  assert.ok(leave.every((d) => d < 1), JSON.stringify(leave));
  // Stepping through W1's elements lights the box.
  let lit = false;
  await page.click('[data-testid=step-forward]');
  for (let i = 0; i < 12 && !lit; i += 1) {
    await page.keyboard.press('ArrowRight');
    lit = (await page.locator('[data-testid=group-box].current').count()) > 0;
  }
  assert.ok(lit, 'the box is current while a step is about one of its elements');
  // Enter on the focused box opens it; Space on a focused name collapses it without playing.
  await box.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=graph] g[data-node]').length === n, all);
  const step = await page.textContent('[data-testid=step]');
  await page.focus('[data-testid=group-toggle][data-group=h]');
  await page.keyboard.press(' ');
  await page.locator('[data-testid=group-box][data-group=h]').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('[data-testid=step]'), step);
  // The button collapses every vector and matrix, then opens them all.
  await page.click('[data-testid=collapse-groups]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=group-box]').length === 4);
  assert.equal(await page.textContent('[data-testid=collapse-groups]'), 'Open vectors');
  await page.click('[data-testid=collapse-groups]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=graph] g[data-node]').length === n, all);
  assert.equal(await page.locator('[data-testid=group-box]').count(), 0);
  assert.deepEqual(errors, []);
});

test('zoomed in, the current node stays in view as the steps go on', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, QUIZ, 10);
  for (let i = 0; i < 3; i += 1) await page.click('[data-testid=zoom-in]');
  assert.ok((await view(page)).scale > 1.2);
  const total = Number((await page.textContent('[data-testid=step]')).split(' / ')[1]);
  for (let k = 0; k < total; k += 3) {
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    // The current nodes (the node of a forward step; both ends of a backward push): all in
    // view when they fit together, else at least one (the argument receiving the increment).
    const current = await page.$$eval('[data-testid=graph] g.node.current', (gs) => gs.map((g) => g.dataset.name));
    assert.ok(current.length > 0);
    const placed = await Promise.all(current.map((name) => boxes(page, name)));
    const svg = placed[0].svg;
    const seen = placed.map(({ node }) => node.left >= svg.left - 1 && node.right <= svg.right + 1 && node.top >= svg.top - 1 && node.bottom <= svg.bottom + 1);
    const union = placed.reduce((u, { node }) => ({ left: Math.min(u.left, node.left), right: Math.max(u.right, node.right), top: Math.min(u.top, node.top), bottom: Math.max(u.bottom, node.bottom) }), placed[0].node);
    const fits = union.right - union.left <= svg.right - svg.left && union.bottom - union.top <= svg.bottom - svg.top;
    assert.ok(fits ? seen.every(Boolean) : seen.some(Boolean), `${current} out of view at step ${k}: ${seen}`);
  }
  assert.deepEqual(errors, []);
});

test('zoomed out, numbers and then all words are hidden; a 10 001-node graph is drawn whole', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  // 3 334 inputs, their squares and the 3 333 additions of the sum.
  const program = `v = [${'1.5, '.repeat(3333)}1.5]\ny = sum(v * v)`;
  // Every number text a node is given from here on.
  await page.evaluate(() => {
    window.numbersMade = 0;
    const numbers = 'text.value, text.adjoint';
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes]).filter((n) => n.nodeType === 1)) {
        window.numbersMade += (node.matches(numbers) ? 1 : 0) + node.querySelectorAll(numbers).length;
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program, { timeout: 120000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 10001, null, { timeout: 120000 });
  // Too big to draw legibly at once (over 1 000 nodes), it opens whole, and says it is too small
  // to read.
  const far = await view(page);
  assert.equal(far.lod, 'lod-shapes');
  assert.match(await page.textContent('[data-testid=zoom-note]'), /too small to read/);
  // Drawn at the level of detail it is fitted at from the first: the nodes' numbers were never
  // made (they had been, 40 000 texts, only for the level of detail to take them out again).
  assert.equal(await page.evaluate(() => window.numbersMade), 0);
  const hidden = await page.$eval('[data-testid=graph] g[data-node] text.name', (t) => getComputedStyle(t).display);
  assert.equal(hidden, 'none');
  // At actual size every word is back; two steps out (1/1.5², under 0.45) the numbers go.
  await page.click('[data-testid=zoom-actual]');
  assert.equal((await view(page)).lod, 'all');
  assert.equal(await page.locator('[data-testid=graph] g[data-node] text.value').count(), 10001);
  // The counter does count: the numbers made now are all there.
  assert.ok(await page.evaluate(() => window.numbersMade) >= 10001);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  const middle = await view(page);
  assert.ok(Math.abs(middle.scale - 1 / 2.25) < 0.01, JSON.stringify(middle));
  assert.equal(middle.lod, 'lod-names');
  // Names are shown; the numbers are not drawn at all (a slider then changes only the hooks).
  const shown = await page.$$eval('[data-testid=graph] g[data-node]', (gs) => ({
    name: gs.every((g) => getComputedStyle(g.querySelector('text.name')).display !== 'none'),
    number: gs.some((g) => g.querySelector('text.value, text.adjoint')),
  }));
  assert.deepEqual(shown, { name: true, number: false });
  assert.deepEqual(errors, []);
});

test('zoomed out, a slider still updates every node hook, to the last digit of the engine', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const row = (n, seed) => `[${Array.from({ length: n }, (_, c) => ((seed * 7 + c * 3) % 11) / 10 - 0.5).join(', ')}]`;
  const W = (rows, columns, seed) => `[${Array.from({ length: rows }, (_, r) => row(columns, seed + r)).join(', ')}]`;
  const program = [`x = ${row(4, 1)}`, `W1 = ${W(8, 4, 2)}`, `w2 = ${row(8, 3)}`, 'h = tanh(W1 @ x)', 'y = dot(w2, h)'].join('\n');
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program);
  await page.click('[data-testid=to-end]');
  // It opens legible, in part; fitted, it is below full detail: the nodes' numbers are not drawn.
  assert.equal((await view(page)).lod, 'all');
  await page.click('[data-testid=zoom-fit]');
  assert.notEqual((await view(page)).lod, 'all');
  assert.equal(await page.locator('[data-testid=graph] g[data-node] text.value').count(), 0);
  const hooks = () =>
    page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => [g.dataset.node, g.dataset.value, g.dataset.adjoint]));
  for (const value of [-2.5, 0, 1.75]) {
    await page.$eval('[data-testid="slider-x[0]"]', (slider, value) => {
      slider.value = String(value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
    await page.waitForFunction((v) => document.querySelector('g[data-name="x[0]"]').dataset.value === String(v), value);
    const cli = JSON.parse(
      execFileSync('cargo', ['run', '-q', '-p', 'gradgraph-cli', '--', 'eval', program, '--at', `x[0]=${value}`, '--json'], { encoding: 'utf8' }),
    );
    const engine = new Map(cli.nodes.map((n) => [String(n.id), [n.value, n.adjoint]]));
    const shown = await hooks();
    assert.equal(shown.length, engine.size);
    for (const [id, v, a] of shown) {
      const [ev, ea] = engine.get(id);
      assert.ok(Object.is(Number(v), Number(ev)) && (a === '' ? ea === null : Object.is(Number(a), Number(ea))), `node ${id} at x[0] = ${value}: ${v}, ${a} vs ${ev}, ${ea}`);
    }
  }
  // Collapsed, fewer nodes are drawn (and in other places): their hooks still follow the slider.
  await page.click('[data-testid=collapse-groups]');
  await page.waitForSelector('[data-testid=group-box]');
  await page.$eval('[data-testid="slider-x[0]"]', (slider) => {
    slider.value = '-1';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const cli = JSON.parse(execFileSync('cargo', ['run', '-q', '-p', 'gradgraph-cli', '--', 'eval', program, '--at', 'x[0]=-1', '--json'], { encoding: 'utf8' }));
  const engine = new Map(cli.nodes.map((n) => [String(n.id), [n.value, n.adjoint]]));
  await page.waitForFunction((y) => Number(document.querySelector('g[data-name="y"]').dataset.value) === y, cli.value);
  const shown = await hooks();
  assert.ok(shown.length > 0 && shown.length < engine.size, `${shown.length} of ${engine.size} drawn`);
  for (const [id, v, a] of shown) {
    const [ev, ea] = engine.get(id);
    assert.ok(Object.is(Number(v), Number(ev)) && (a === '' ? ea === null : Object.is(Number(a), Number(ea))), `collapsed: node ${id}: ${v}, ${a} vs ${ev}, ${ea}`);
  }
  assert.deepEqual(errors, []);
});

test('the layers can run down the page and back; the steps and the vectors work either way', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, QUIZ, 10);
  /** Each node's box and each edge's ends, in the drawing's coordinates. */
  const drawing = () =>
    page.evaluate(() => {
      const boxes = {};
      for (const g of document.querySelectorAll('[data-testid=graph] g[data-node]')) {
        const r = g.querySelector('rect').getBBox();
        boxes[g.dataset.node] = { x: r.x, y: r.y, w: r.width, h: r.height };
      }
      const edges = [...document.querySelectorAll('[data-testid=graph] path[data-edge]')].map((p) => p.dataset.edge.split('-').slice(0, 2));
      return { boxes, edges };
    });
  const settled = () =>
    page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  const check = ({ boxes, edges }, down) => {
    assert.ok(edges.length >= 13);
    for (const [from, to] of edges) {
      const [a, b] = [boxes[from], boxes[to]];
      // The argument's layer comes before its consumer's: above it going down, left of it across.
      if (down) assert.ok(a.y + a.h <= b.y, `${from} above ${to}`);
      else assert.ok(a.x + a.w <= b.x, `${from} left of ${to}`);
    }
    const list = Object.values(boxes);
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const [p, q] = [list[i], list[j]];
        assert.ok(p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y, 'no two nodes overlap');
      }
    }
  };
  check(await drawing(), false);
  await page.click('[data-testid=to-end]');
  const hooks = () => page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => `${g.dataset.name} ${g.dataset.value} ${g.dataset.adjoint}`).sort());
  const across = await hooks();
  await page.click('[data-testid=direction]');
  await page.waitForFunction(() => document.querySelector('[data-testid=direction]').textContent === '→ Across');
  await settled();
  const down = await drawing();
  check(down, true);
  // Fitted: the whole drawing is in view, taller than wide.
  await page.click('[data-testid=zoom-fit]');
  const v = await view(page);
  assert.equal(v.mode, 'fit');
  assert.ok(v.height > v.width, `${v.width} x ${v.height}`);
  // The same numbers on the same nodes; stepping goes on as before.
  assert.deepEqual(await hooks(), across);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.textContent('[data-testid=step]').then((t) => t.split(' / ')[0]), '1');
  await page.click('[data-testid=direction]');
  await page.waitForFunction(() => document.querySelector('[data-testid=direction]').textContent === '↓ Down');
  await settled();
  check(await drawing(), false);
  // A collapsed vector's box, going down.
  await typeProgram(page, 'x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nh = sigmoid(W1 @ x)\ny = sum(h)', 22);
  await page.click('[data-testid=collapse-groups]');
  await page.click('[data-testid=direction]');
  await page.waitForSelector('[data-testid=group-box]');
  await settled();
  // Going down, x's box is above W1's products and h's box above y.
  const place = (selector) =>
    page.$eval(selector, (g) => {
      const { x, y, width, height } = g.querySelector('rect').getBBox();
      return { x, y, width, height };
    });
  const [x, h, y] = [await place('[data-testid=group-box][data-group="x"]'), await place('[data-testid=group-box][data-group="h"]'), await place('g[data-name="y"]')];
  assert.ok(x.y + x.height <= h.y && h.y + h.height <= y.y, JSON.stringify({ x, h, y }));
  assert.deepEqual(errors, []);
});
