/** Helpers for the app specs: canvas nodes, connections by handle drags, palette drops, inspector params. */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot } from './fixtures';

export const node = (app: Page, id: string): Locator => app.locator(`.react-flow__node[data-id="${id}"]`);

/** Saves test-results/screenshots/<name>.png (and a copy under $CONVAS_SHOTS, when set, to look at). */
export async function snap(app: Page, name: string): Promise<void> {
  const path = await screenshot(app, name);
  const dir = process.env.CONVAS_SHOTS;
  if (dir) {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    copyFileSync(path, join(dir, `${name}.png`));
  }
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags from `source`'s output handle to `target`'s input handle, as a user would. */
export async function connect(app: Page, source: string, target: string): Promise<void> {
  const from = await centre(node(app, source).locator('.react-flow__handle.source'));
  const to = await centre(node(app, target).locator('.react-flow__handle.target'));
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await app.mouse.move(to.x, to.y, { steps: 5 });
  await app.mouse.up();
}

/** Drops a palette item on the pane at (x, y) in page pixels; returns the new node's id (it is selected). */
export async function drop(app: Page, kind: string, at: { x: number; y: number }): Promise<string> {
  const pane = app.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  const before = await app.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await app.getByTestId(`palette-${kind}`).dragTo(pane, { targetPosition: { x: at.x - box.x, y: at.y - box.y } });
  await expect(app.locator('.react-flow__node')).toHaveCount(before.length + 1);
  const after = await app.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  return after.find((id) => !before.includes(id))!;
}

/** Sets an inspector param: text fields are filled and committed with Enter, selects are chosen. */
export async function setParam(app: Page, name: string, value: string): Promise<void> {
  const field = app.getByTestId(`param-${name}`);
  const tag = await field.evaluate((e) => e.tagName);
  if (tag === 'SELECT') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.press('Enter');
  }
}

export async function openTemplate(app: Page, id: string): Promise<void> {
  await app.getByTestId('templates-button').click();
  await app.getByTestId(`template-${id}`).click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
}

export const edgeCount = (app: Page) => app.locator('.react-flow__edge').count();
