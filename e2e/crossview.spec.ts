/**
 * The cross-view cursor: a LiDAR point under the pointer is marked in the camera image, and a
 * camera pixel under the pointer shows its viewing ray in the LiDAR view (frame 000000).
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

type Ann = { kind: string; object: string; x0: number; y0: number; x1: number; y1: number; center: { x: number; y: number; z: number } };
type Hook = {
  store: { getState: () => { scene: { annotations: Record<string, Record<string, Ann>>; objects: Record<string, { classId: string }> } } };
  lidarToScreen: (x: number, y: number, z: number) => { x: number; y: number };
  hoverRay: { origin: number[]; dir: number[] } | null;
};

async function pedestrian(page: Page) {
  return page.evaluate(() => {
    const st = (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState();
    const anns = Object.values(st.scene.annotations).flatMap((p) => Object.values(p)).filter((a) => st.scene.objects[a.object]?.classId === 'pedestrian');
    return { cuboid: anns.find((a) => a.kind === 'cuboid')!, box: anns.find((a) => a.kind === 'box2d')! };
  });
}

test('hovering a LiDAR point marks it in the camera; hovering a pixel shows its ray in the LiDAR view', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const { cuboid, box } = await pedestrian(page);

  // LiDAR → camera: point at the pedestrian's centre in the 3D view
  const at = await page.evaluate(([x, y, z]) => (window as unknown as { __crosslabel: Hook }).__crosslabel.lidarToScreen(x, y, z), [cuboid.center.x, cuboid.center.y, cuboid.center.z] as const);
  await page.mouse.move(at.x - 3, at.y);
  await page.mouse.move(at.x, at.y);
  const marker = wb.camera.getByTestId('hover-marker');
  await expect(marker).toHaveAttribute('visibility', 'visible');
  const u = Number(await marker.getAttribute('data-u'));
  const v = Number(await marker.getAttribute('data-v'));
  // the hovered point belongs to the pedestrian, so it lands inside (or right at) its labelled box
  expect(u).toBeGreaterThan(box.x0 - 15);
  expect(u).toBeLessThan(box.x1 + 15);
  expect(v).toBeGreaterThan(box.y0 - 15);
  expect(v).toBeLessThan(box.y1 + 15);
  await page.screenshot({ path: 'e2e-screens/crossview-lidar-to-camera.png' });

  // camera → LiDAR: hover the middle of the pedestrian's box; its ray passes by the cuboid centre
  const p = await page.evaluate(
    ([px, py]) => {
      const svg = document.querySelector('[data-testid=camera-svg]') as SVGSVGElement;
      const q = new DOMPoint(px, py).matrixTransform(svg.getScreenCTM()!);
      return { x: q.x, y: q.y };
    },
    [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2] as const,
  );
  await page.mouse.move(p.x, p.y);
  const ray = await page.waitForFunction(() => (window as unknown as { __crosslabel: Hook }).__crosslabel.hoverRay).then((h) => h.jsonValue());
  const c = [cuboid.center.x, cuboid.center.y, cuboid.center.z];
  const w = c.map((x, i) => x - ray!.origin[i]);
  const along = w[0] * ray!.dir[0] + w[1] * ray!.dir[1] + w[2] * ray!.dir[2];
  const miss = Math.hypot(...w.map((x, i) => x - along * ray!.dir[i]));
  expect(along).toBeGreaterThan(5); // in front of the camera, ~8 m away
  expect(miss).toBeLessThan(0.5);
  await page.screenshot({ path: 'e2e-screens/crossview-camera-to-lidar.png' });

  // leaving the image clears the cursor
  await page.mouse.move(5, 5);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __crosslabel: Hook }).__crosslabel.hoverRay)).toBeNull();
});
