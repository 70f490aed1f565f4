/**
 * The team server in the browser: two browser contexts as two users on one shared scene, offline
 * edits, and the review loop (submit → reject one object with a comment → fix → resubmit → accept).
 * Runs against `npm run server` serving this build (playwright.config.ts starts it for this spec)
 * with a fresh PGlite folder; accounts, project, scene and tasks are made through the API first.
 */
import { expect, request, test, type Browser, type Page } from '@playwright/test';
import { makeTestScene } from '../src/core/commands/testScene';

const teamPort = Number(process.env.E2E_TEAM_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1);
const base = `http://127.0.0.1:${teamPort}`;
const PASSWORD = 'correct horse battery staple';
const run = Date.now().toString(36);
const names = { ann1: `ann1-${run}`, ann2: `ann2-${run}`, rev: `rev-${run}` };
const titles = { ann1: `Label the street (${run})`, ann2: `Check the pedestrians (${run})` };

test.use({ baseURL: base });
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const api = await request.newContext({ baseURL: base });
  const login = await api.post('/api/auth/login', { data: { name: 'e2e-admin', password: 'e2e-admin-password' } });
  expect(login.status(), await login.text()).toBe(200);
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const ok = async (r: Promise<import('@playwright/test').APIResponse>) => {
    const res = await r;
    expect(res.ok(), `${res.url()}: ${await res.text()}`).toBe(true);
    return res.json();
  };
  const ids: Record<string, string> = {};
  for (const [k, name] of Object.entries(names)) ids[k] = (await ok(api.post('/api/users', { headers, data: { name, password: PASSWORD } }))).user.id;
  const { project } = await ok(api.post('/api/projects', { headers, data: { name: `Street team ${run}` } }));
  for (const [k, role] of [['ann1', 'annotator'], ['ann2', 'annotator'], ['rev', 'reviewer']] as const)
    await ok(api.post(`/api/projects/${project.id}/members`, { headers, data: { name: names[k], role } }));
  const scene = await ok(api.post(`/api/projects/${project.id}/scenes`, { headers, data: { scene: makeTestScene(), name: 'street' } }));
  for (const k of ['ann1', 'ann2'] as const)
    await ok(api.post(`/api/projects/${project.id}/tasks`, { headers, data: { sceneId: scene.id, title: titles[k], assignee: ids[k] } }));
  await api.dispose();
});

async function signIn(browser: Browser, who: keyof typeof names): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('scene-name')).not.toHaveText('no scene', { timeout: 60_000 }); // the demo is in: it cannot replace the shared scene later
  await page.getByTestId('team-button').click();
  await page.getByTestId('team-name').fill(names[who]);
  await page.getByTestId('team-password').fill(PASSWORD);
  await page.getByTestId('team-signin').click();
  await expect(page.getByTestId('team-user')).toHaveText(names[who]);
  return page;
}

const task = (page: Page, title: string) => page.getByTestId('team-task').filter({ hasText: title });

async function openTask(page: Page, title: string) {
  await task(page, title).getByTestId('task-open').click();
  await expect(page.getByTestId('team-dialog')).toHaveCount(0);
  await expect(page.getByTestId('sync-status')).toContainText('street · online');
}

async function setClass(page: Page, object: string, classId: string) {
  const row = page.getByTestId('object-list').locator(`button[data-object="${object}"]`);
  if ((await row.getAttribute('aria-pressed')) !== 'true') await row.click();
  await page.getByTestId('inspector').getByLabel('class', { exact: true }).selectOption(classId);
}

const classOf = (page: Page, object: string) => page.getByTestId('object-list').locator(`button[data-object="${object}"] .object-class`);

async function dialog(page: Page) {
  await page.getByTestId('team-button').click();
  await expect(page.getByTestId('team-dialog')).toBeVisible();
}

test('two annotators edit different objects of one scene at once; one goes offline, edits, comes back: nothing lost; a same-field conflict is shown', async ({ browser }) => {
  const a = await signIn(browser, 'ann1');
  const b = await signIn(browser, 'ann2');
  await openTask(a, titles.ann1);
  await openTask(b, titles.ann2);
  await Promise.all([setClass(a, 'o3', 'truck'), setClass(b, 'o2', 'cyclist')]);
  for (const p of [a, b]) {
    await expect(classOf(p, 'o3')).toHaveText(/truck/i);
    await expect(classOf(p, 'o2')).toHaveText(/cyclist/i);
  }
  await a.screenshot({ path: 'e2e-screens/team-two-annotators-a.png' });
  await b.screenshot({ path: 'e2e-screens/team-two-annotators-b.png' });

  await b.context().setOffline(true);
  await setClass(b, 'o1', 'van');
  await expect(b.getByTestId('sync-status')).toContainText('1 unsent');
  await setClass(a, 'o4', 'pedestrian'); // a keeps working meanwhile
  await b.screenshot({ path: 'e2e-screens/team-offline.png' });
  await expect(classOf(a, 'o1')).toHaveText(/car/i); // b's offline edit has not reached a
  await b.context().setOffline(false);
  await expect(b.getByTestId('sync-status')).toHaveText('street · online', { timeout: 30_000 });
  for (const p of [a, b]) {
    await expect(classOf(p, 'o1')).toHaveText(/van/i);
    await expect(classOf(p, 'o4')).toHaveText(/pedestrian/i);
  }
  await a.screenshot({ path: 'e2e-screens/team-after-reconnect-a.png' });
  // a reload reconnects the shared scene by itself (the autosave restores it as a plain document)
  await a.reload();
  await expect(a.getByTestId('sync-status')).toHaveText('street · online', { timeout: 30_000 });
  await setClass(a, 'o3', 'bus');
  await expect(classOf(b, 'o3')).toHaveText(/bus/i);

  // the same field changed by both: the later edit is refused and taken back, visibly, naming who
  await a.context().setOffline(true);
  await setClass(a, 'o2', 'pedestrian');
  await setClass(b, 'o2', 'car');
  await expect(b.getByTestId('sync-status')).toHaveText('street · online');
  await a.context().setOffline(false);
  await expect(a.getByTestId('notice-banner')).toContainText(`your "Change class" was undone: ${names.ann2} changed`, { timeout: 30_000 });
  for (const p of [a, b]) await expect(classOf(p, 'o2')).toHaveText(/car/i);
  await expect(a.getByTestId('sync-status')).toHaveText('street · online'); // nothing left unsent: it was refused, not queued
  await a.screenshot({ path: 'e2e-screens/team-conflict-notice.png' });
  await a.context().close();
  await b.context().close();
});

test('annotator submits, reviewer rejects one object with a comment, annotator sees it, fixes, resubmits, reviewer accepts', async ({ browser }) => {
  const a = await signIn(browser, 'ann1');
  await task(a, titles.ann1).getByTestId('task-start').click();
  await expect(task(a, titles.ann1).getByTestId('task-state')).toHaveText('in progress');
  await task(a, titles.ann1).getByTestId('task-submit').click();
  await expect(task(a, titles.ann1).getByTestId('task-state')).toHaveText('submitted');

  const r = await signIn(browser, 'rev');
  await task(r, titles.ann1).getByTestId('task-take-for-review').click();
  await expect(task(r, titles.ann1).getByTestId('task-state')).toHaveText('in review');
  await openTask(r, titles.ann1);
  await dialog(r);
  const review = task(r, titles.ann1).getByTestId('task-review');
  await review.getByTestId('comment-object').selectOption('o1');
  await review.getByTestId('comment-text').fill('Car 1 is a van: the cuboid is too short');
  await review.getByTestId('comment-add').click();
  await r.screenshot({ path: 'e2e-screens/team-review-reject.png' });
  await review.getByTestId('task-reject').click();
  await expect(task(r, titles.ann1)).toHaveCount(0); // rejected: back with the annotator

  await a.getByRole('button', { name: 'Refresh' }).click();
  await expect(task(a, titles.ann1).getByTestId('task-state')).toHaveText('rejected');
  await expect(task(a, titles.ann1).getByTestId('task-comments')).toContainText('object o1: Car 1 is a van: the cuboid is too short'); // the scene is not open: no name from another document
  await a.screenshot({ path: 'e2e-screens/team-annotator-sees-comment.png' });
  await task(a, titles.ann1).getByTestId('task-resume').click();
  await openTask(a, titles.ann1);
  await expect(a.getByTestId('error-banner')).toHaveCount(0);
  await setClass(a, 'o1', 'car');
  await expect(a.getByTestId('sync-status')).toHaveText('street · online');
  await dialog(a);
  await expect(task(a, titles.ann1).getByTestId('task-comments')).toContainText('Car 1 (o1)'); // shown on the object, by name
  await task(a, titles.ann1).getByTestId('task-submit').click();
  await expect(task(a, titles.ann1).getByTestId('task-state')).toHaveText('submitted');

  await r.getByRole('button', { name: 'Refresh' }).click();
  await task(r, titles.ann1).getByTestId('task-take-for-review').click();
  await task(r, titles.ann1).getByTestId('task-accept').click();
  await a.getByRole('button', { name: 'Refresh' }).click();
  await expect(task(a, titles.ann1).getByTestId('task-state')).toHaveText('accepted');
  await a.screenshot({ path: 'e2e-screens/team-accepted.png' });
  await a.context().close();
  await r.context().close();
});

/** A fresh task on the street scene for each annotator (the first tasks are submitted or accepted by now). */
async function moreTasks(title: (who: 'ann1' | 'ann2') => string) {
  const api = await request.newContext({ baseURL: base });
  const login = await api.post('/api/auth/login', { data: { name: 'e2e-admin', password: 'e2e-admin-password' } });
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const get = async <T>(path: string) => (await (await api.get(path)).json()) as T;
  const project = (await get<{ projects: { id: string; name: string }[] }>('/api/projects')).projects.find((p) => p.name === `Street team ${run}`)!;
  const scene = (await get<{ scenes: { id: string; name: string }[] }>(`/api/projects/${project.id}/scenes`)).scenes.find((s) => s.name === 'street')!;
  const members = (await get<{ members: { userId: string; name: string }[] }>(`/api/projects/${project.id}/members`)).members;
  for (const who of ['ann1', 'ann2'] as const) {
    const res = await api.post(`/api/projects/${project.id}/tasks`, { headers, data: { sceneId: scene.id, title: title(who), assignee: members.find((m) => m.name === names[who])!.userId } });
    expect(res.ok(), await res.text()).toBe(true);
  }
  await api.dispose();
}

test('an object\'s history is one click away in the inspector: who changed what and when', async ({ browser }) => {
  const title = (who: string) => `History of Car 1 (${who} ${run})`;
  await moreTasks(title);
  const a = await signIn(browser, 'ann1');
  const b = await signIn(browser, 'ann2');
  await openTask(a, title('ann1'));
  await openTask(b, title('ann2'));
  await setClass(a, 'o1', 'truck');
  await expect(classOf(b, 'o1')).toHaveText(/truck/i);
  await setClass(b, 'o1', 'van');
  await expect(classOf(a, 'o1')).toHaveText(/van/i);
  await expect(a.getByTestId('object-history-button')).toBeVisible();
  await a.getByTestId('object-history-button').click();
  const entries = a.getByTestId('object-history-entry');
  await expect(entries.first()).toBeVisible();
  await expect(a.getByTestId('object-history')).toContainText(`${names.ann2} changed class Truck → Van at`);
  // "changed class Car → Truck" after the earlier tests' edits, "set class to Truck" when run alone
  await expect(a.getByTestId('object-history')).toContainText(new RegExp(`${names.ann1} (changed class \\w+ → Truck|set class to Truck) at`));
  // newest first: b's change comes before a's
  const texts = await entries.allTextContents();
  const bAt = texts.findIndex((t) => t.startsWith(`${names.ann2} changed class Truck → Van`));
  const aAt = texts.findIndex((t) => t.startsWith(names.ann1) && t.includes('Truck at'));
  expect(bAt).toBeGreaterThanOrEqual(0);
  expect(aAt).toBeGreaterThan(bAt);
  await a.getByTestId('object-history').screenshot({ path: 'e2e-screens/team-object-history-panel.png' });
  await a.screenshot({ path: 'e2e-screens/team-object-history.png' });
  await a.context().close();
  await b.context().close();
});

test('the session ends mid-scene: a sign-in prompt in place, the edit stays queued, is sent after signing in again, and the stream resumes', async ({ browser }) => {
  const title = (who: string) => `Session expiry (${who} ${run})`;
  await moreTasks(title);
  const a = await signIn(browser, 'ann1');
  const b = await signIn(browser, 'ann2');
  await openTask(a, title('ann1'));
  await openTask(b, title('ann2'));
  await a.context().clearCookies(); // the session cookie expired
  await setClass(a, 'o4', 'cyclist');
  const prompt = a.getByTestId('team-signin-again');
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toContainText('1 unsent edit');
  await expect(a.getByTestId('sync-status')).toContainText('1 unsent');
  await expect(a.getByTestId('signin-again-name')).toHaveValue(names.ann1);
  // the queued edits are this user's: the prompt signs the same user back in, never another
  await expect(a.getByTestId('signin-again-name')).toHaveAttribute('readonly', '');
  await a.getByTestId('signin-again-password').fill('not the password');
  await a.getByTestId('signin-again-submit').click();
  await expect(prompt.getByRole('alert')).toBeVisible(); // a wrong password keeps the prompt and the edit
  await expect(classOf(a, 'o4')).toHaveText(/cyclist/i); // the work is still on screen
  await a.screenshot({ path: 'e2e-screens/team-signin-again.png' });
  await expect(classOf(b, 'o4')).not.toHaveText(/cyclist/i);
  await a.getByTestId('signin-again-password').fill(PASSWORD);
  await a.getByTestId('signin-again-submit').click();
  await expect(prompt).toHaveCount(0);
  await expect(a.getByTestId('sync-status')).toHaveText('street · online', { timeout: 30_000 });
  await expect(classOf(b, 'o4')).toHaveText(/cyclist/i);
  await setClass(b, 'o2', 'pedestrian');
  await setClass(b, 'o2', 'car');
  await expect(classOf(a, 'o2')).toHaveText(/car/i); // the event stream carries on
  await a.context().close();
  await b.context().close();
});
