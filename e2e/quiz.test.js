// Self-check (issue 11): predict-then-reveal on any graph, answered right, wrong, with hints
// and shown; generated quizzes checked against the CLI's key for the same seed; a speed round
// run to its end on a fake clock; quiz links (a seed, a teacher's program) and "Show me".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withBrowser, openApp, typeProgram, node, stepText } from './harness.js';

const app = withBrowser();

/** The CLI's quiz for a seed and level: the same question the page generates. */
function cliQuiz(seed, level) {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'gradgraph-cli', '--', 'quiz', `--seed=${seed}`, `--level=${level}`, '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** An option as the page writes it: `[3, -4]`, numbers to the quiz's decimals. */
const optionText = (quiz, i) => `[${quiz.options[i].map((v) => v.toFixed(quiz.decimals)).join(', ')}]`;
const LETTERS = 'ABCDEFGH';

/** Opens the page at `hash` (a quiz link) and waits for the quiz panel. */
async function openQuiz(context, url, hash) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(new Error(message.text()));
  });
  await page.goto(url + hash);
  await page.waitForSelector('[data-testid=quiz-panel]');
  return { page, errors };
}

const options = (page) => page.$$eval('[data-testid^=option-]', (bs) => bs.map((b) => b.textContent));
const question = (page) => page.textContent('[data-testid=question] label');

/** Types a prediction as a student does: into the field, which takes the focus when the
 * question appears, then Enter. */
async function predict(page, text) {
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'prediction');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('predict-then-reveal: right first time, wrong then hints, shown, and the score by node', async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, errors } = await openApp(context, app.server.url);
  await typeProgram(page, 'x = 2\nz = 3\ny = x*z + sin(x)', 5);
  await page.selectOption('[data-testid=predict]', 'both');
  // Inputs ask nothing: the Step button goes straight on until a computed value is due.
  await page.click('[data-testid=step-forward]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 3: what is u1? ');
  assert.equal(await stepText(page), '2 / 16', 'the step waits for the prediction');
  assert.equal((await node(page, 'u1')).value, '', 'the value stays hidden');
  assert.deepEqual(await page.$$eval('[data-asked]', (gs) => gs.map((g) => g.dataset.name)), ['u1']);
  // The field has the focus: typing and Enter answer. Right first time moves on.
  await predict(page, '6');
  assert.equal(await page.textContent('[data-testid=last-answer]'), 'Right: u1 = 6.');
  assert.equal(await stepText(page), '3 / 16');
  assert.equal((await node(page, 'u1')).value, '6');

  // Wrong, then the two hints, then right: "with help".
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 4: what is u2? ');
  await predict(page, '0.92');
  assert.match(await page.textContent('[data-testid=feedback]'), /^Not quite: 0\.92 is not it/);
  assert.equal(await stepText(page), '3 / 16');
  await page.click('[data-testid=hint]');
  assert.equal(await page.textContent('[data-testid=hint-1]'), 'The rule: u2 = sin(x)');
  await page.click('[data-testid=hint]');
  assert.equal(await page.textContent('[data-testid=hint-2]'), 'With the numbers: u2 = sin(2)');
  assert.ok(await page.isDisabled('[data-testid=hint]'), 'two hints at most');
  await page.fill('[data-testid=prediction]', '0.9093');
  await page.keyboard.press('Enter');
  assert.equal(await page.textContent('[data-testid=last-answer]'), 'Right: u2 = 0.9093.');

  // Within a relative thousandth counts (6.9093 is the value); a hundredth off does not.
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 5: what is y? ');
  await predict(page, '6.98');
  assert.ok(await page.isVisible('[data-testid=feedback]'));
  await page.fill('[data-testid=prediction]', '6.91');
  await page.keyboard.press('Enter');
  assert.equal(await page.textContent('[data-testid=last-answer]'), 'Right: y = 6.9093.');

  // The backward pass asks each increment's new dy/dv; one is shown instead of answered.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 8: what is dy/du1 after y pushes into it? ');
  await page.click('[data-testid=reveal]');
  assert.equal(await page.textContent('[data-testid=last-answer]'), 'The answer: dy/du1 after y pushes into it = 1.');
  assert.equal(await stepText(page), '8 / 16');
  // A key after the click goes on; the question's field takes the focus again.
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 9: what is dy/du2 after y pushes into it? ');
  await predict(page, '1');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 11: what is dy/dx after u2 pushes into it? ');
  await predict(page, '0.41615');
  await page.click('[data-testid=hint]');
  assert.equal(await page.textContent('[data-testid=hint-1]'), 'The rule: dy/dx += (dy/du2)(∂u2/∂x), where ∂u2/∂x = cos(x)');
  await page.click('[data-testid=hint]');
  assert.equal(await page.textContent('[data-testid=hint-2]'), 'With the numbers: dy/dx = 0 + 1 × (-0.41615)');
  await page.fill('[data-testid=prediction]', '-0.41615');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 13: what is dy/dx after u1 pushes into it? ');
  await predict(page, '2.5839');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 14: what is dy/dz after u1 pushes into it? ');
  await predict(page, '2');
  await page.keyboard.press('End');
  assert.equal(await stepText(page), '16 / 16');

  // The score: counts, and by node (first time / with help / shown).
  assert.equal(
    await page.textContent('[data-testid=score] summary'),
    'Right first time: 4; with help: 3; shown: 1 (of 8)',
  );
  const rows = await page.$$eval('[data-testid=score-by-node] tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent).join(' ')),
  );
  assert.deepEqual(rows, ['u1 1 0 1', 'u2 1 1 0', 'y 0 1 0', 'x 1 1 0', 'z 1 0 0']);
  await page.click('[data-testid=copy-score]');
  assert.equal(await page.textContent('[data-testid=copy-score]'), 'Score copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^Right first time: 4; with help: 3; shown: 1 \(of 8\)\n/);
  assert.match(copied, /\nu2: 1 \/ 1 \/ 0\n/);
  assert.match(copied, /\nstep 8: dy\/du1 after y pushes into it: shown\n/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('predict-then-reveal asks only the chosen pass, and moving away drops a question', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = -1.5\ny = exp(x) * x', 3);
  await page.selectOption('[data-testid=predict]', 'forward');
  await page.click('[data-testid=step-forward]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 2: what is u1? ');
  // The scrubber and Back leave the question; the step is not lost or counted.
  await page.click('[data-testid=step-back]');
  assert.equal(await page.$('[data-testid=question]'), null);
  assert.equal(await stepText(page), '0 / 10');
  // Checked exactly after rounding to two decimals: exp(-1.5) = 0.22313 is 0.22.
  await page.selectOption('[data-testid=check]', '2');
  await page.click('[data-testid=step-forward]');
  await page.click('[data-testid=step-forward]');
  // Each test hook names one element (the check menu and the question's Check button had one).
  const duplicates = await page.$$eval('[data-testid]', (elements) => {
    const seen = {};
    for (const e of elements) seen[e.dataset.testid] = (seen[e.dataset.testid] ?? 0) + 1;
    return Object.entries(seen).filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(duplicates, []);
  // The Check button checks as Enter does.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'prediction');
  await page.keyboard.type('0.23');
  await page.click('[data-testid=check-prediction]');
  assert.match(await page.textContent('[data-testid=feedback]'), /^Not quite: 0\.23 is not it \(rounded to 2 decimals it must equal the answer\)/);
  await page.fill('[data-testid=prediction]', '0.22');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  assert.equal(await question(page), 'Step 3: what is y? ');
  await predict(page, '-0.33');
  // The backward pass is not asked in this mode: the arrows run to the end.
  for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '10 / 10');
  assert.equal(await page.$('[data-testid=question]'), null);
  assert.equal(await page.textContent('[data-testid=score] summary'), 'Right first time: 1; with help: 1; shown: 0 (of 2)');
  // Backward only: the forward pass plays through, the first increment is asked.
  await page.selectOption('[data-testid=predict]', 'backward');
  await page.click('[data-testid=reset]');
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowRight');
  assert.match(await question(page), /^Step \d+: what is dy\/d\w+ after y pushes into it\? $/);
  assert.deepEqual(errors, []);
});

test('a generated quiz is the CLI key for its seed: eight options, the mistakes said after answering', async () => {
  const cli = cliQuiz(7, 'hard');
  const { page, errors } = await openQuiz(app.browser, app.server.url, '#q=7-hard');
  assert.equal(await page.inputValue('[data-testid=quiz-level]'), 'hard');
  const point = Object.entries(cli.at).map(([name, v]) => `${name} = ${v}`);
  const asked = cli.asked.map((name) => `dy/d${name}`).join(', ');
  const rounding = cli.decimals === 0 ? 'the nearest integer' : cli.decimals === 1 ? '1 decimal' : `${cli.decimals} decimals`;
  assert.equal(
    await page.textContent('[data-testid=quiz-question]'),
    `Suppose ${point.slice(0, -1).join(', ')} and ${point.at(-1)}. What are [${asked}]? Round to ${rounding}.`,
  );
  assert.deepEqual(await options(page), cli.options.map((_, i) => `${LETTERS[i]}. ${optionText(cli, i)}`));
  // The key is right, by hand: y = exp(sin u) + u/log(x + 2) with u = xz + 2 = 0 at x = 2,
  // z = -1, so dy/dx = z·exp(sin u)·cos u + z/log(x+2) − u/((x+2)·log²(x+2)) = −1 − 1/log 4
  // = −1.72 and dy/dz = x·exp(sin u)·cos u + x/log 4 = 2 + 2/log 4 = 3.44 (sympy agrees).
  assert.equal(cli.program, 'x = 2\nz = -1\nu = x*z + 2\ny = exp(sin(u)) + u/log(x + 2)');
  assert.equal(optionText(cli, cli.answer), '[-2, 3]');
  // The program is typeset, one equation per statement.
  assert.equal(await page.$$eval('[data-testid=quiz-program] math', (ms) => ms.length), cli.program.split('\n').length);
  // A wrong choice says which mistake gives it and shows the answer; every mistake is named.
  const wrong = (cli.answer + 1) % 8;
  await page.click(`[data-testid=option-${LETTERS[wrong]}]`);
  const feedback = await page.textContent('[data-testid=quiz-feedback]');
  assert.equal(feedback, `Not ${LETTERS[wrong]}: that is what you get with this mistake: ${cli.mistakes[wrong]}. The answer is ${LETTERS[cli.answer]}, ${optionText(cli, cli.answer)}.`);
  for (let i = 0; i < 8; i += 1) {
    if (i === cli.answer) continue;
    assert.equal(await page.textContent(`[data-testid=mistake-${LETTERS[i]}]`), cli.mistakes[i]);
  }
  assert.ok(await page.isDisabled('[data-testid=option-A]'), 'one answer per question');
  // The link holds the seed and level only.
  await page.waitForFunction(() => location.hash === '#q=7-hard');

  // Show me: the same function in the step-through, at the start of the backward pass.
  await page.click('[data-testid=show-me]');
  await page.waitForSelector('[data-testid=graph] g[data-node]');
  assert.equal(await page.$('[data-testid=quiz-panel]'), null);
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-source'), cli.program);
  const [at, total] = (await stepText(page)).split(' / ').map(Number);
  assert.match(await page.textContent('[data-testid=explain]'), /^Forward: y = /, `step ${at} of ${total}`);
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('[data-testid=explain]'), /^Backward: every dy\/du starts at 0/);
  const y = await node(page, 'y');
  assert.equal(y.adjoint, '1');
  assert.deepEqual(errors, []);
});

test('the right option is said to be right; a new question and the level change the quiz', async () => {
  const cli = cliQuiz(12345, 'easy');
  const { page, errors } = await openQuiz(app.browser, app.server.url, '#q=12345-easy');
  await page.click(`[data-testid=option-${LETTERS[cli.answer]}]`);
  assert.equal(await page.textContent('[data-testid=quiz-feedback]'), `Right: ${LETTERS[cli.answer]} is ${optionText(cli, cli.answer)}.`);
  const before = await options(page);
  await page.click('[data-testid=new-quiz]');
  await page.waitForFunction(() => /^#q=\d+-easy$/.test(location.hash) && location.hash !== '#q=12345-easy');
  const seed = Number(/^#q=(\d+)-easy$/.exec(await page.evaluate(() => location.hash))[1]);
  const next = cliQuiz(seed, 'easy');
  assert.deepEqual(await options(page), next.options.map((_, i) => `${LETTERS[i]}. ${optionText(next, i)}`));
  assert.notDeepEqual(await options(page), before);
  await page.selectOption('[data-testid=quiz-level]', 'medium');
  await page.waitForFunction(() => /^#q=\d+-medium$/.test(location.hash));
  // Closing the quiz brings the step-through back with the program that was there.
  await page.click('[data-testid=close-quiz]');
  await page.waitForSelector('[data-testid=graph] g[data-node]');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  // A hostile or broken quiz link opens the page with a notice instead.
  for (const bad of ['#q=1-impossible', '#q=program:1:%ZZ', '#q=99999999999999999999999-hard']) {
    const { page: other, errors: more } = await openApp(app.browser, app.server.url + bad);
    assert.ok(await other.isVisible('[data-testid=notice]'), bad);
    assert.deepEqual(more, [], bad);
    await other.close();
  }
  assert.deepEqual(errors, []);
});

test('a teacher turns the program into a quiz link in one click; the link reopens the same quiz', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const lecture = 'x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)';
  await page.fill('[data-testid=source]', lecture);
  await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, lecture);
  await page.click('[data-testid=quiz-from-program]');
  await page.waitForFunction(() => location.hash.startsWith('#q=program:'));
  const link = await page.evaluate(() => location.href);
  assert.ok(!link.includes('1208'), 'the answer is not in the link');
  assert.match(await page.textContent('[data-testid=quiz-question]'), /^Suppose x = 2 and z = 3\. What are \[dy\/dx, dy\/dz\]\? Round to the nearest integer\.$/);
  const mine = await options(page);
  assert.equal(mine.filter((o) => o.endsWith('[1208, 810]')).length, 1, mine.join(' | '));
  assert.equal(mine.filter((o) => o.endsWith('[810, 1208]')).length, 1, 'the swapped numbers are an option');
  const student = await app.browser.newPage();
  await student.goto(link);
  await student.waitForSelector('[data-testid=quiz-panel]');
  assert.deepEqual(await options(student), mine);
  await student.click(`[data-testid=option-${LETTERS[mine.findIndex((o) => o.endsWith('[1208, 810]'))]}]`);
  assert.match(await student.textContent('[data-testid=quiz-feedback]'), /^Right: /);
  assert.equal(await student.$('[data-testid=quiz-choices]'), null, 'a student cannot change the quiz');
  await student.close();

  // The teacher asks for dy/dz alone, to two decimals, at the point the sliders show.
  await page.click('[data-testid=close-quiz]');
  await page.fill('[data-testid=input-x]', '3');
  await page.click('[data-testid=quiz-from-program]');
  assert.match(await page.textContent('[data-testid=quiz-question]'), /^Suppose x = 3 and z = 3\. What are \[dy\/dx, dy\/dz\]\?/);
  await page.uncheck('[data-testid=quiz-ask-x]');
  await page.selectOption('[data-testid=quiz-decimals]', '2');
  assert.equal(await page.textContent('[data-testid=quiz-question]'), 'Suppose x = 3 and z = 3. What is dy/dz? Round to 2 decimals.');
  await page.waitForFunction(() => /^#q=program:\d+:2:z:x%20%3D%203%0A/.test(location.hash));
  const single = await options(page);
  assert.ok(single.every((o) => /^[A-H]\. -?\d+\.\d\d$/.test(o)), single.join(' | '));
  // Unchecking the last partial is refused with a reason; the quiz stays.
  await page.click('[data-testid=quiz-ask-z]');
  assert.match(await page.textContent('[data-testid=quiz-refused]'), /asks about 1 to 4 inputs/);
  assert.deepEqual(await options(page), single);
  assert.ok(await page.isChecked('[data-testid=quiz-ask-z]'));
  const again = await app.browser.newPage();
  await again.goto(await page.evaluate(() => location.href));
  await again.waitForSelector('[data-testid=quiz-panel]');
  assert.deepEqual(await options(again), single);
  assert.equal(await again.textContent('[data-testid=quiz-question]'), 'Suppose x = 3 and z = 3. What is dy/dz? Round to 2 decimals.');
  await again.close();

  // A point whose partial sits on a rounding boundary: y = (x + 2z)·sqrt(x) at x = 1, z = 3
  // has dy/dx = sqrt(x) + (x + 2z)/(2 sqrt(x)) = 1 + 7/2 = 4.5 exactly. Left to choose, the
  // quiz rounds to 1 decimal, where 4.5 is a digit; to the nearest integer, it warns, and so
  // does the link a student opens.
  await page.click('[data-testid=close-quiz]');
  await typeProgram(page, 'x = 1\nz = 3\ny = (x + 2*z)*sqrt(x)', 7);
  await page.click('[data-testid=quiz-from-program]');
  assert.match(await page.textContent('[data-testid=quiz-question]'), /Round to 1 decimal\.$/);
  assert.equal(await page.locator('[data-testid=quiz-warning]').count(), 0);
  await page.selectOption('[data-testid=quiz-decimals]', '0');
  await page.waitForSelector('[data-testid=quiz-warning]');
  assert.match(await page.textContent('[data-testid=quiz-warning]'), /^dy\/dx = 4\.5 sits on a rounding boundary when rounded to the nearest integer/);
  await page.waitForFunction(() => /^#q=program:\d+:0:x,z:x%20%3D%201%0A/.test(location.hash));
  const tie = await app.browser.newPage();
  await tie.goto(await page.evaluate(() => location.href));
  await tie.waitForSelector('[data-testid=quiz-panel]');
  // The student is told to take care, and how the key rounds, but not the answer.
  const caution = await tie.textContent('[data-testid=quiz-warning]');
  assert.match(caution, /^Careful: an answer to this question lies on a rounding boundary when rounded to the nearest integer/);
  assert.ok(!caution.includes('4.5 sits') && !/dy\/dx = /.test(caution), caution);
  await tie.close();

  // A program too small to make eight different mistakes is refused with a reason.
  await page.click('[data-testid=close-quiz]');
  await typeProgram(page, 'x = 2\ny = x + 1', 3);
  await page.click('[data-testid=quiz-from-program]');
  assert.match(await page.textContent('[data-testid=quiz-refused]'), /too few different mistakes/);
  assert.deepEqual(errors, []);
});

test('a speed round runs against a two-minute clock to its end: the score and each answer', async () => {
  const context = await app.browser.newContext();
  // A fixed random source makes the round's seed 500000000000 (then +1 per question).
  await context.addInitScript(() => {
    Math.random = () => 0.5;
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.clock.install({ time: new Date('2026-11-29T09:00:00Z') });
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid=graph] g[data-node]');
  const keys = [0, 1, 2, 3, 4].map((k) => cliQuiz(500000000000 + k, 'medium'));
  // From here the page's time moves only when the test says.
  await page.clock.pauseAt(new Date('2026-11-29T09:10:00Z'));
  await page.click('[data-testid=quiz]');
  await page.click('[data-testid=speed-round]');
  assert.equal(await page.textContent('[data-testid=timer]'), '2:00 left');
  // Question 1 right, question 2 wrong, forty seconds on.
  await page.click(`[data-testid=option-${LETTERS[keys[0].answer]}]`);
  await page.clock.runFor(20_000);
  assert.equal(await page.textContent('[data-testid=timer]'), '1:40 left');
  assert.match(await page.textContent('[data-testid=speed-status]'), /Question 2 of 5$/);
  assert.deepEqual(await options(page), keys[1].options.map((_, i) => `${LETTERS[i]}. ${optionText(keys[1], i)}`));
  const wrong = (keys[1].answer + 3) % 8;
  await page.click(`[data-testid=option-${LETTERS[wrong]}]`);
  await page.clock.runFor(20_000);
  assert.equal(await page.textContent('[data-testid=timer]'), '1:20 left');
  // The clock runs out on question 3.
  await page.clock.runFor(80_500);
  await page.waitForSelector('[data-testid=speed-result]');
  assert.equal(await page.$('[data-testid=timer]'), null);
  assert.equal(await page.$('[data-testid=option-A]'), null, 'no more answers once time is up');
  const result = await page.textContent('[data-testid=speed-result] p');
  assert.equal(result, '1 of 2 right; the time ran out at 2:00 with 3 questions unanswered');
  const rows = await page.$$eval('[data-testid=speed-verdict]', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(rows, [
    `Question 1: you chose ${LETTERS[keys[0].answer]} ${optionText(keys[0], keys[0].answer)}; the answer is ${LETTERS[keys[0].answer]} ${optionText(keys[0], keys[0].answer)} (right)`,
    `Question 2: you chose ${LETTERS[wrong]} ${optionText(keys[1], wrong)}; the answer is ${LETTERS[keys[1].answer]} ${optionText(keys[1], keys[1].answer)} (wrong)`,
  ]);
  // Each question's function is shown with its review, and a wrong choice's mistake (the CLI's
  // key names it).
  assert.equal(await page.locator('[data-testid=speed-result] [data-testid=quiz-program]').count(), 2);
  assert.deepEqual(await page.$$eval('[data-testid=speed-mistake]', (ps) => ps.map((p) => p.textContent)), [
    `${LETTERS[wrong]}: what you get with this mistake: ${keys[1].mistakes[wrong]}`,
  ]);

  // A second round, all five answered inside the time: the time taken is reported.
  await page.click('[data-testid=speed-round]');
  for (const key of keys) {
    await page.click(`[data-testid=option-${LETTERS[key.answer]}]`);
    await page.clock.runFor(7_000);
  }
  assert.equal(await page.textContent('[data-testid=speed-result] p'), '5 of 5 right in 0:28');
  assert.equal(await page.$$eval('[data-testid=speed-result] li', (lis) => lis.length), 5);
  assert.equal(await page.locator('[data-testid=speed-mistake]').count(), 0);
  // "Show me" on the fourth question opens its function at the start of the backward pass.
  await page.locator('[data-testid=speed-show-me]').nth(3).click();
  await page.waitForFunction((program) => document.querySelector('[data-testid=app]').dataset.source === program, keys[3].program);
  assert.equal(await page.$('[data-testid=quiz-panel]'), null);
  assert.deepEqual(errors, []);
  await context.close();
});
