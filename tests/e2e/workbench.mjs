// End-to-end tests of `sansho serve` in a real browser: Debian's Chromium driven by
// playwright-core. Run by tests/e2e.rs (which finds node and chromium, or skips), installed by
// scripts/test.sh. Each test starts its own server on a free loopback port with a temporary
// copy of samples/ as the workspace; screenshots of every page go to SANSHO_ARTIFACTS.
//
// Environment: SANSHO_BIN (the sansho binary), SANSHO_SAMPLES (samples/), SANSHO_ARTIFACTS
// (target/e2e-artifacts), SANSHO_CHROMIUM (default /usr/bin/chromium).

import test from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const BIN = process.env.SANSHO_BIN;
const SAMPLES = process.env.SANSHO_SAMPLES;
const ARTIFACTS = process.env.SANSHO_ARTIFACTS;
const CHROMIUM = process.env.SANSHO_CHROMIUM || "/usr/bin/chromium";
const AS_OF = "2026-12-01";
const TYPICAL = "typical/evidence.toml";
// Long enough for a slow shared machine; a guard against hanging, not a measurement.
const WAIT = 60_000;

assert.ok(BIN && SAMPLES && ARTIFACTS, "SANSHO_BIN, SANSHO_SAMPLES and SANSHO_ARTIFACTS are required");
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** Starts `sansho serve` on a temporary copy of the samples; resolves with its URL. */
async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sansho-e2e-"));
  fs.cpSync(SAMPLES, dir, { recursive: true });
  const child = spawn(BIN, ["serve", dir, "--port", "0", "--as-of", AS_OF], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", LANG: "C.UTF-8" },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`sansho serve exited (${code}): ${stderr}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  return {
    dir,
    url,
    origin: new URL(url).origin,
    stop() {
      child.kill("SIGINT");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a full-page screenshot as an artifact. */
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Fails on any script error or refused policy the page reports. */
function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

/** The lines of a TOML table, from its header to the next header. */
function section(toml, name) {
  const lines = toml.split("\n");
  const start = lines.indexOf(`[${name}]`);
  assert.ok(start >= 0, `no [${name}] in the saved file`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("["));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

function validate(file) {
  return spawnSync(BIN, ["validate", "--as-of", AS_OF, file], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

test("vendor: fill three controls, see the check and the score, save, validate", async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage({ locale: "ja-JP" });
    page.setDefaultTimeout(WAIT);
    const errors = watchErrors(page);
    // The printed URL: the token becomes a cookie and leaves the address bar.
    await page.goto(server.url);
    assert.equal(page.url(), `${server.origin}/`);
    await shot(page, "vendor-01-home");
    await page.click(`a[href="/vendor?file=${encodeURIComponent(TYPICAL).replace("%2F", "/")}"]`);
    await page.waitForSelector('[data-live="overall-score"]');
    await shot(page, "vendor-02-overview");

    await page.click('nav.tabs a[href^="/vendor/area/organizational"]');
    await page.waitForSelector("article.control#ORG-01");
    const score = page.locator('[data-live="overall-score"]');
    const before = (await score.textContent()).trim();
    const areaBefore = (await page.locator('[data-live="area-score"]').textContent()).trim();

    // 1. ORG-01 becomes 対応予定 without a date: the message appears beside the field.
    const org1 = page.locator("article#ORG-01 form");
    await org1.locator('select[name="status"]').selectOption("planned");
    const planned = org1.locator('[data-msgs="ORG-01.planned_date"] .msg.error, [data-msgs="ORG-01."] .msg.error, [data-msgs="ORG-01.status"] .msg.error');
    await planned.first().waitFor();
    const message = await org1.locator(".msg.error").allTextContents();
    assert.ok(message.some((m) => m.includes("E-ANSWER-PLANNED-NO-DATE") && m.includes("予定日")), message.join("\n"));
    await page.locator("article#ORG-01").screenshot({ path: path.join(ARTIFACTS, "vendor-03-planned-without-date.png") });
    // The score changes in place (an implemented answer became planned).
    await page.waitForFunction((b) => document.querySelector('[data-live="overall-score"]').textContent.trim() !== b, before);
    const after = (await score.textContent()).trim();
    assert.notEqual(after, before);
    assert.notEqual((await page.locator('[data-live="area-score"]').textContent()).trim(), areaBefore);
    assert.match(await page.locator('[data-live="dirty"]').textContent(), /未保存/);
    // The date makes the message go.
    await org1.locator('input[name="planned_date"]').fill("2027-03-31");
    await org1.locator(".msg.error").first().waitFor({ state: "detached" });

    // 2. ORG-02: the statement, typed (checked as you type).
    const org2 = page.locator("article#ORG-02 form");
    await org2.locator('textarea[name="statement"]').fill("");
    await org2.locator('textarea[name="statement"]').pressSequentially("ウェブサイトで公開し、改訂のたびに更新日を示している。<b>太字にならない</b>");
    await page.waitForFunction(() => document.querySelector("article#ORG-02 form").hasAttribute("data-checked"));

    // 3. ORG-03: 一部対応 with the customer's part.
    const org3 = page.locator("article#ORG-03 form");
    await org3.locator('select[name="status"]').selectOption("partial");
    // Typed and saved at once: the page sends the typing before it leaves.
    await org3.locator('textarea[name="customer_actions"]').fill("院内規程の見直しは医療機関が行う。");
    await shot(page, "vendor-04-area-edited");

    // Save: the page comes back saying so; the file passes `sansho validate`.
    await Promise.all([page.waitForNavigation(), page.click("#save")]);
    assert.match(await page.locator(".notice").textContent(), /保存しました/);
    assert.match(await page.locator('[data-live="dirty"]').textContent(), /保存済み/);
    await shot(page, "vendor-05-saved");
    const file = path.join(server.dir, TYPICAL);
    const saved = fs.readFileSync(file, "utf8");
    assert.ok(fs.existsSync(`${file}.bak`), "no .bak");
    assert.match(section(saved, "answers.ORG-01"), /status = "planned"[\s\S]*planned_date = 2027-03-31/);
    assert.match(section(saved, "answers.ORG-02"), /太字にならない/);
    assert.match(section(saved, "answers.ORG-03"), /status = "partial"[\s\S]*院内規程の見直しは医療機関が行う/);
    const v = validate(file);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    // The text typed is shown as text after the reload, not as markup.
    assert.equal(await page.locator("article#ORG-02 b", { hasText: "太字にならない" }).count(), 0);
    assert.match(await page.locator('article#ORG-02 textarea[name="statement"]').inputValue(), /<b>太字にならない<\/b>/);

    // The other vendor pages, each rendered and photographed.
    for (const [tab, name] of [
      ["/vendor/documents", "vendor-06-documents"],
      ["/vendor/sla", "vendor-07-sla"],
      ["/vendor/preview/disclosure", "vendor-08-preview"],
    ]) {
      await page.click(`nav.tabs a[href^="${tab}"]`);
      await page.waitForLoadState("load");
      assert.equal(await page.locator("h1").count() > 0, true, tab);
      await shot(page, name);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});

test("hospital: compare the three samples and download the comparison PDF", async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.click('nav.main a[href="/compare"]');
    for (const f of ["strong", "typical", "weak"]) {
      await page.check(`input[name="file"][value="${f}/evidence.toml"]`);
    }
    await page.selectOption('select[name="profile"]', "profiles/clinic.toml");
    await Promise.all([page.waitForNavigation(), page.click("form[action='/compare'] button.primary")]);
    const rows = page.locator("table.ranking tbody tr");
    assert.equal(await rows.count(), 3);
    const ranked = await rows.locator("td:nth-child(2) small").allTextContents();
    assert.deepEqual([...ranked].sort(), ["strong/evidence.toml", "typical/evidence.toml", "weak/evidence.toml"]);
    assert.equal(ranked[0], "strong/evidence.toml", `ranking: ${ranked}`);
    await shot(page, "hospital-01-compare");

    // The control matrix with only the differences.
    await page.check('input[name="only_differences"]');
    await Promise.all([page.waitForNavigation(), page.click("form[action='/compare'] button.primary")]);
    assert.ok(page.url().includes("only_differences"));
    await shot(page, "hospital-02-only-differences");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-pdf")]);
    const pdf = path.join(ARTIFACTS, "comparison.pdf");
    await download.saveAs(pdf);
    const bytes = fs.readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.ok(bytes.length > 10_000, `a ${bytes.length}-byte PDF`);
    assert.equal(download.suggestedFilename(), "comparison.pdf");

    for (const [href, name] of [
      ["/profile", "hospital-03-profile"],
      ["/audit", "hospital-04-audit"],
    ]) {
      await page.click(`nav.main a[href="${href}"]`);
      await page.waitForLoadState("load");
      await shot(page, name);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});
