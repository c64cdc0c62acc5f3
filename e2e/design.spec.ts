/**
 * Designing: LeNet-5 built by drag and drop (61,706 parameters), refused connections and the Flatten fix, the
 * conv ↔ locally-connected swap with its comparison card (45 vs 46,080), a depthwise convolution from the palette,
 * and undo/redo.
 */
import { expect, test } from './fixtures';
import { connect, drop, edgeCount, node, openTemplate, setParam, snap } from './canvas-helpers';

test('builds LeNet-5 by drag and drop and reaches 61,706 parameters', async ({ app }) => {
  await app.getByTestId('doc-new').click();
  await expect(app.locator('.react-flow__node')).toHaveCount(1);
  await expect(app.getByTestId('total-params')).toHaveText('0');

  // Two columns beside the input node, top to bottom, so no node covers another's handles.
  const inBox = (await node(app, 'in').boundingBox())!;
  const cx = inBox.x + inBox.width / 2;
  const cy = inBox.y + inBox.height / 2;
  const slots = [-270, -180, -90, 0, 90, 180, 270]
    .map((dy) => ({ x: cx - 260, y: cy + dy }))
    .concat([{ x: cx + 260, y: cy - 270 }]);

  const layers: { kind: string; params: [string, string][] }[] = [
    {
      kind: 'conv2d',
      params: [
        ['filters', '6'],
        ['kernelSize', '5'],
        ['padding', 'same'],
        ['activation', 'relu'],
      ],
    },
    { kind: 'maxPool2d', params: [] },
    {
      kind: 'conv2d',
      params: [
        ['filters', '16'],
        ['kernelSize', '5'],
        ['activation', 'relu'],
      ],
    },
    { kind: 'maxPool2d', params: [] },
    { kind: 'flatten', params: [] },
    {
      kind: 'dense',
      params: [
        ['units', '120'],
        ['activation', 'relu'],
      ],
    },
    {
      kind: 'dense',
      params: [
        ['units', '84'],
        ['activation', 'relu'],
      ],
    },
    {
      kind: 'dense',
      params: [
        ['units', '10'],
        ['activation', 'softmax'],
      ],
    },
  ];
  const ids: string[] = ['in'];
  for (const [i, layer] of layers.entries()) {
    const id = await drop(app, layer.kind, slots[i]);
    await expect(node(app, id)).toHaveClass(/selected/);
    for (const [name, value] of layer.params) await setParam(app, name, value);
    ids.push(id);
  }
  for (let i = 1; i < ids.length; i++) {
    await connect(app, ids[i - 1], ids[i]);
    await expect.poll(() => edgeCount(app)).toBe(i);
  }
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.getByTestId('total-macs')).toHaveText('416,520');
  await expect(node(app, ids[1]).getByTestId('node-shape')).toHaveText('6×28×28');
  await expect(node(app, ids[1]).getByTestId('node-params')).toHaveText('156');
  await expect(node(app, ids[5]).getByTestId('node-shape')).toHaveText('400');
  await expect(app.getByTestId('total-errors')).toContainText('0');
  // Edges carry their tensor shapes.
  await expect(app.locator('.edge-shape-label', { hasText: '16×5×5' })).toHaveCount(1);
  await snap(app, 'design-built-by-dnd');
  await app.getByTestId('auto-layout').click();
  await app.waitForTimeout(400);
  await snap(app, 'design-auto-layout');
  // Auto-layout is one undoable step and changes no numbers.
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
});

test('refuses an invalid connection with the reason, and fixes a missing Flatten in one click', async ({ app }) => {
  await openTemplate(app, 'lenet5');
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  const edges = await edgeCount(app);

  // f1 already has its one input: the engine refuses a second one, and says why.
  await connect(app, 'p2', 'f1');
  await expect(app.getByTestId('toast-error')).toContainText('takes 1 input');
  expect(await edgeCount(app)).toBe(edges);

  // A dense layer straight after a feature map is refused as it is drawn (the hint shows while hovering).
  const d = await drop(app, 'dense', {
    x: (await node(app, 'c2').boundingBox())!.x + 420,
    y: (await node(app, 'c2').boundingBox())!.y,
  });
  const from = (await node(app, 'c1').locator('.react-flow__handle.source').boundingBox())!;
  const to = (await node(app, d).locator('.react-flow__handle.target').boundingBox())!;
  await app.mouse.move(from.x + 5, from.y + 5);
  await app.mouse.down();
  await app.mouse.move(to.x + 5, to.y + 5, { steps: 12 });
  await expect(app.getByTestId('connection-hint')).toContainText('needs a flat input');
  await snap(app, 'design-refused-connection');
  await app.mouse.up();
  expect(await edgeCount(app)).toBe(edges);
  await node(app, d).click();
  await app.keyboard.press('Delete');

  // Deleting Flatten closes the gap (p2 → f1), which the engine reports with a one-click fix.
  await node(app, 'flat').click();
  await app.keyboard.press('Delete');
  await expect(node(app, 'flat')).toHaveCount(0);
  const problems = app.getByTestId('problems');
  await app.getByTestId('tab-problems').click();
  await expect(problems).toBeVisible();
  await expect(problems.getByTestId('problem').first()).toContainText('needs a flat input');
  await expect(node(app, 'f1')).toHaveClass(/./);
  await expect(node(app, 'f1').locator('.layer-node')).toHaveClass(/has-error/);
  // In the node: the message without its 'dense "f1": ' and on one line, so the node does not grow over the next.
  const inNode = node(app, 'f1').getByTestId('node-error');
  await expect(inNode).toContainText('needs a flat input');
  await expect(inNode).not.toContainText('"f1"');
  const [f1, f2] = [await node(app, 'f1').boundingBox(), await node(app, 'f2').boundingBox()];
  expect(f1!.y + f1!.height).toBeLessThan(f2!.y);
  await snap(app, 'design-problems-flatten');
  await problems.getByTestId('fix').first().click();
  await expect(problems.getByTestId('problem')).toHaveCount(0);
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.locator('.react-flow__node[data-id^="flatten_"]')).toHaveCount(1);
});

test('swaps conv ↔ locally connected; the card shows 45 vs 46,080 for five 3×3 filters on 32×32', async ({ app }) => {
  await openTemplate(app, 'lenet5');
  await node(app, 'in').click();
  await setParam(app, 'height', '32');
  await setParam(app, 'width', '32');
  await node(app, 'c1').click();
  await setParam(app, 'filters', '5');
  await setParam(app, 'kernelSize', '3');
  await expect(app.getByTestId('param-padding')).toHaveValue('same');
  const card = app.getByTestId('compare-card');
  await expect(card.getByTestId('compare-conv2d-weights')).toHaveText('45');
  await expect(card.getByTestId('compare-locallyConnected2d-weights')).toHaveText('46,080');
  // Depthwise 3×3 on the one channel (9 weights), then a 1×1 conv to 5 filters (5).
  await expect(card.getByTestId('compare-depthwiseSeparable-weights')).toHaveText('14');
  await expect(node(app, 'c1').getByTestId('node-params')).toHaveText('50');
  await expect(app.getByTestId('formulas')).toContainText('params = 3·3·1·5 + 5 = 50');
  await app.getByTestId('right-panel').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await snap(app, 'design-compare-card');

  await app.getByTestId('swap-conv-lc').click();
  await expect(node(app, 'c1').locator('.layer-node')).toHaveClass(/is-lc/);
  // 46,080 weights + one bias per filter and position (5·32·32).
  await expect(node(app, 'c1').getByTestId('node-params')).toHaveText('51,200');
  await expect(app.getByTestId('swap-conv-lc')).toContainText('convolution');
  await expect(card.locator('tr.is-current')).toContainText('46,080');
  await snap(app, 'design-swapped-lc');
  await app.getByTestId('swap-conv-lc').click();
  await expect(node(app, 'c1').getByTestId('node-params')).toHaveText('50');

  // In the smallest window (the desktop window's minimum, 900×600) the side panels narrow and the inspector, its
  // fields and the card (millions of MACs for the dense twin) still fit without a sideways scroll.
  await app.setViewportSize({ width: 900, height: 600 });
  await node(app, 'in').click();
  await setParam(app, 'height', '28');
  await setParam(app, 'width', '28');
  await node(app, 'c1').click();
  await expect(card.getByTestId('compare-dense-weights')).toHaveText('3,073,280');
  const overflow = await app.getByTestId('right-panel').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBe(0);
});

test('undo and redo cover edits and drags; loading a template is not undoable', async ({ app }) => {
  await openTemplate(app, 'lenet5');
  await expect(app.getByTestId('undo')).toBeDisabled();
  await node(app, 'c1').click();
  await setParam(app, 'filters', '8');
  const changed = '62,558'; // c1: 5·5·1·8 + 8 = 208 (+52); c2: 5·5·8·16 + 16 = 3,216 (+800)
  await expect(app.getByTestId('total-params')).toHaveText(changed);

  // An invalid value is shown inline and never applied.
  await app.getByTestId('param-filters').fill('0');
  await app.getByTestId('param-filters').press('Enter');
  await expect(app.getByTestId('param-filters-error')).toContainText('positive integer');
  await expect(app.getByTestId('total-params')).toHaveText(changed);
  await app.getByTestId('param-filters').press('Escape');

  // A drag is one step.
  const before = (await node(app, 'p1').boundingBox())!;
  await app.mouse.move(before.x + 40, before.y + 10);
  await app.mouse.down();
  await app.mouse.move(before.x + 240, before.y + 10, { steps: 10 });
  await app.mouse.up();
  const moved = (await node(app, 'p1').boundingBox())!;
  expect(moved.x - before.x).toBeGreaterThan(100);

  await app.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await app.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await node(app, 'p1').boundingBox())!.x)).toBe(Math.round(before.x));
  await expect(app.getByTestId('total-params')).toHaveText(changed);
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.getByTestId('undo')).toBeDisabled();
  await app.keyboard.press('Control+Shift+z');
  await expect(app.getByTestId('total-params')).toHaveText(changed);
  await app.keyboard.press('Control+y');
  await expect.poll(async () => Math.round((await node(app, 'p1').boundingBox())!.x)).toBe(Math.round(moved.x));

  // Copy, paste and delete are undoable too.
  await node(app, 'c2').click();
  await app.keyboard.press('Control+c');
  await app.keyboard.press('Control+v');
  await expect(app.locator('.react-flow__node')).toHaveCount(10);
  await app.keyboard.press('Control+z');
  await expect(app.locator('.react-flow__node')).toHaveCount(9);
  await app.keyboard.press('Control+a');
  await app.keyboard.press('Delete');
  await expect(app.locator('.react-flow__node')).toHaveCount(0);
  await app.keyboard.press('Control+z');
  await expect(app.locator('.react-flow__node')).toHaveCount(9);
  await expect(app.getByTestId('total-params')).toHaveText(changed);
});

test('a depthwise convolution from the palette: one kernel per channel, times the depth multiplier', async ({
  app,
}) => {
  await app.getByTestId('doc-new').click();
  const inBox = (await node(app, 'in').boundingBox())!;
  const id = await drop(app, 'depthwiseConv2d', { x: inBox.x + inBox.width / 2, y: inBox.y + inBox.height / 2 + 160 });
  await connect(app, 'in', id);
  await expect.poll(() => edgeCount(app)).toBe(1);
  await node(app, id).click();
  // 1×28×28 input, 3×3 kernels: 9 weights and 1 bias per output channel.
  await expect(node(app, id).getByTestId('node-shape')).toHaveText('1×26×26');
  await expect(app.getByTestId('formulas')).toContainText('params = 3·3·1·1 + 1·1 = 10');
  await setParam(app, 'depthMultiplier', '2');
  await expect(node(app, id).getByTestId('node-shape')).toHaveText('2×26×26');
  await expect(node(app, id).getByTestId('node-params')).toHaveText('20');
  await expect(app.getByTestId('formulas')).toContainText('MACs = 26·26·3·3·1·2 = 12,168');
  await expect(app.getByTestId('compare-card').getByTestId('compare-depthwiseSeparable')).toBeVisible();
});
