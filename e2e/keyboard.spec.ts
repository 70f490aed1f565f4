/**
 * Keyboard-first workbench (issue #13 item 3): the command palette runs commands, shortcuts are
 * rebound from the shortcut sheet and survive a reload, class hotkeys 1–9 change the selected
 * object's class per pane, and dialogs close with Esc and give focus back. Every step is a key
 * press or a click, as a person does it; every effect is checked in the page.
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });

async function runFromPalette(page: Page, open: string, query: string, expectedItem: RegExp) {
  await page.keyboard.press(open);
  await expect(palette(page)).toBeVisible();
  await page.keyboard.type(query);
  // the best match is highlighted first: Enter runs it
  await expect(palette(page).locator('[cmdk-item][data-selected="true"]')).toHaveText(expectedItem);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
}

test('the command palette lists commands with their shortcuts and runs the chosen one', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  const cam = wb.camera;
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000000');
  await expect(cam.getByRole('button', { name: 'Box', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(cam.getByTestId('wireframe')).toHaveCount(0);

  // every command, grouped, with its binding; fuzzy: "tl bx" finds "Tool: 2D box"
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await expect(palette(page).locator('[cmdk-item][data-command="edit.undo"]')).toContainText('Ctrl+Z');
  await expect(palette(page).locator('[cmdk-item][data-command="camera.overlay.wireframes"] kbd')).toHaveText('W');
  await expect(palette(page).locator('[cmdk-item][data-command="nav.nextFrame"]')).toBeVisible();
  expect(await palette(page).locator('[cmdk-item]').count()).toBeGreaterThan(40);
  await page.keyboard.type('tl bx');
  await expect(palette(page).locator('[cmdk-item][data-selected="true"]')).toHaveText(/Tool: 2D box/);
  await page.screenshot({ path: 'e2e-screens/keyboard-palette.png' });
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  // 1. the tool switched
  await expect(cam.getByRole('button', { name: 'Box', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // 2. an overlay toggled (Ctrl+Shift+P opens it too)
  await runFromPalette(page, 'Control+Shift+P', 'wireframes', /Toggle overlay: cuboid wireframes/);
  await expect(cam.getByTestId('wireframe')).toHaveCount(1);
  await expect(cam.getByRole('button', { name: /cuboid wireframes/ })).toHaveAttribute('aria-pressed', 'true');

  // 3. the next frame in every view
  await runFromPalette(page, 'Control+k', 'next frame', /Next frame/);
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000001');
  await expect(wb.lidar).toHaveAttribute('data-sample', 'velodyne/000001');
  await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 2/3');

  // Esc closes the palette without running anything, and focus goes back where it was
  await page.keyboard.press('Shift+C');
  await expect(cam).toBeFocused();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('previous frame');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(cam).toBeFocused();
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000001');
  expect(errors).toEqual([]);
});

test('a shortcut rebound in the sheet works, conflicts are refused, the binding survives a reload and resets', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const cam = wb.camera;
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const nextFrameChip = sheet.locator('tr[data-command="nav.nextFrame"] .kbd-chip');

  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('tr[data-command="tool.select"]')).toContainText('V');
  await expect(nextFrameChip).toHaveText('.');

  // V is the select tool's: refused, with a message naming it
  await nextFrameChip.click();
  await expect(sheet.getByTestId('shortcut-message')).toContainText('Press the new shortcut for “Next frame”');
  await page.keyboard.press('v');
  await expect(sheet.getByRole('alert')).toContainText('V is already bound to “Tool: select”');
  await expect(nextFrameChip).toHaveText('.');
  // B toggles the camera's boxes, a key press could reach both: refused too
  await nextFrameChip.click();
  await page.keyboard.press('b');
  await expect(sheet.getByRole('alert')).toContainText('Toggle overlay: labelled boxes');

  await nextFrameChip.click();
  await page.keyboard.press('n');
  await expect(sheet.getByTestId('shortcut-message')).toContainText('“Next frame” is now N');
  await expect(nextFrameChip).toHaveText('N');
  await page.screenshot({ path: 'e2e-screens/keyboard-sheet.png' });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  await expect(cam).toHaveAttribute('data-sample', 'image_2/000000');
  await page.keyboard.press('.');
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000000'); // the old key no longer steps
  await page.keyboard.press('n');
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000001');

  // a reload keeps the binding
  await page.reload();
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  const before = await cam.getAttribute('data-sample');
  const after = before === 'image_2/000000' ? 'image_2/000001' : 'image_2/000002';
  await page.keyboard.press('.');
  await expect(cam).toHaveAttribute('data-sample', before!);
  await page.keyboard.press('n');
  await expect(cam).toHaveAttribute('data-sample', after);
  // the palette shows the new binding too
  await page.keyboard.press('Control+k');
  await expect(palette(page).locator('[cmdk-item][data-command="nav.nextFrame"] kbd')).toHaveText('N');
  await page.keyboard.press('Escape');

  // reset to defaults: "." steps again, "n" does nothing
  await page.keyboard.press('?');
  await sheet.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(nextFrameChip).toHaveText('.');
  await page.keyboard.press('Escape');
  await page.keyboard.press(',');
  await expect(cam).not.toHaveAttribute('data-sample', after);
  const now = await cam.getAttribute('data-sample');
  await page.keyboard.press('n');
  await expect(cam).toHaveAttribute('data-sample', now!);
  await page.keyboard.press('.');
  await expect(cam).toHaveAttribute('data-sample', after);
});

test('class hotkeys set the selected object’s class per pane (undoable), or the class of the next label', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const row = wb.objectRow('Pedestrian');
  await row.click();
  const id = await row.getAttribute('data-object');
  const sameRow = wb.objects.locator(`button.object-row[data-object="${id}"]`);
  const cls = wb.inspector.getByLabel('class');
  await expect(cls).toHaveValue('pedestrian');

  // camera pane, from the keyboard: 8 = the 8th camera class, Cyclist
  await page.keyboard.press('Shift+C');
  await expect(wb.camera).toBeFocused();
  await page.keyboard.press('8');
  await expect(sameRow.locator('.object-class')).toHaveText('Cyclist');
  await expect(cls).toHaveValue('cyclist');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /Undo Change class/);
  await page.screenshot({ path: 'e2e-screens/keyboard-class-hotkey.png' });
  await page.keyboard.press('Control+z');
  await expect(cls).toHaveValue('pedestrian');

  // LiDAR pane: 1 = Car
  await page.keyboard.press('Shift+L');
  await expect(wb.lidar).toBeFocused();
  await page.keyboard.press('1');
  await expect(sameRow.locator('.object-class')).toHaveText('Car');

  // nothing selected and the box tool: 3 picks Truck for the next box
  await page.keyboard.press('Escape');
  await expect(sameRow).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('r');
  await expect(wb.camera.getByRole('button', { name: 'Box', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Shift+C');
  await page.keyboard.press('3');
  await expect(wb.camera.getByLabel('new box class')).toHaveValue('truck');
  await expect(sameRow.locator('.object-class')).toHaveText('Car');
});

test('every part is reachable from the keyboard; Esc closes dialogs and gives focus back', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();

  // next object selects it everywhere; the object list takes focus on the selected row
  await page.keyboard.press(']');
  const selected = wb.objects.locator('button.object-row[aria-pressed="true"]');
  await expect(selected).toHaveCount(1);
  await page.keyboard.press('Shift+O');
  await expect(selected).toBeFocused();

  // side panel tabs
  await page.keyboard.press('Alt+q');
  await expect(page.getByRole('tab', { name: 'QA' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+i');
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');

  // export opens focused inside the dialog; Esc closes it and focus returns to the list row
  await page.keyboard.press('Shift+O');
  await page.keyboard.press('Shift+X');
  const exportDialog = page.getByTestId('export-dialog');
  await expect(exportDialog).toBeVisible();
  await expect(exportDialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();
  await expect(selected).toBeFocused();

  // the sheet: Esc closes it, focus back on the row; the palette can focus a pane
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
  await expect(selected).toBeFocused();
  await runFromPalette(page, 'Control+k', 'focus lidar', /Focus the LiDAR pane/);
  await expect(wb.lidar).toBeFocused();
});
