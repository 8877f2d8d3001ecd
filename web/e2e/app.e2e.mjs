// The web app in headless Chromium against a running Persona (started by e2e-tests' WebAppEndToEndTest):
// sign up, create a persona, upload a recording, watch its job reach ready, ask, see a cited answer, play the clip,
// see the cited sentence in the transcript, play the answer, ask again by voice (Chromium's fake microphone plays
// QUESTION_AUDIO) and play that answer. Screenshots at phone and desktop width.
// Exit code 0 when every step passed; the first failed step throws and ends the run with 1.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const env = name => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('PERSONA_URL');
const shots = env('SCREENSHOTS');
const recording = env('SAMPLE_RECORDING');
const question = process.env.QUESTION || 'Where did you learn to sail?';
// A wav of someone asking the question (16-bit PCM, its speech followed by a second of silence).
const spokenQuestion = env('QUESTION_AUDIO');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const started = Date.now();

mkdirSync(shots, { recursive: true });
const step = message => console.log(`[web-e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${spokenQuestion}`],
});
const problems = [];
const watch = page => {
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
};

try {
  const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true });
  const page = await phone.newPage();
  watch(page);
  page.setDefaultTimeout(20_000);

  step(`open ${base}/ at phone width`);
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  check(manifest.display === 'standalone' && manifest.icons.length > 0, `manifest: ${JSON.stringify(manifest)}`);
  const worker = await page.evaluate(() => navigator.serviceWorker.ready.then(r => r.active?.scriptURL));
  check(worker === `${base}/sw.js`, `service worker: ${worker}`);
  await page.screenshot({ path: join(shots, 'phone-1-login.png') });

  step('sign up');
  await page.getByRole('button', { name: 'Create an account' }).click();
  const email = `web-e2e-${Date.now()}@example.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('web-e2e-passphrase-1');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Personas' }).waitFor();
  check(await page.getByText(email).isVisible(), 'the signed-in email is not shown');

  step('create a persona');
  await page.getByLabel('Name').fill('Maya Lindqvist');
  await page.getByLabel(/^Description/).fill('Sample persona');
  await page.getByRole('button', { name: 'Create persona' }).click();
  await page.getByRole('button', { name: /^Maya Lindqvist/, pressed: true }).waitFor();
  await page.getByRole('button', { name: 'Edit Maya Lindqvist' }).click();
  await page.getByLabel('Description', { exact: true }).fill('Sample persona, sailor and engineer');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: /^Maya Lindqvist.*sailor and engineer/, pressed: true }).waitFor();

  step(`upload ${basename(recording)}`);
  await page.getByLabel(/Add recordings or documents/).setInputFiles(recording);
  const upload = page.locator('.uploads li').first();
  await upload.waitFor();
  const stages = new Set();
  const progresses = new Set();
  const deadline = Date.now() + 180_000;
  for (;;) {
    const stage = await upload.getAttribute('data-stage');
    stages.add(stage);
    progresses.add(await upload.locator('progress').evaluate(p => p.value));
    if (stage === 'ready') break;
    check(stage !== 'failed', `the upload failed: ${await upload.textContent()}`);
    check(Date.now() < deadline, `not ready in 3 minutes; stages seen ${[...stages]}`);
    await page.waitForTimeout(100);
  }
  step(`ready; stages seen ${[...stages].join(' > ')}`);
  check(stages.size >= 2, `only ${[...stages]} seen: no live progress`);
  check(await upload.locator('progress').evaluate(p => p.value) === 1, 'a ready upload shows a full bar');
  await page.locator('.sources .status.ready').first().waitFor();
  await page.screenshot({ path: join(shots, 'phone-2-ready.png'), fullPage: true });

  step(`ask "${question}"`);
  await page.getByLabel('Your question', { exact: true }).fill(question);
  await page.getByRole('button', { name: 'Ask' }).click();
  const reply = page.locator('.message.persona[aria-busy=false]').last();
  await reply.waitFor({ timeout: 60_000 });
  const answer = (await reply.locator('.answer').textContent()).trim();
  const citations = await reply.locator('.citation').allTextContents();
  step(`answer "${answer}" with ${citations.length} citation(s)`);
  check(answer.length > 10, `empty answer: ${answer}`);
  check(citations.some(c => c.includes(basename(recording))), `no citation of the recording: ${citations}`);

  step('play the cited clip');
  const player = page.locator('.player');
  await reply.locator('.play-clip').first().click();
  await page.locator('.player[data-state=playing]').waitFor();
  check((await page.locator('.player audio').getAttribute('src')).startsWith('blob:'), 'the clip is not a blob');
  await page.waitForFunction(() => document.querySelector('.player audio').currentTime > 0.2);
  await page.locator('.player[data-state=ended]').waitFor({ timeout: 60_000 });
  const clipSeconds = await page.locator('.player audio').evaluate(a => a.duration);
  check(clipSeconds > 0.3 && clipSeconds < 30, `clip of ${clipSeconds} s: not the cited sentence`);
  step(`clip played: ${clipSeconds.toFixed(2)} s`);

  step('show the cited sentence in the transcript');
  await reply.getByRole('button', { name: /^Show .* with this sentence highlighted/ }).first().click();
  const marked = page.locator('.transcript li.cited mark').first();
  await marked.waitFor();
  check((await marked.textContent()).trim().length > 0, 'the highlighted sentence is empty');
  await marked.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'phone-3-transcript.png') });

  step('play the answer');
  await reply.getByRole('button', { name: /^Play the answer/ }).click();
  await page.locator('.player[data-state=playing]').waitFor();
  await page.locator('.player[data-state=ended]').waitFor({ timeout: 90_000 });
  step(`answer played: ${await player.locator('.player-label').textContent()}`);
  await reply.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'phone-4-answer.png'), fullPage: true });

  step('ask by voice: record, stop, see what was heard and the cited answer');
  await phone.grantPermissions(['microphone']);
  await page.getByRole('button', { name: 'Record your question' }).click();
  const stop = page.getByRole('button', { name: 'Stop recording and ask' });
  await stop.waitFor();
  await page.waitForTimeout(3200); // the question file lasts 3.45 s; the fake microphone plays it from the start
  await stop.click();
  const heard = page.locator('.message.you').last();
  const voiceReply = page.locator('.message.persona[aria-busy=false]').last();
  await page.waitForFunction(() => document.querySelectorAll('.message.persona[aria-busy=false]').length >= 2,
    null, { timeout: 60_000 });
  const transcription = (await heard.textContent()).trim();
  const voiceCitations = await voiceReply.locator('.citation').allTextContents();
  step(`heard "${transcription}"; answer with ${voiceCitations.length} citation(s)`);
  check(/sail/i.test(transcription), `the spoken question was heard as "${transcription}"`);
  check(voiceCitations.some(c => c.includes(basename(recording))), `no citation of the recording: ${voiceCitations}`);
  await voiceReply.getByRole('button', { name: /^Play the answer/ }).click();
  await page.locator('.player[data-state=playing]').waitFor();
  await page.locator('.player[data-state=ended]').waitFor({ timeout: 90_000 });
  await page.screenshot({ path: join(shots, 'phone-5-voice.png'), fullPage: true });

  step('every form control and button has an accessible name');
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, textarea, button, audio, progress')]
    .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
    .map(e => e.outerHTML.slice(0, 80)));
  check(unnamed.length === 0, `without a name: ${unnamed}`);
  const phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(phoneOverflow <= 0, `the page is ${phoneOverflow}px wider than the phone`);

  step('the same account at desktop width');
  const desktop = await browser.newContext({ viewport: DESKTOP, storageState: await phone.storageState() });
  const wide = await desktop.newPage();
  watch(wide);
  wide.setDefaultTimeout(20_000);
  await wide.goto(`${base}/`);
  await wide.getByRole('button', { name: /^Maya Lindqvist/, pressed: true }).waitFor();
  await wide.locator('.sources .status.ready').first().waitFor();
  await wide.getByLabel('Your question', { exact: true }).fill(question);
  await wide.getByRole('button', { name: 'Ask' }).click();
  const wideReply = wide.locator('.message.persona[aria-busy=false]').last();
  await wideReply.locator('.citation').first().waitFor({ timeout: 60_000 });
  await wideReply.getByRole('button', { name: /^Show .* with this sentence highlighted/ }).first().click();
  await wide.locator('.transcript li.cited mark').first().waitFor();
  await wide.screenshot({ path: join(shots, 'desktop-1-chat.png') });
  const columns = await wide.evaluate(() => getComputedStyle(document.querySelector('.workspace')).gridTemplateColumns.split(' ').length);
  check(columns === 2, `desktop layout has ${columns} column(s)`);

  check(problems.length === 0, `the browser reported: ${problems.join(' | ')}`);
  step('all steps passed');
} finally {
  await browser.close();
}
