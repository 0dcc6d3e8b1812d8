// What a first-time teacher or student trips on (issue 7), one test per point, through the
// page's hooks: names, keys after a click, typeset maths, constants, sentences, labels, lists,
// and the smaller things (values in use, legend, final adjoints, NaN blame, output errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withBrowser, openApp, typeProgram, node, stepText } from './harness.js';

const app = withBrowser();

/** Replaces the program and waits until the page has analyzed exactly this text. */
async function enter(page, program) {
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program);
}

const names = (page) => page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => g.dataset.name));
const outputChoices = (page) => page.$$eval('[data-testid=output] option', (os) => os.map((o) => o.textContent));
const explainText = (page) => page.textContent('[data-testid=explain]');

test('1. generated names never equal a name the program uses', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; y = u1*x + sin(x)', 5);
  const all = await names(page);
  assert.deepEqual(all, ['x', 'u1', 'u2', 'u3', 'y']);
  assert.equal(new Set(all).size, all.length);
  assert.equal((await node(page, 'u1')).op, 'input');
  assert.equal((await node(page, 'u2')).op, 'mul');
  for (let i = 0; i < 3; i += 1) await page.click('[data-testid=step-forward]');
  assert.match(await explainText(page), /^Forward: u2 = u1 \* x = 1 \* 2 = 2\.$/);
  const choices = await outputChoices(page);
  assert.equal(new Set(choices).size, choices.length, choices.join(' | '));
  assert.deepEqual(errors, []);
});

test('2. stepping keys keep working after a click, and never change a closed menu', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  // A click leaves the focus on the button; the keys still step.
  await page.click('[data-testid=step-forward]');
  assert.equal(await stepText(page), '1 / 16');
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '2 / 16');
  await page.keyboard.press('End');
  assert.equal(await stepText(page), '16 / 16');
  await page.keyboard.press('Home');
  assert.equal(await stepText(page), '0 / 16');
  // A presenter's clicker sends PageDown and PageUp.
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageUp');
  assert.equal(await stepText(page), '1 / 16');
  // Space on a timeline button plays (and pauses) instead of clicking it again.
  await page.click('[data-testid=step-forward]');
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('[data-testid=play]'), 'Pause');
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('[data-testid=play]'), 'Play');
  const paused = await stepText(page);

  // A focused, closed menu: → neither steps nor changes the output.
  await page.focus('[data-testid=output]');
  const before = await page.inputValue('[data-testid=output]');
  for (const key of ['ArrowRight', 'ArrowLeft', 'End', 'Home', 'PageDown']) await page.keyboard.press(key);
  assert.equal(await page.inputValue('[data-testid=output]'), before);
  assert.equal(await stepText(page), paused);
  assert.ok((await node(page, 'y')).classes.includes('output'));

  // Text, number and slider fields keep their keys.
  for (const field of ['[data-testid=source]', '[data-testid=input-x]', '[data-testid=slider-x]']) {
    await page.focus(field);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('End');
    assert.equal(await stepText(page), paused, field);
  }
  // A checkbox keeps Space (it toggles) but the arrows step.
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  await page.focus('[data-testid=sharing]');
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await stepText(page), paused);
  assert.deepEqual(errors, []);
});

/** Reads the page's MathML back as program text, the way a reader of the mathematics would:
 * fractions and exponents are grouped by their layout; an invisible times after a number is
 * juxtaposition (`2x`), elsewhere a matrix product; other invisible operators are nothing. */
function readMath(element) {
  const greek = { α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', η: 'eta', θ: 'theta', λ: 'lambda', μ: 'mu', σ: 'sigma', τ: 'tau', φ: 'phi', ω: 'omega', π: 'pi' };
  const ops = { '·': ' * ', '−': ' - ', '+': ' + ', '=': ' = ', ',': ', ', '\u2061': '' };
  const read = (e) => {
    const kids = [...e.children];
    switch (e.localName) {
      case 'math': case 'mrow': return row(kids);
      case 'mi': return greek[e.textContent] ?? e.textContent;
      case 'mn': return e.textContent === '∞' ? '1e999' : e.textContent;
      case 'mo': return ops[e.textContent] ?? e.textContent;
      case 'mtext': return '';
      case 'mfrac': return `((${read(kids[0])}) / (${read(kids[1])}))`;
      case 'msup': return `${read(kids[0])}^(${read(kids[1])})`;
      case 'msub': return `${read(kids[0])}[${read(kids[1]).replaceAll(', ', '][')}]`;
      case 'msqrt': return `sqrt(${row(kids)})`;
      case 'mtable': {
        const rows = kids.map((r) => [...r.children].map((cell) => row([...cell.children])));
        return rows.every((r) => r.length === 1) ? rows.map((r) => r[0]).join(', ') : rows.map((r) => `[${r.join(', ')}]`).join(', ');
      }
      default: return e.textContent;
    }
  };
  const row = (kids) => {
    const text = (k) => k?.localName === 'mo' ? k.textContent : null;
    if (kids.length >= 2 && text(kids[0]) === '|' && text(kids.at(-1)) === '|') return `abs(${row(kids.slice(1, -1))})`;
    let out = '';
    for (let i = 0; i < kids.length; i += 1) {
      const t = text(kids[i]);
      if (t === '\u2062') out += kids[i - 1]?.localName === 'mn' ? '' : ' @ ';
      else if (t === '−' && i === 0) out += '-';
      else if (t === '∑') { i += 1; out += `sum(${read(kids[i])})`; }
      else out += read(kids[i]);
    }
    return out;
  };
  return read(element);
}

/** Goes to step `k` from the start. */
async function stepTo(page, k) {
  if (!(await page.isDisabled('[data-testid=reset]'))) await page.click('[data-testid=reset]');
  for (let i = 0; i < k; i += 1) await page.click('[data-testid=step-forward]');
}

/** Goes to the last step (the page stays there across edits once it is there). */
async function toEnd(page) {
  if (!(await page.isDisabled('[data-testid=to-end]'))) await page.click('[data-testid=to-end]');
}

/** The output's value and every input's gradient at the end of the timeline. */
async function results(page) {
  await toEnd(page);
  return page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs
    .filter((g) => g.dataset.op === 'input' || g.classList.contains('output'))
    .map((g) => `${g.dataset.name}: ${g.dataset.value} ${g.dataset.adjoint}`));
}

test('3. the typeset program reads back as the same program (the whole corpus)', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const corpus = readFileSync(new URL('../crates/engine/tests/data/typeset-corpus.txt', import.meta.url), 'utf8')
    .split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  assert.ok(corpus.length >= 40);
  await page.addScriptTag({ content: `window.readMath = ${readMath.toString()};` });
  for (const program of corpus) {
    await enter(page, program.replaceAll('; ', '\n'));
    const read = await page.$$eval('[data-testid=math] math', (ms) => ms.map((m) => window.readMath(m)).join('\n'));
    const expected = await results(page);
    const ops = await page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => g.dataset.op));
    await enter(page, read);
    // The read-back text compiles (a text with errors would keep the last good graph, whose
    // numbers are the same), to the same operations and the same numbers.
    assert.equal(await page.locator('[data-testid=diagnostics] li.error').count(), 0, `${program}\nread back as\n${read}`);
    assert.deepEqual(await page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => g.dataset.op)), ops, read);
    assert.deepEqual(await results(page), expected, `${program}\nread back as\n${read}`);
  }
  // The cases the teacher saw: a sign or a digit after a number keeps its dot and brackets.
  await enter(page, 'x = 2\ny = 2*-3*x + 2*3^x');
  const math = await page.textContent('[data-testid=math]');
  assert.match(math, /2·\(−3\)·x\+2·3x/);
  assert.deepEqual(errors, []);
});

test('4. constants are not variables: no adjoint, no push, no output choice, no false NaN', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = -3\ny = x^2', 3);
  await toEnd(page);
  assert.equal(await stepText(page), '7 / 7');
  assert.equal((await node(page, '2')).adjoint, '');
  assert.equal((await node(page, 'x')).adjoint, '-6');
  assert.equal(await page.locator('[data-testid=badge]').count(), 0);
  assert.equal(await page.locator('[data-testid=notes]').count(), 0);
  assert.deepEqual(await outputChoices(page), ['y (last statement)', 'x']);
  assert.ok(!(await page.textContent('[data-testid=graph]')).includes('NaN'));
  // Nor is what is computed from constants alone: c is offered neither in the page nor by the CLI.
  await typeProgram(page, 'x = -3\nc = 2*3\ny = c*x^2', 6);
  assert.deepEqual(await outputChoices(page), ['y (last statement)', 'x', 'u1']);
  await toEnd(page);
  assert.equal((await node(page, 'c')).adjoint, '');
  // The shipped two-layer network: a squared error with a negative residual.
  await page.selectOption('[data-testid=examples]', { label: 'A two-layer network' });
  await page.waitForFunction(() => document.querySelector('[data-testid=app]').dataset.source.startsWith('x = [1, -2]'));
  await toEnd(page);
  assert.equal(await page.locator('[data-testid=badge]').count(), 0);
  const adjoints = await page.$$eval('[data-testid=graph] g[data-op=const]', (gs) => gs.map((g) => g.dataset.adjoint));
  assert.ok(adjoints.length > 0 && adjoints.every((a) => a === ''), adjoints.join());
  // A variable exponent still gets its partial, and its honest note.
  await typeProgram(page, 'x = -3\nn = 2\ny = x^n', 3);
  await toEnd(page);
  assert.equal((await node(page, 'n')).adjoint, 'NaN');
  assert.match(await page.textContent('[data-testid=notes]'), /undefined for a negative base/);
  assert.deepEqual(errors, []);
});

test('5. sentences: negative numbers in brackets, nothing twice, running sums', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = -3\ny = x^2', 3);
  await stepTo(page, 3);
  assert.equal(await explainText(page), 'Forward: y = x^2 = (-3)^2 = 9.');
  await typeProgram(page, 'x = 0.5\ny = x + -2*x', 5);
  await stepTo(page, 5);
  assert.equal(await explainText(page), 'Forward: y = x + u2 = 0.5 + (-1) = -0.5.');
  // Every sentence of the quiz: no part repeated, and the running sum at the shared u1.
  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  const sentences = [];
  await page.click('[data-testid=reset]');
  for (;;) {
    sentences.push(await explainText(page));
    if (await page.isDisabled('[data-testid=step-forward]')) break;
    await page.click('[data-testid=step-forward]');
  }
  for (const sentence of sentences) {
    const parts = sentence.replace(/\.$/, '').split(/ = |, so /);
    for (let i = 1; i < parts.length; i += 1) assert.notEqual(parts[i], parts[i - 1], sentence);
    assert.ok(!/[+\-×*/] -\d/.test(sentence), `a bare negative operand: ${sentence}`);
  }
  const sums = sentences.filter((s) => /so dy\/du1 = \S+ \+ \S+ = \S+\.$/.test(s));
  assert.equal(sums.length, 3, sentences.filter((s) => s.includes('dy/du1 +=')).join('\n'));
  assert.deepEqual(errors, []);
});

const LONG = 'a'.repeat(300);
const LONG_PROGRAM = `prediction_of_the_model = 0.3\nloss_for_this_training_example = (prediction_of_the_model - 1)^2 + sigmoid(prediction_of_the_model)\n${LONG} = 2*loss_for_this_training_example`;

test('6. long names fit their nodes, the page never scrolls sideways, edge labels stay on top', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  for (const width of [1280, 800, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await typeProgram(page, LONG_PROGRAM, 8);
    await toEnd(page);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client, `at ${width} px the page is ${scroll} px wide`);
  }
  // Every line of text lies inside its node's box, and no two boxes overlap.
  const boxes = await page.$$eval('[data-testid=graph] g[data-node]', (gs) => gs.map((g) => {
    const width = Number(g.querySelector('rect').getAttribute('width'));
    // Text positions from the box's left side (elements are placed in drawing coordinates).
    const left = Number(g.querySelector('rect').getAttribute('x') ?? 0);
    const texts = [...g.querySelectorAll(':scope > text')].map((t) => ({ x: Number(t.getAttribute('x') ?? 0) - left, length: t.getComputedTextLength(), anchor: t.getAttribute('text-anchor') }));
    const box = g.querySelector('rect').getBoundingClientRect();
    return { name: g.dataset.name, width, texts, shown: g.querySelector('text.name').textContent, box: [box.left, box.top, box.right, box.bottom] };
  }));
  for (const b of boxes) {
    for (const t of b.texts) {
      const [left, right] = t.anchor === 'end' ? [t.x - t.length, t.x] : [t.x, t.x + t.length];
      assert.ok(left >= 0 && right <= b.width + 0.5, `${b.name.slice(0, 40)}: text ${left}–${right} in a box of ${b.width}`);
    }
  }
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.box[2] <= b.box[0] || b.box[2] <= a.box[0] || a.box[3] <= b.box[1] || b.box[3] <= a.box[1];
      assert.ok(apart, `${a.name.slice(0, 20)} overlaps ${b.name.slice(0, 20)}`);
    }
  }
  const long = boxes.find((b) => b.name === LONG);
  assert.ok(long.shown.endsWith('…') && long.shown.length < 40, long.shown);
  // The tooltip, made when the pointer is on the node, has the name whole. (At 390 px the
  // drawing opens in part, legible: Fit shows the node wherever it is.)
  await page.click('[data-testid=zoom-fit]');
  await page.hover(`[data-testid=graph] g[data-name="${LONG}"] rect`);
  await page.waitForSelector(`[data-testid=graph] g[data-name="${LONG}"] > title`, { state: 'attached' });
  assert.ok((await page.textContent(`[data-testid=graph] g[data-name="${LONG}"] > title`)).includes(`${LONG} = 2 * loss_for_this_training_example`));
  assert.ok((await page.textContent('[data-testid=results]')).includes(`d${LONG}/dprediction_of_the_model`));

  // The active edge's label is painted above every node, over its own background.
  await page.setViewportSize({ width: 1100, height: 800 });
  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  await stepTo(page, 31);
  const label = page.locator('[data-testid=edge-label]');
  assert.equal(await label.count(), 1);
  const topmost = await label.evaluate((g) => {
    const r = g.querySelector('text').getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return g.contains(hit) && g.querySelector('rect') !== null;
  });
  assert.ok(topmost, 'the label is the topmost element at its centre');
  // Painted after the nodes: moved onto a node's middle, the label is still what is on top there.
  const overNode = await label.evaluate((g) => {
    const box = document.querySelector('[data-testid=graph] g[data-name="u1"] rect').getBBox();
    g.setAttribute('transform', `translate(${box.x + box.width / 2},${box.y + box.height / 2})`);
    const r = g.querySelector('text').getBoundingClientRect();
    return g.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  });
  assert.ok(overNode, 'the label is drawn above the nodes');
  assert.deepEqual(errors, []);
});

test('7. lists are keyed by node: no duplicate choices, vectors as rows, no silent truncation', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 1; z = 2\ny = 2*x + 2*z', 6);
  await page.uncheck('[data-testid=sharing]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 7);
  const choices = await outputChoices(page);
  assert.deepEqual(choices, ['y (last statement)', 'x', 'z', 'u1', 'u2']);
  // Choosing the second product selects that very node.
  await page.selectOption('[data-testid=output]', { label: 'u2' });
  await page.waitForFunction(() => document.querySelector('g[data-name="u2"]').classList.contains('output'));
  await toEnd(page);
  assert.equal((await node(page, 'z')).adjoint, '2');
  assert.equal((await node(page, 'x')).adjoint, '0');

  // A vector's gradient is one row that opens into its elements.
  await page.check('[data-testid=sharing]');
  await page.selectOption('[data-testid=examples]', { label: 'Logistic regression' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 21);
  await toEnd(page);
  const theta = page.locator('[data-testid=gradient-theta]');
  assert.equal(await theta.textContent(), '▾ dJ/dtheta (3)[0.010987, 0.021974, 0.032961] ✓');
  assert.equal(await page.locator('[data-testid=results] tr.element').count(), 6);
  await theta.locator('button').click();
  assert.equal(await page.locator('[data-testid=results] tr.element').count(), 3);
  // The algorithm names the output it differentiates: J, not y.
  assert.equal(
    await page.textContent('[data-testid=algorithm] [data-line=init] code'),
    'initialise every dJ/du to 0, and dJ/dJ = 1',
  );
  assert.equal(await page.textContent('[data-testid=algorithm] [data-line=increment] code'), 'dJ/dv_j += (dJ/duᵢ)(∂uᵢ/∂v_j)');

  // 150 scalar inputs: 100 rows and a count of the rest.
  const many = Array.from({ length: 150 }, (_, i) => `a${i} = ${i}`).join('\n') + `\ny = ${Array.from({ length: 150 }, (_, i) => `a${i}`).join(' + ')}`;
  await enter(page, many);
  assert.equal(await page.textContent('[data-testid=results-more]'), '… and 50 more');
  assert.deepEqual(errors, []);
});

test('8. values in use, a legend, final adjoints, the right NaN culprit, output errors', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  await toEnd(page);
  await page.fill('[data-testid=input-x]', '5');
  await page.press('[data-testid=input-x]', 'Enter');
  await page.waitForFunction(() => document.querySelector('g[data-name="x"]').dataset.value === '5');
  const first = page.locator('[data-testid=math] math').first();
  assert.match(await first.textContent(), /x=5/);
  assert.ok((await first.getAttribute('class')).includes('changed'));
  await page.click('[data-testid=input-reset-x]');
  await page.waitForFunction(() => document.querySelector('[data-testid=math] math').textContent.startsWith('x=2'));

  const legend = await page.textContent('[data-testid=legend]');
  for (const words of ['input', 'constant', 'forward pass', 'backward pass', 'the output, y', 'dy: g', '✓']) assert.ok(legend.includes(words), words);

  // dy/dx gets two contributions: while partial it has no mark, once visited it is final.
  await stepTo(page, 13);
  let x = await page.$eval('g[data-name="x"]', (g) => ({ final: g.dataset.final, text: g.querySelector('.adjoint').textContent }));
  assert.deepEqual(x, { final: 'false', text: 'dy: 2.5839' });
  await toEnd(page);
  x = await page.$eval('g[data-name="x"]', (g) => ({ final: g.dataset.final, text: g.querySelector('.adjoint').textContent }));
  assert.deepEqual(x, { final: 'true', text: 'dy: 2.5839 ✓' });

  // A NaN is blamed on the input that is NaN, not on the first one that is not finite.
  await typeProgram(page, 'x = -1\nw = log(0)\nu = sqrt(x)\na = w + u', 5);
  await toEnd(page);
  const notes = await page.textContent('[data-testid=notes]');
  assert.match(notes, /a is NaN because its input u is NaN/);

  // A trailing input is the output only with a word: where it is, which node and why.
  await typeProgram(page, 'x = 2\ny = x*x\nlr = 0.1', 3);
  const trailing = await page.$eval('[data-testid=diagnostics] li.warning', (li) => ({ text: li.textContent, line: li.dataset.line }));
  assert.match(trailing.text, /'lr' is the output because it is the last statement, but it is an input, so dlr\/du is 0 for every other node u/);
  assert.equal(trailing.line, '3');
  // A chosen output that disappears: a warning about the menu, not about line 1.
  await typeProgram(page, 'x = 2; u = x*x; y = u + 1', 4);
  await page.selectOption('[data-testid=output]', 'u');
  await page.waitForFunction(() => document.querySelector('g[data-name="u"]').classList.contains('output'));
  await typeProgram(page, 'x = 2; v = x*x; y = v + 1', 4);
  const warning = await page.textContent('[data-testid=diagnostics] li.warning');
  assert.match(warning, /^The “Differentiate” menu: there is no node named 'u' to differentiate; the last statement is differentiated instead/);
  assert.equal(await page.locator('[data-testid=source-marks] mark').count(), 0);
  // A chosen output that becomes a vector: the warning says so, at its assignment.
  await typeProgram(page, 'x = 2; h = x*x; y = h + 1', 4);
  await page.selectOption('[data-testid=output]', 'h');
  await page.waitForFunction(() => document.querySelector('g[data-name="h"]').classList.contains('output'));
  await typeProgram(page, 'x = [2, 3]; h = x*x; y = sum(h)', 5);
  const vector = await page.$eval('[data-testid=diagnostics] li.warning', (li) => ({ text: li.textContent, line: li.dataset.line, col: li.dataset.col }));
  assert.match(vector.text, /the chosen output 'h' is a vector of 2, not a single number; the last statement is differentiated instead/);
  assert.deepEqual([vector.line, vector.col], ['1', '13']);
  assert.ok(await page.$eval('g[data-name="y"]', (g) => g.classList.contains('output')));
  assert.deepEqual(errors, []);
});

test('under a dark system preference nothing becomes unreadable: the page and its controls stay light', async () => {
  const context = await app.browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid=graph] g[data-node]');
  assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
  // The contrast of each text-bearing control and of the page's text with what is behind it
  // (WCAG's relative luminance; 4.5 is AA for normal text).
  const contrasts = await page.evaluate(() => {
    const rgb = (color) => color.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const b = getComputedStyle(e).backgroundColor;
        if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b;
      }
      return 'rgb(255, 255, 255)';
    };
    const ratio = (element) => {
      const [a, b] = [lum(rgb(getComputedStyle(element).color)), lum(rgb(background(element)))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    };
    const selectors = ['body', '[data-testid=examples]', '[data-testid=source]', '[data-testid=step-forward]', '[data-testid=speed]', '[data-testid=explain]', '[data-testid=input-x]'];
    return Object.fromEntries(selectors.map((s) => [s, ratio(document.querySelector(s))]));
  });
  for (const [selector, ratio] of Object.entries(contrasts)) assert.ok(ratio >= 4.5, `${selector}: ${ratio.toFixed(2)}`);
  assert.deepEqual(errors, []);
  await context.close();
});
