/**
 * Browser mode when the connection to `convas serve` drops: the page says it is reconnecting, and once the
 * client's own retry (src/renderer/host/wsClient.ts) gets through the banner goes and the Api answers again.
 * The drop is made by closing the page's WebSocket from Playwright's routeWebSocket, as a server that stops does.
 */
import type { WebSocketRoute } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

test('a dropped connection shows "reconnecting" until the client is back through', async ({ page, server }) => {
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  // Records whether the banner ever showed: it may show for only as long as one retry (0.5 s).
  await page.addInitScript(() => {
    const seen = { banner: false };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="connection-banner"]')) seen.banner = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url, { waitUntil: 'load' });
  await expect.poll(() => sockets.length, { message: 'the page opened no WebSocket to the Api' }).toBe(1);
  await expect(page.getByTestId('palette-conv2d')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);

  await sockets[0].close({ code: 1001, reason: 'server stopped' });
  await expect.poll(() => sockets.length, { message: 'the client did not reconnect' }).toBe(2);
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { seen: { banner: boolean } }).seen.banner)).toBe(true);
  await screenshot(page, 'connection-reconnected');
});
