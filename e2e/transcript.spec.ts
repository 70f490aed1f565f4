/**
 * The Transcript tab on the GRID talking-face demo (six word cues, public/demo/talking/
 * grid_swwp2s.words.vtt, from the corpus alignment swwp2s.align), as a user works with it:
 * - playback: the highlighted segment follows the playhead (checked at two times, each against the
 *   playhead the page shows in the same instant), and a click on a segment's time seeks there;
 * - word timings: a whisper transcript of the sentence (words timed from the align file, written
 *   here) dropped on the scene shows the word under the playhead highlighted;
 * - speakers and new segments: a segment moved to a new speaker object, a segment added at the
 *   playhead and typed into, each undone.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

/** The GRID words with their times in seconds (align units of 1/25000 s), silences left out. */
const WORDS = readFileSync('public/demo/talking/swwp2s.align', 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((l) => l.split(' '))
  .filter((w) => w[2] !== 'sil')
  .map(([a, b, w]) => ({ word: w, start: Number(a) / 25000, end: Number(b) / 25000 }));

/** The highlighted row(s) and the playhead the page shows, read in one go. */
const activeNow = (page: Page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=transcript-list] li[data-active=true]')];
    const t = Number(document.querySelector<HTMLElement>('[data-testid=playhead-readout]')!.dataset.t);
    return { t, rows: rows.map((r) => ({ id: r.dataset.segment!, start: Number(r.dataset.start), end: Number(r.dataset.end), text: r.querySelector('.tx-text')!.textContent })) };
  });

type Seg = { kind: string; sensor?: string; object: string; text?: string; start: number; end: number };
const storeSegments = (page: Page) =>
  page.evaluate(() => {
    const st = (window as unknown as { __crosslabel: { store: { getState: () => { scene: { annotations: Record<string, Record<string, Seg>>; objects: Record<string, { name?: string; classId: string }> } } } } }).__crosslabel.store.getState();
    return Object.values(st.scene.annotations)
      .flatMap((p) => Object.values(p))
      .filter((a) => a.kind === 'timeSegment' && a.sensor === 'audio')
      .map((a) => ({ ...a, speakerName: st.scene.objects[a.object]?.name }))
      .sort((a, b) => a.start - b.start);
  });

/** Press play and pause the moment the row of `word` becomes the highlighted one (watched in the page). */
async function playUntilActive(page: Page, word: string): Promise<void> {
  await page.evaluate(
    (word) =>
      new Promise<void>((resolve, reject) => {
        const list = document.querySelector('[data-testid=transcript-list]')!;
        const play = () => document.querySelector<HTMLButtonElement>('[data-testid=play]')!.click();
        const obs = new MutationObserver(() => {
          if (list.querySelector('li[data-active=true] .tx-text')?.textContent !== word) return;
          obs.disconnect();
          play(); // the button pauses while playing
          resolve();
        });
        obs.observe(list, { subtree: true, attributes: true, attributeFilter: ['data-active'] });
        setTimeout(() => (obs.disconnect(), reject(new Error(`"${word}" never became the active segment`))), 30_000);
        play();
      }),
    word,
  );
}

async function openTalking(page: Page): Promise<Workbench> {
  const wb = new Workbench(page);
  await wb.open();
  await page.getByLabel('demo scene').selectOption('talking');
  await expect(page.getByTestId('scene-name')).toContainText('GRID talking face');
  await page.getByTestId('text-tab-transcript').click();
  await expect(page.getByTestId('transcript-list').locator('li.tx-seg')).toHaveCount(6);
  return wb;
}

test('the transcript follows playback and a click on a segment seeks there', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await openTalking(page);
  const list = page.getByTestId('transcript-list');
  await expect(list.locator('li.tx-seg .tx-text')).toHaveText(WORDS.map((w) => w.word));
  // the rows' times are the cues' (and the align file's) times
  await expect(list.getByTestId('transcript-time').first()).toHaveText('0:00.49–0:00.77');
  await expect(list.locator('li[data-active=true]')).toHaveCount(0); // t = 0: nobody speaks yet

  // play at a quarter speed; the moment a word's row lights up, pause (as a user would, from the
  // page itself so no polling delay lets the playhead run on) and compare the row with the playhead
  await page.getByTestId('playback-speed').selectOption('0.25');
  for (const word of ['white', 'two']) {
    await playUntilActive(page, word);
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
    const now = await activeNow(page);
    const w = WORDS.find((x) => x.word === word)!;
    expect(now.rows).toHaveLength(1);
    expect(now.rows[0].text).toBe(word);
    expect([now.rows[0].start, now.rows[0].end]).toEqual([w.start, w.end]);
    // paused: the playhead the page shows lies in that word, exactly (start ≤ t < end)
    expect(now.t).toBeGreaterThanOrEqual(w.start);
    expect(now.t).toBeLessThan(w.end);
    await page.screenshot({ path: `e2e-screens/transcript-playing-${word}.png` });
  }

  // a click on a segment's time seeks the playhead to its start, and that segment lights up
  await list.locator('li.tx-seg', { hasText: 'with' }).getByTestId('transcript-time').click();
  await expect.poll(async () => Number(await page.getByTestId('playhead-readout').getAttribute('data-t'))).toBeCloseTo(WORDS[2].start, 6);
  await expect(list.locator('li[data-active=true]')).toHaveText(/with/);
  await list.locator('li.tx-seg', { hasText: 'set' }).getByTestId('transcript-time').click();
  await expect.poll(async () => Number(await page.getByTestId('playhead-readout').getAttribute('data-t'))).toBeCloseTo(WORDS[0].start, 6);
  await expect(list.locator('li[data-active=true]')).toHaveText(/set/);
  await expect(list.locator('li[data-active=true]')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('whisper word timings: the word under the playhead is highlighted in its segment', async ({ page }) => {
  const errors = new Workbench(page).trackErrors();
  const wb = await openTalking(page);
  // one whisper segment for the whole sentence, its words as whisper writes them (leading spaces)
  const whisper = {
    text: ' set white with p two soon',
    language: 'en',
    segments: [{ id: 0, start: WORDS[0].start, end: WORDS[5].end, text: ' set white with p two soon', speaker: 'Speaker', words: WORDS.map((w) => ({ word: ` ${w.word}`, start: w.start, end: w.end, probability: 0.9 })) }],
  };
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'swwp2s.whisper.json', { type: 'application/json' }));
    return d;
  }, JSON.stringify(whisper));
  await page.dispatchEvent('.app', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  const list = page.getByTestId('transcript-list');
  await expect(list.locator('li.tx-seg')).toHaveCount(7);
  // the sentence is spoken by the demo's own speaker (the label "Speaker" is reused, not a new object)
  const sentence = list.locator('li.tx-seg', { hasText: 'set white with p two soon' });
  await expect(sentence.getByTestId('transcript-speaker').locator('option:checked')).toHaveText('Speaker');

  // seek to the word "p" (the cue's start): both the cue and the sentence are under the playhead
  await list.locator('li.tx-seg', { hasText: /^0:01\.22/ }).getByTestId('transcript-time').click();
  await expect(list.locator('li[data-active=true]')).toHaveCount(2);
  await expect(sentence.getByTestId('transcript-word')).toHaveText('p');
  // "two" is the 5th word: its characters in the text are the highlighted ones
  await list.locator('li.tx-seg', { hasText: /^0:01\.44/ }).getByTestId('transcript-time').click();
  await expect(sentence.getByTestId('transcript-word')).toHaveText('two');
  await page.screenshot({ path: 'e2e-screens/transcript-words.png' });
  await wb.text.locator('.pane-title').dblclick();
  await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', 'text');
  await page.screenshot({ path: 'e2e-screens/transcript-words-maximised.png' });
  await wb.text.locator('.pane-title').dblclick();
  // the one-word cues carry no word timings: no word cursor there
  await expect(list.locator('li[data-active=true]').getByTestId('transcript-word')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a segment’s speaker is changed to another object, and a segment is added at the playhead and typed', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await openTalking(page);
  const list = page.getByTestId('transcript-list');
  const soon = list.locator('li.tx-seg', { hasText: 'soon' });

  // "soon" said by a new speaker object
  await soon.getByTestId('transcript-speaker').selectOption({ label: 'New speaker' });
  await expect(soon.getByTestId('transcript-speaker').locator('option:checked')).toHaveText('Speaker 2');
  let segs = await storeSegments(page);
  expect(segs.find((s) => s.text === 'soon')!.speakerName).toBe('Speaker 2');
  expect(segs.filter((s) => s.speakerName === 'Speaker')).toHaveLength(5);
  // …and back to the demo's speaker from the dropdown
  await soon.getByTestId('transcript-speaker').selectOption({ label: 'Speaker' });
  segs = await storeSegments(page);
  expect(segs.every((s) => s.speakerName === 'Speaker')).toBe(true);

  // a new segment at 2.5 s (after "soon"), typed in, as the demo's speaker
  await page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => { setPlayhead(t: number): void } } } }).__crosslabel.store.getState().setPlayhead(2.5));
  await page.getByTestId('transcript-new-speaker').selectOption({ label: 'Speaker' });
  await page.getByTestId('transcript-add').click();
  await expect(list.locator('li.tx-seg')).toHaveCount(7);
  const added = list.locator('li.tx-seg').last();
  await expect(added.getByTestId('transcript-time')).toHaveText(/^0:02\.50–/);
  await expect(added.getByTestId('text-input')).toBeFocused();
  await page.keyboard.type('bin blue at f two now');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await storeSegments(page)).at(-1)?.text).toBe('bin blue at f two now');
  const last = (await storeSegments(page)).at(-1)!;
  expect(last.start).toBe(2.5);
  expect(last.speakerName).toBe('Speaker');
  // the playhead is in it: it is the highlighted one
  await expect(list.locator('li[data-active=true]')).toHaveText(/bin blue at f two now/);
  await page.screenshot({ path: 'e2e-screens/transcript-added.png' });
  expect(errors).toEqual([]);
});

test('the active segment is scrolled into view when it changes; a scroll by the user while paused is left alone', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 640 }); // a short text pane: the list must scroll
  const errors = new Workbench(page).trackErrors();
  await openTalking(page);
  const list = page.getByTestId('transcript-list');
  const geometry = () =>
    list.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const row = el.querySelector('li[data-active=true]')?.getBoundingClientRect();
      return { scrollTop: el.scrollTop, overflow: el.scrollHeight - el.clientHeight, inView: row ? row.top >= box.top - 0.5 && row.bottom <= box.bottom + 0.5 : null };
    });
  const setPlayhead = (t: number) => page.evaluate((t) => (window as unknown as { __crosslabel: { store: { getState: () => { setPlayhead(t: number): void } } } }).__crosslabel.store.getState().setPlayhead(t), t);
  expect((await geometry()).overflow).toBeGreaterThan(20);

  await setPlayhead(2.0); // "soon", the last row
  await expect(list.locator('li[data-active=true]')).toHaveText(/soon/);
  await expect.poll(async () => (await geometry()).inView).toBe(true);
  expect((await geometry()).scrollTop).toBeGreaterThan(0);
  await page.screenshot({ path: 'e2e-screens/transcript-scrolled.png' });

  // the user scrolls back up while paused: the list stays where they put it
  await list.evaluate((el) => (el.scrollTop = 0));
  await page.waitForTimeout(400);
  expect(await geometry()).toMatchObject({ scrollTop: 0, inView: false });

  // the next change of the active segment brings it into view again
  await setPlayhead(1.8);
  await expect(list.locator('li[data-active=true]')).toHaveText(/soon/); // 1.73–2.21: the same row
  expect((await geometry()).scrollTop).toBe(0); // no change of segment, no scroll
  await setPlayhead(1.5); // "two"
  await expect(list.locator('li[data-active=true]')).toHaveText(/two/);
  await expect.poll(async () => (await geometry()).inView).toBe(true);
  expect(errors).toEqual([]);
});
