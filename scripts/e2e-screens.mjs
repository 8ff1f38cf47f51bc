// Screenshots of the extension as a person sees it, taken by driving the workbench UI with the mouse and keyboard
// (scripts/e2e.mjs calls this after the in-editor tests, on the same code-server):
//   test-output/screenshots/hover.png      hover over proxy_read_timeout in a WebSocket location that inherits
//                                          its proxy_set_header lines from the server
//   test-output/screenshots/quick-fix.png  Ctrl+. on a location whose own proxy_set_header drops the server's
//                                          Upgrade and Connection lines
//   test-output/screenshots/effective-hover.png  hover over the `location` keyword of that first location: its
//                                          effective configuration, led by whether a WebSocket works there
// Each step waits for the element it needs (bounded); one that never appears throws, and the run fails.
import * as fs from 'node:fs';
import * as path from 'node:path';

const STEP_TIMEOUT_MS = 30_000;
const FIXTURE = 'screenshots/nginx.conf';

/**
 * Opens a fresh workbench on `<workspace>/screenshots` with the extension in development mode and writes the
 * screenshots into `outDir`. Returns the files written.
 */
export async function takeScreenshots({ browser, port, root, workspace, outDir, log = console.log }) {
  const folder = path.join(workspace, path.dirname(FIXTURE));
  const file = path.basename(FIXTURE);
  const text = fs.readFileSync(path.join(workspace, FIXTURE), 'utf8');
  fs.mkdirSync(outDir, { recursive: true });
  // A picture left from an earlier run must not pass for this run's.
  for (const f of ['hover.png', 'quick-fix.png', 'effective-hover.png', 'failure.png']) fs.rmSync(path.join(outDir, f), { force: true });

  const page = await browser.newPage({ viewport: { width: 1400, height: 1050 } });
  try {
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, {
      timeout: 60_000,
    });
    await visible(page.locator('.monaco-workbench .part.editor'), 'the workbench');

    // Quick Open (Ctrl+P), the file's name, Enter: as a person opens a file.
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await retry('the file to open from Quick Open', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await visible(input, 'Quick Open', 5_000);
      await input.fill(file);
      await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first(), `${file} in Quick Open`, 10_000);
      await page.keyboard.press('Enter');
      await visible(editor.locator('.view-lines', { hasText: 'proxy_read_timeout' }), `${file} in an editor`, 10_000);
    });
    await page.keyboard.press('Escape');
    await clearNotifications(page);

    // The language server has checked the file once its squiggles are drawn.
    await visible(editor.locator('.squiggly-error').first(), 'the squiggle of an nginx-ws error');

    // 1. Hover over proxy_read_timeout in `location /ws/` (the first of the two, which inherits its headers).
    const lines = text.split('\n');
    const hoverLine = lines.findIndex((l) => /^\s*proxy_read_timeout\b/.test(l));
    if (hoverLine < 0) throw new Error(`${FIXTURE} has no proxy_read_timeout line`);
    // The hover must be the one of /ws/ (whose table has the inherited row): on a loaded machine the first move can
    // land while the editor still lays out, and the hover opens on another line; move away and back until it is.
    const hover = page.locator('.monaco-hover', { hasText: 'Effective in this block' });
    let timeout;
    await retry('the hover over proxy_read_timeout in location /ws/', async () => {
      await page.mouse.move(5, 1040);
      timeout = await tokenBox(page, editor, 'proxy_read_timeout', 0);
      await page.mouse.move(timeout.x + timeout.width / 2, timeout.y + timeout.height / 2);
      await visible(page.locator('.monaco-hover', { hasText: 'inherited from server' }), 'the hover over proxy_read_timeout with the inherited row', 10_000);
    });
    await visible(hover, 'the hover over proxy_read_timeout with its effective-values table');
    // The hover opens at most ~250px tall and scrolls. As a person would, drag its free edge (the one away from
    // the line) to make it taller, then scroll it if the proxy_set_header row (inherited from the server) is still
    // outside its frame.
    const row = hover.locator('tr', { hasText: 'inherited from server' });
    await visible(row, 'the inherited proxy_set_header row in the hover');
    const resizable = page.locator('.monaco-resizable-hover', { has: hover });
    const edge = resizable.locator('.monaco-sash.horizontal:not(.disabled)').first();
    const editorBox = await editor.boundingBox();
    const edgeBox = await edge.boundingBox().catch(() => null);
    if (edgeBox && editorBox) {
      const from = { x: edgeBox.x + edgeBox.width / 2, y: edgeBox.y + edgeBox.height / 2 };
      const north = from.y < timeout.y;
      const to = north ? editorBox.y + 8 : editorBox.y + editorBox.height - 8;
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x, to, { steps: 8 });
      await page.mouse.up();
    }
    await visible(hover, 'the hover to stay open after resizing it');
    const frame = await hover.boundingBox();
    if (!frame) throw new Error('screenshots: the hover has no box');
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    for (let i = 0; ; i++) {
      const r = await row.boundingBox();
      if (r && r.y >= frame.y && r.y + r.height <= frame.y + frame.height) break;
      if (i >= 30) throw new Error(`screenshots: the inherited proxy_set_header row stayed outside the hover after scrolling (${JSON.stringify({ r, frame })})`);
      await page.mouse.wheel(0, 60);
      await hover.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
    }
    await visible(hover, 'the hover to stay open while scrolled');
    const hoverPng = path.join(outDir, 'hover.png');
    await page.screenshot({ path: hoverPng });
    log(`screenshots: ${path.relative(root, hoverPng)}`);

    // Away from the text, Escape: the hover closes before the next step.
    await page.mouse.move(5, 1040);
    await page.keyboard.press('Escape');
    await hidden(hover, 'the hover to close');

    // 2. Click into `location /notifications/ws/`, whose diagnostics start at the `location` keyword, and press Ctrl+.
    const head = await tokenBox(page, editor, 'location', lines.filter((l) => /^\s*location\b/.test(l)).findIndex((l) => l.includes('/notifications/ws/')));
    await page.mouse.click(head.x + head.width / 2, head.y + head.height / 2);
    await page.mouse.move(5, 1040);
    const menu = page.locator('.action-widget', { hasText: 'Add proxy_set_header Upgrade' });
    await retry('the quick-fix menu', async () => {
      await page.keyboard.press('Control+.');
      await visible(menu, 'the quick-fix menu with the Upgrade fix', 10_000);
    });
    await visible(menu.locator('text=Copy the Connection line'), 'the Connection fix in the menu');
    const quickFixPng = path.join(outDir, 'quick-fix.png');
    await page.screenshot({ path: quickFixPng });
    log(`screenshots: ${path.relative(root, quickFixPng)}`);
    await page.keyboard.press('Escape');
    await hidden(menu, 'the quick-fix menu to close');

    // 3. Hover over the `location` keyword of `location /ws/`: the effective configuration, headline first.
    const keyword = await tokenBox(page, editor, 'location', 0);
    const effective = page.locator('.monaco-hover', { hasText: 'WebSocket: yes' });
    await retry('the effective-configuration hover', async () => {
      await page.mouse.move(5, 1040);
      await page.mouse.move(keyword.x + keyword.width / 2, keyword.y + keyword.height / 2);
      await visible(effective, 'the hover over location with its effective configuration', 10_000);
    });
    await visible(effective.locator('tr', { hasText: 'proxy_read_timeout' }), 'the proxy_read_timeout row of the effective configuration');
    // The hover fades in: a picture taken at once shows it half transparent over the text.
    await page.waitForTimeout(500);
    const effectivePng = path.join(outDir, 'effective-hover.png');
    await page.screenshot({ path: effectivePng });
    log(`screenshots: ${path.relative(root, effectivePng)}`);
    return [hoverPng, quickFixPng, effectivePng];
  } catch (err) {
    const shot = path.join(outDir, 'failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    throw new Error(`${err instanceof Error ? err.message : err} (the workbench at that moment: ${path.relative(root, shot)})`);
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function visible(locator, what, timeout = STEP_TIMEOUT_MS) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (err) {
    throw new Error(`screenshots: ${what} did not appear within ${timeout / 1000}s (${err instanceof Error ? err.message.split('\n')[0] : err})`);
  }
}

async function hidden(locator, what, timeout = STEP_TIMEOUT_MS) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch {
    throw new Error(`screenshots: waited ${timeout / 1000}s for ${what}`);
  }
}

/** Runs `step` until it succeeds, for UI that may drop a keystroke while it is still starting; bounded. */
async function retry(what, step, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`screenshots: gave up on ${what}: ${err instanceof Error ? err.message : err}`);
    }
  }
}

/**
 * The box of the `nth` (top to bottom) occurrence of `word` as a token of its own in the editor's rendered lines.
 * The rendered lines are not in document order in the DOM, so occurrences are sorted by their position on screen.
 */
async function tokenBox(page, editor, word, nth) {
  const spans = editor.locator('.view-line span span').filter({ hasText: new RegExp(`^${word}$`) });
  const boxes = [];
  for (const span of await spans.all()) {
    const box = await span.boundingBox();
    if (box) boxes.push(box);
  }
  boxes.sort((a, b) => a.y - b.y);
  if (!boxes[nth]) throw new Error(`screenshots: found ${boxes.length} "${word}" on screen, wanted number ${nth + 1}`);
  return boxes[nth];
}

/** Toasts about the missing extension gallery (no network here) would cover the bottom right of the pictures. */
async function clearNotifications(page) {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) === 0) return;
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await visible(input, 'the command palette', 10_000);
  await input.fill('>Notifications: Clear All Notifications');
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first(), 'the Clear All Notifications command', 10_000);
  await page.keyboard.press('Enter');
  await hidden(page.locator('.notifications-toasts .notification-toast'), 'the notifications to clear', 10_000);
}
