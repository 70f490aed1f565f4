/**
 * The manager's project page: a manager gives one scene to two annotators as a consensus
 * assignment (an independent copy each), each annotator labels their copy differently in their own
 * browser and submits, and the manager's page shows the progress, a kappa below 1 and each
 * person's throughput. Runs against `npm run server` (playwright.config.ts starts it for team*.spec).
 */
import { expect, request, test, type Browser, type Page } from '@playwright/test';
import { makeTestScene } from '../src/core/commands/testScene';
import { allAnnotations, partitionAnnotations, Scene, type Annotation } from '../src/core/schema';

const teamPort = Number(process.env.E2E_TEAM_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1);
const base = `http://127.0.0.1:${teamPort}`;
const PASSWORD = 'correct horse battery staple';
const run = Date.now().toString(36);
const names = { mgr: `mgr-${run}`, ann1: `cons1-${run}`, ann2: `cons2-${run}` };
const PROJECT = `Consensus ${run}`;
const TITLE = `Overlap (${run})`;

test.use({ baseURL: base });
test.describe.configure({ mode: 'serial' });

/** The test scene with cuboids on o1, o2, o3 and a fifth object o5 (a car), 10 m apart: four matchable objects. */
function fourObjectScene(): Scene {
  const s = makeTestScene();
  const cuboid = (id: string, object: string, x: number) =>
    ({ id, kind: 'cuboid', object, sensor: 'lidar', sample: 'l0', center: { x, y: 1, z: -0.8 }, size: { l: 4, w: 1.8, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } }) as Annotation;
  const anns = [...allAnnotations(s), cuboid('a5', 'o2', 20), cuboid('a6', 'o3', 30), cuboid('a7', 'o5', 40)];
  return Scene.parse({ ...s, objects: { ...s.objects, o5: { id: 'o5', classId: 'car', attributes: {} } }, annotations: partitionAnnotations(anns) });
}

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
  for (const name of Object.values(names)) await ok(api.post('/api/users', { headers, data: { name, password: PASSWORD } }));
  const { project } = await ok(api.post('/api/projects', { headers, data: { name: PROJECT } }));
  for (const [k, role] of [['mgr', 'manager'], ['ann1', 'annotator'], ['ann2', 'annotator']] as const)
    await ok(api.post(`/api/projects/${project.id}/members`, { headers, data: { name: names[k], role } }));
  await ok(api.post(`/api/projects/${project.id}/scenes`, { headers, data: { scene: fourObjectScene(), name: 'street' } }));
  await api.dispose();
});

async function signIn(browser: Browser, who: keyof typeof names): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/');
  await expect(page.getByTestId('scene-name')).not.toHaveText('no scene', { timeout: 60_000 });
  await page.getByTestId('team-button').click();
  await page.getByTestId('team-name').fill(names[who]);
  await page.getByTestId('team-password').fill(PASSWORD);
  await page.getByTestId('team-signin').click();
  await expect(page.getByTestId('team-user')).toHaveText(names[who]);
  return page;
}

async function projectPage(page: Page) {
  await page.getByTestId('team-tab-project').click();
  await expect(page.getByTestId('project-page')).toBeVisible();
  await page.getByTestId('project-select').selectOption({ label: PROJECT });
  await expect(page.getByTestId('project-progress')).toBeVisible();
}

async function labelAndSubmit(page: Page, object: string, classId: string) {
  const task = page.getByTestId('team-task').filter({ hasText: TITLE });
  await task.getByTestId('task-start').click();
  await expect(task.getByTestId('task-state')).toHaveText('in progress');
  await task.getByTestId('task-open').click();
  await expect(page.getByTestId('team-dialog')).toHaveCount(0);
  await expect(page.getByTestId('sync-status')).toContainText('online');
  const row = page.getByTestId('object-list').locator(`button[data-object="${object}"]`);
  await row.click();
  await page.getByTestId('inspector').getByLabel('class', { exact: true }).selectOption(classId);
  await expect(row.locator('.object-class')).toHaveText(new RegExp(classId, 'i'));
  await expect(page.getByTestId('sync-status')).not.toContainText('unsent');
  await page.getByTestId('team-button').click();
  await task.getByTestId('task-submit').click();
  await expect(task.getByTestId('task-state')).toHaveText('submitted');
}

test('a manager gives one scene to two annotators; they label their copies differently; the project page shows progress, kappa < 1 and throughput', async ({ browser }) => {
  test.setTimeout(360_000); // three browser contexts on a shared, busy machine
  const m = await signIn(browser, 'mgr');
  await projectPage(m);
  await expect(m.getByTestId('project-kappa')).toContainText('over 0 pairs');

  // the consensus assignment: one scene, two annotators (fewer cannot be sent)
  const form = m.getByTestId('consensus-form');
  await form.getByTestId('consensus-scene').selectOption({ label: 'street (rev. 0)' });
  await form.locator(`[data-testid="consensus-annotator"][data-name="${names.ann1}"]`).check();
  await expect(form.getByTestId('consensus-create')).toBeDisabled();
  await form.locator(`[data-testid="consensus-annotator"][data-name="${names.ann2}"]`).check();
  await form.getByTestId('consensus-title').fill(TITLE);
  await form.getByTestId('consensus-create').click();
  await expect(form.getByTestId('consensus-message')).toContainText(`Assigned 2 copies (revision 0): street · ${names.ann1}, street · ${names.ann2}`);
  await expect(m.getByTestId('progress-todo')).toHaveText('2');
  await expect(m.getByTestId('project-kappa')).toContainText('2 copies still being labelled');

  // each annotator, in their own browser, labels their own copy differently and submits
  const a = await signIn(browser, 'ann1');
  const b = await signIn(browser, 'ann2');
  await labelAndSubmit(a, 'o2', 'cyclist');
  await labelAndSubmit(b, 'o1', 'truck');

  await m.getByTestId('project-refresh').click();
  await expect(m.getByTestId('progress-submitted')).toHaveText('2');
  // A = [car, cyclist, van, car], B = [truck, pedestrian, van, car] (o1, o2, o3, o5): p_o = 2/4,
  // p_e = car 2/4·1/4 + van 1/4·1/4 = 3/16, κ = (8/16 − 3/16) / (13/16) = 5/13 ≈ 0.38
  await expect(m.getByTestId('project-kappa')).toContainText('0.38 mean · 0.38 median');
  await expect(m.getByTestId('project-kappa')).toContainText('over 1 pair');
  // the test scene has no camera ↔ LiDAR transform: cross-modal agreement is not computed, and the page says why
  await expect(m.getByTestId('cross-modal-why')).toContainText('Cross-modal agreement not computed: no chain of transforms from frame "velodyne"');
  const perAnnotator = m.getByTestId('agreement-annotator');
  await expect(perAnnotator).toHaveCount(2);
  await expect(perAnnotator.filter({ hasText: names.ann1 })).toContainText('0.38');
  await expect(m.getByTestId('agreement-source')).toContainText(`${names.ann1} (submitted), ${names.ann2} (submitted)`);
  // throughput: one edit on one object each, one task submitted each
  for (const who of [names.ann1, names.ann2]) {
    const row = m.getByTestId('throughput-row').filter({ hasText: who });
    await expect(row.locator('td').nth(1)).toHaveText('1'); // edits
    await expect(row.locator('td').nth(2)).toHaveText('1'); // objects
    await expect(row.locator('td').nth(6)).toHaveText('1'); // submitted
  }
  // QA rates cover the source and both copies
  await expect(m.getByTestId('qa-scene')).toHaveCount(3);
  await m.getByTestId('team-dialog').screenshot({ path: 'e2e-screens/team-project-page.png' });
  for (const p of [m, a, b]) await p.context().close();
});
