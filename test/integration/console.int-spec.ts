import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Role } from '@followup/contracts';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';
import { storedEscalation, storedRecommendation } from '../support/stored-records';
import { launchChromium } from './console-browser';

/**
 * The review console in a real browser (Debian's Chromium driven by Playwright) against the five real
 * services: what a rep, a compliance officer, a manager and an analyst do, with an axe accessibility check of
 * each role's main screen. CONSOLE_SCREENSHOTS=1 (npm run console:screenshots) also writes docs/console/*.png.
 */
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? join(__dirname, '../../docs/console') : undefined;

const llm = new FakeOpenAiServer();
const sms = new FakeSmsProvider();
let stack: TestStack;
let browser: Browser;
let crm: string;
let rep: string;
let approvedId: string;

const gateway = (method: string, path: string, token: string, body?: unknown) => call(stack.gatewayUrl, method, path, { token, body });

async function recommend(leadId: string): Promise<{ id: string; draft: string }> {
  const response = await gateway('POST', RECOMMEND, rep, { ...SPEC_EXAMPLE_REQUEST, lead_id: leadId });
  expect(response.status).toBe(200);
  return { id: response.body.recommendation_id, draft: response.body.draft_message };
}

function lifecycleReaches(id: string, lifecycle: string) {
  return eventually(async () => {
    const response = await gateway('GET', `${RECOMMENDATIONS}/${id}`, rep);
    return response.body.lifecycle === lifecycle ? response.body : undefined;
  });
}

/** The browser's CSP reports: the strict policy must hold for the console's own assets. */
const cspViolations: string[] = [];

/** Signs in with the development login; `roles`: a token with several roles, which that login (one role) cannot give. */
async function signIn(
  role: string,
  sub: string,
  {
    tenant = 'acme',
    viewport = { width: 1280, height: 800 },
    roles,
    beforeSignIn,
  }: {
    tenant?: string;
    viewport?: { width: number; height: number };
    roles?: Role[];
    /** e.g. routes the page needs before its first request */
    beforeSignIn?: (page: Page) => Promise<unknown>;
  } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await beforeSignIn?.(page);
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  if (roles) {
    await page.route('**/console/dev-token', (route) => route.fulfill({ json: { access_token: stack.token({ sub, tenant, roles }) } }));
  }
  await page.goto(`${stack.gatewayUrl}/console/`);
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel('User').fill(sub);
  await page.getByLabel('Tenant').fill(tenant);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is: the serious and critical violations, by rule. */
async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  // browser code as a string: the tests are compiled without the DOM's types
  const violations: { id: string; impact: string | null; nodes: number }[] = await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((results) => results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.length })))`,
  );
  return violations.filter(({ impact }) => impact === 'serious' || impact === 'critical').map(({ id, nodes }) => `${id} (${nodes})`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  const llmUrl = await llm.start();
  await sms.start();
  stack = new TestStack({
    gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000, ADDRESS_RATE_LIMIT_MAX_REQUESTS: 100_000, RECOMMENDATION_REPLY_TIMEOUT_MS: 10_000 },
    recommender: {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: llmUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_TIMEOUT_MS: 2000,
      OPENAI_MAX_RETRIES: 1,
      OPENAI_INVALID_OUTPUT_RETRIES: 1,
    },
    delivery: { ...sms.settings(), DELIVERY_RETRY_BASE_DELAY_MS: 50 },
  });
  await stack.start(['recommender', 'compliance', 'delivery', 'audit']);
  // the gateway forwards the compliance and audit routes the console calls to the services that own them
  await stack.startService('gateway', {
    COMPLIANCE_URL: stack.serviceUrl('compliance'),
    DELIVERY_URL: stack.serviceUrl('delivery'),
    AUDIT_URL: stack.serviceUrl('audit'),
  });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  for (const leadId of ['LD-3101', 'LD-3102', 'LD-3103', 'LD-3104']) {
    expect((await gateway('PUT', `/api/v1/leads/${leadId}`, crm, leadRecord())).status).toBe(201);
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await llm.stop();
  await sms.stop();
});

afterEach(() => expect(cspViolations).toEqual([]));

describe('the review console in a browser', () => {
  it('a rep edits a draft (live diff, SMS counter) and approves it; the stand-in SMS provider receives the edited text', async () => {
    const { id, draft } = await recommend('LD-3101');
    approvedId = id;
    const page = await signIn('sales_rep', 'rep-17');
    await page.locator(`[data-recommendation-id="${id}"]`).click();
    await page.getByRole('heading', { name: 'Sarah Lee' }).waitFor();
    // the score's factors, signed, and every channel with its estimated response rate, the recommended one marked
    const factors = await page.getByRole('list', { name: 'Score factors' }).getByRole('listitem').allTextContents();
    expect(factors.length).toBeGreaterThan(1);
    for (const factor of factors) expect(factor).toMatch(/^[a-z0-9 ]+ [+−±]\d+\.\d\d$/);
    expect(factors.some((factor) => factor.startsWith('recency '))).toBe(true);
    const ranking = page.getByRole('table', { name: 'Channel ranking' });
    expect(await ranking.getByRole('row').count()).toBe(4);
    expect(await ranking.getByRole('row').nth(1).textContent()).toMatch(/^smsrecommended\d{1,3}%yes$/);
    // little engagement data behind it: the rep asks the managers for more (they see it below)
    await page.getByRole('button', { name: 'Ask for more data' }).click();
    await page.getByText('The sales managers were asked for more engagement data.').waitFor();
    await page.keyboard.press('e');
    const edited = `${draft} Could we talk on Thursday?`;
    await page.getByLabel('Draft message').fill(edited);
    expect(await page.locator('.diff ins').allTextContents()).toEqual(['Could we talk on Thursday?']);
    expect(await page.getByTestId('sms-counter').textContent()).toBe(`${edited.length} characters (GSM-7), 1 SMS segment`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sales-rep-queue');
    await page.getByRole('button', { name: 'Approve edited draft (a)' }).click();

    const sent = await eventually(async () => sms.messages.find((message) => message.body === edited));
    expect(sent.to).toBe('+14155550123');
    await page.context().close();
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await recommend('LD-3104');
    const page = await signIn('sales_rep', 'rep-17', { viewport: { width: 390, height: 844 } });
    await page.locator('[data-recommendation-id]').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.context().close();
  });

  it('a rep rejects a draft with a reason category and a note, and the revision appears in the queue', async () => {
    const { id } = await recommend('LD-3102');
    const page = await signIn('sales_rep', 'rep-17');
    await page.locator(`[data-recommendation-id="${id}"]`).click();
    await page.keyboard.press('r');
    await page.getByLabel('Reason').selectOption('wrong_timing');
    await page.getByLabel('Note (no personal data)').fill('They are on holiday until next month.');
    await page.getByRole('button', { name: 'Confirm rejection' }).click();

    const rejected = await lifecycleReaches(id, 'rejected');
    expect(rejected.review).toMatchObject({
      decision: 'rejected',
      rejection_reason: 'wrong_timing: They are on holiday until next month.',
    });
    const revision = await eventually(async () => {
      const queue = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=100`, rep);
      return queue.body.items.find((item: any) => item.lead_id === 'LD-3102' && item.recommendation_id !== id);
    });
    await page.locator(`[data-recommendation-id="${revision.recommendation_id}"]`).waitFor();
    expect(await page.locator(`[data-recommendation-id="${id}"]`).count()).toBe(0);
    await page.context().close();
  });

  it('compliance sees the blocked span highlighted and releases the draft, which is then sent', async () => {
    const { id, draft } = await recommend('LD-3103');
    const leaky = `${draft} My SSN is 219-09-9999.`;
    expect((await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, rep, { draft_message: leaky })).status).toBe(200);
    await lifecycleReaches(id, 'blocked');
    const officer = stack.token({ sub: 'co-1', tenant: 'acme', roles: ['compliance'] });
    const escalation = await eventually(async () => {
      const open = await gateway('GET', '/api/v1/compliance/escalations?status=open', officer);
      return open.body.items?.find((item: any) => item.recommendation_id === id);
    });

    // the audit trail records the drafts from the bus, and may not have them when the case is shown: the first two
    // reads find none (a 404), the third the generated draft but not yet the reviewed one the screening blocked
    let reads = 0;
    let loadingShownAfterTwoMisses = false;
    const section = (page: Page) => page.locator(`[data-escalation-id="${escalation.escalation_id}"]`);
    const page = await signIn('compliance', 'co-1', {
      beforeSignIn: (page) =>
        page.route(`**/api/v1/audit/recommendations/${id}/drafts`, async (route) => {
          reads += 1;
          if (reads <= 2) {
            return route.fulfill({
              status: 404,
              json: { error: { code: 'RECOMMENDATION_NOT_FOUND', message: 'No recommendation exists with this id.', details: {} } },
            });
          }
          if (reads > 3) return route.continue();
          loadingShownAfterTwoMisses = await section(page).getByText('Loading the draft…').isVisible();
          const response = await route.fetch();
          const body = await response.json();
          const drafts = response.ok() ? body.drafts.filter((draft: { kind: string }) => draft.kind !== 'reviewed') : [];
          await route.fulfill({ status: 200, json: { recommendation_id: id, drafts } });
        }),
    });
    await section(page).locator('mark.blocked-span').first().waitFor();
    expect(loadingShownAfterTwoMisses).toBe(true);
    expect(await section(page).locator('mark.blocked-span').allTextContents()).toEqual(['219-09-9999 (blocked: national_id)']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'compliance-escalations');
    await section(page).getByLabel('Note (no personal data)').fill('Test number from the training deck.');
    await section(page).getByRole('button', { name: 'Release' }).click();

    await eventually(async () => sms.messages.find((message) => message.body === leaky));
    await page.getByRole('table', { name: 'Decisions' }).getByText('Test number from the training deck.').waitFor();
    await page.context().close();
  });

  it('a manager retries a manual-queue item and the AI answers it', async () => {
    llm.answerNext({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const failed = await gateway('POST', RECOMMEND, rep, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-3104' });
    expect(failed.status).toBe(500);
    const id = failed.body.error.details.recommendation_id;

    const page = await signIn('sales_manager', 'mgr-1');
    await page.getByRole('tab', { name: 'Manual queue' }).click();
    const row = page.locator(`tr[data-recommendation-id="${id}"]`);
    await row.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sales-manager-manual-queue');
    await row.getByRole('button', { name: 'Retry LD-3104' }).click();

    await lifecycleReaches(id, 'pending_review');
    await row.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Team queue' }).click();
    await page.locator(`[data-recommendation-id="${id}"]`).waitFor();
    // one rep's leads only
    await page.getByLabel('Rep').fill('rep-99');
    await page.getByText('Nothing to review.').waitFor();
    await page.getByLabel('Rep').fill('rep-17');
    await page.locator(`[data-recommendation-id="${id}"]`).waitFor();
    // the managers were told when the AI service failed on it, and when a rep asked for more data
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await page
      .getByText(/^ai_service_unavailable · /)
      .first()
      .waitFor();
    await page
      .getByText(/^more_data_requested · /)
      .first()
      .waitFor();
    await page.context().close();
  });

  it("the manager's dashboard counts the decisions above: two edited approvals, one rejection for wrong timing, two texts delivered", async () => {
    const manager = stack.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
    const dashboard = await eventually(async () => {
      const response = await gateway('GET', '/api/v1/dashboard?days=7', manager);
      expect(response.status).toBe(200);
      // both texts delivered, as the gateway heard of them (the stand-in provider received the second one just before)
      const texts = response.body.deliveries_by_channel.find((entry: any) => entry.channel === 'sms' && entry.outcome === 'delivered');
      return texts?.count === 2 ? response.body : undefined;
    });
    expect(dashboard.reviews).toEqual({ approved: 0, edited_and_approved: 2, rejected: 1, edit_rate: 1 });
    expect(dashboard.rejections_by_reason).toEqual([{ reason: 'wrong_timing', count: 1 }]);
    expect(dashboard.deliveries_by_channel).toEqual([{ channel: 'sms', outcome: 'delivered', count: 2 }]);
    expect(dashboard.by_day).toHaveLength(8);
    expect(dashboard.truncated).toBe(false);
    expect((await gateway('GET', '/api/v1/dashboard', rep)).status).toBe(403);
    expect((await gateway('GET', '/api/v1/dashboard?days=0', manager)).body.error.code).toBe('INVALID_REQUEST');
    expect(
      (await gateway('GET', '/api/v1/dashboard', stack.token({ sub: 'mgr-9', tenant: 'globex', roles: ['sales_manager'] }))).body.reviews,
    ).toEqual({
      approved: 0,
      edited_and_approved: 0,
      rejected: 0,
      edit_rate: null,
    });

    const page = await signIn('sales_manager', 'mgr-1');
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByTestId('count-edited').getByText('2').waitFor();
    expect(await page.getByTestId('count-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('edit-rate').textContent()).toBe('100%');
    await page.getByRole('table', { name: 'Rejections by reason' }).getByRole('row', { name: 'wrong_timing 1' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sales-manager-dashboard');
    await page.context().close();
  });

  it("an analyst opens a recommendation's timeline, asking again when the audit trail did not have it yet", async () => {
    // the audit trail records a recommendation from the bus: asked too soon, it answers as for an unknown id, here to the
    // console's first read and the one retry it makes of a failed read
    let readsBeforeRecorded = 2;
    const page = await signIn('analyst', 'an-1', {
      beforeSignIn: (page) =>
        page.route(`**/api/v1/audit/recommendations/${approvedId}/timeline`, async (route) => {
          if (readsBeforeRecorded === 0) return route.continue();
          readsBeforeRecorded -= 1;
          await route.fulfill({
            status: 404,
            json: { error: { code: 'RECOMMENDATION_NOT_FOUND', message: 'No recommendation exists with this id.', details: {} } },
          });
        }),
    });
    await page.getByLabel('Recommendation id').fill(approvedId);
    await page.getByRole('button', { name: 'Open timeline' }).click();
    await page.getByText('RECOMMENDATION_NOT_FOUND: No recommendation exists with this id.').waitFor();
    await page.getByRole('button', { name: 'Open timeline' }).click();
    const timeline = page.getByRole('table', { name: 'Timeline' });
    await timeline.getByText('recommendation.generated').first().waitFor();
    await timeline.getByText('rep-17 (sales_rep)').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'analyst-timeline');
    await page.getByRole('tab', { name: 'Chain' }).click();
    const verification = page.getByTestId('chain-verification');
    await verification.waitFor();
    expect(await verification.textContent()).toMatch(/^intact Tenant acme: [1-9]\d* records verified, \d+ checkpoint signature\(s\)/);
    await page.context().close();
  });

  it('an analyst sees the latest signed checkpoint of the chain, a newer one within a minute, and verifies again on demand', async () => {
    /** How often the Chain tab asks for the latest checkpoint (analyst.tsx), jumped over on the browser's clock. */
    const CHECKPOINT_POLL_MS = 60_000;
    const analyst = stack.token({ sub: 'an-1', tenant: 'acme', roles: ['analyst'] });
    const checkpoint = () => gateway('POST', '/api/v1/audit/checkpoints', analyst);
    const earlier = await checkpoint();
    expect([200, 201]).toContain(earlier.status);
    const page = await signIn('analyst', 'an-1', { beforeSignIn: (page) => page.clock.install() });
    await page.getByRole('tab', { name: 'Chain' }).click();
    // a checkpoint signs the head at its `sequence` and is itself the chain's next record
    await page
      .getByText(
        `The latest checkpoint seals records up to ${earlier.body.sequence} and is chained as record ${earlier.body.record_sequence} `,
      )
      .waitFor();
    const verification = page.getByTestId('chain-verification');
    await verification.filter({ hasText: `signed up to record ${earlier.body.sequence}.` }).waitFor();

    // a lead upserted moves the chain's head on, so there is a newer head to sign
    expect((await gateway('PUT', '/api/v1/leads/LD-3105', crm, leadRecord())).status).toBe(201);
    const latest = await eventually(async () => {
      const taken = await checkpoint();
      return taken.body.sequence > earlier.body.sequence ? taken.body : undefined;
    });
    await page.clock.fastForward(CHECKPOINT_POLL_MS);
    await page
      .getByText(`The latest checkpoint seals records up to ${latest.sequence} and is chained as record ${latest.record_sequence} `)
      .waitFor();
    // the newer checkpoint has the chain verified again
    await verification.filter({ hasText: `signed up to record ${latest.sequence}.` }).waitFor();

    const verifiedAgain = page.waitForResponse((response) => response.url().endsWith('/api/v1/audit/verification'));
    await page.getByRole('button', { name: 'Verify again' }).click();
    expect((await verifiedAgain).status()).toBe(200);
    await page.context().close();
  });
});

/**
 * More than the API's largest page (100): the screens follow next_cursor, so what is past the first page shows.
 * In a tenant of its own, so the lists above stay short.
 */
describe('the console past the first page of a list', () => {
  const TENANT = 'initech';
  const PAGE = 100;
  let initechCrm: string;
  let initechRep: string;
  let initechManager: string;

  /** `count` recommendation requests for the rep's lead, ten at a time; returns their answers in order. */
  async function requestRecommendations(count: number): Promise<{ status: number; body: any }[]> {
    const answers: { status: number; body: any }[] = [];
    for (let start = 0; start < count; start += 10) {
      const batch = Array.from({ length: Math.min(10, count - start) }, () =>
        gateway('POST', RECOMMEND, initechRep, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-4001' }),
      );
      answers.push(...(await Promise.all(batch)));
    }
    return answers;
  }

  beforeAll(async () => {
    initechCrm = stack.token({ sub: 'crm-40', tenant: TENANT, roles: ['crm'] });
    initechRep = stack.token({ sub: 'rep-40', tenant: TENANT, roles: ['sales_rep'] });
    initechManager = stack.token({ sub: 'mgr-40', tenant: TENANT, roles: ['sales_manager'] });
    expect((await gateway('PUT', '/api/v1/leads/LD-4001', initechCrm, leadRecord({ owner_rep_id: 'rep-40' }))).status).toBe(201);
  });

  it('the manual queue shows a new failure however many claimed requests pile up before it', async () => {
    const answerWell = llm.defaultAnswer;
    // no usable draft, at once (no retry back-off): the AI service has failed on the request
    llm.defaultAnswer = () => ({ kind: 'text', content: 'No draft today.' });
    try {
      const claimed = await requestRecommendations(PAGE);
      for (const failed of claimed) {
        expect(failed.status).toBe(500);
        const id = failed.body.error.details.recommendation_id;
        expect((await gateway('POST', `/api/v1/queues/manual/${id}/claim`, initechManager)).status).toBe(204);
      }
      const [newest] = await requestRecommendations(1);
      expect(newest.status).toBe(500);
      const newestId = newest.body.error.details.recommendation_id;

      const page = await signIn('sales_manager', 'mgr-40', { tenant: TENANT });
      await page.getByRole('tab', { name: 'Manual queue' }).click();
      await page.locator(`tr[data-recommendation-id="${newestId}"]`).waitFor();
      // the new failure alone waits for a manager, with its actions; the hundred before it are listed as claimed
      const waiting = page.getByRole('table', { name: 'Waiting for a manager' });
      expect(await waiting.locator('tr[data-recommendation-id]').count()).toBe(1);
      await waiting.locator(`tr[data-recommendation-id="${newestId}"]`).getByRole('button', { name: 'Retry LD-4001' }).waitFor();
      expect(await page.getByRole('table', { name: 'Claimed' }).locator('tr[data-recommendation-id]').count()).toBe(PAGE);
      await page.context().close();
    } finally {
      llm.defaultAnswer = answerWell;
    }
  });

  it("a rep's queue shows the newest of more than a page of recommendations", async () => {
    const answers = await requestRecommendations(PAGE + 1);
    for (const answer of answers) expect(answer.status).toBe(200);
    const newest = answers[answers.length - 1].body.recommendation_id;
    await eventually(async () => {
      const pages = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=${PAGE}`, initechRep);
      return pages.body.next_cursor ? true : undefined;
    });

    const page = await signIn('sales_rep', 'rep-40', { tenant: TENANT });
    await page.locator(`[data-recommendation-id="${newest}"]`).waitFor();
    expect(await page.locator('.queue-list [data-recommendation-id]').count()).toBeGreaterThan(PAGE);
    await page.context().close();
  });
});

/**
 * More than the 1,000 items a screen gathers (LIST_CAP): each list is read in the order it shows, so what comes first
 * is there however many older items precede it. The records are stored directly, 1,001 older ones before the one to
 * find, which was created (raised) last: read oldest first, it would be item 1,002.
 */
describe('the console past 1,000 items of a list', () => {
  const TENANT = 'umbrella';
  const OLDER = 1001;
  const minute = (index: number) => new Date(Date.UTC(2026, 10, 1) + index * 60_000);
  const uuid = (prefix: string, index: number) => `${prefix}0000-0000-4000-8000-${String(index).padStart(12, '0')}`;

  beforeAll(async () => {
    const older = Array.from({ length: OLDER }, (_, index) => index);
    await stack
      .database('gateway')
      .collection('recommendation_requests')
      .insertMany([
        ...older.map((index) =>
          storedRecommendation({
            recommendationId: uuid('aaaa', index),
            tenant: TENANT,
            createdAt: minute(index),
            score: 40,
            lifecycle: 'pending_review',
          }),
        ),
        storedRecommendation({
          recommendationId: uuid('aaaa', OLDER),
          tenant: TENANT,
          createdAt: minute(OLDER),
          score: 95,
          lifecycle: 'pending_review',
        }),
        ...older.map((index) =>
          storedRecommendation({
            recommendationId: uuid('bbbb', index),
            tenant: TENANT,
            createdAt: minute(index),
            score: 40,
            lifecycle: 'failed',
          }),
        ),
        storedRecommendation({
          recommendationId: uuid('bbbb', OLDER),
          tenant: TENANT,
          createdAt: minute(OLDER),
          score: 40,
          lifecycle: 'failed',
        }),
      ]);
    await stack
      .database('compliance')
      .collection('escalations')
      .insertMany(
        [...older, OLDER].map((index) =>
          storedEscalation({
            escalationId: uuid('cccc', index),
            tenant: TENANT,
            raisedAt: minute(index),
            resolved: { at: minute(index + 5), resolution: 'release' },
          }),
        ),
      );
  }, 60_000);

  it("a manager's team queue starts with the highest priority, and the delivery failures with the latest", async () => {
    const page = await signIn('sales_manager', 'mgr-60', { tenant: TENANT });
    await page.getByRole('tab', { name: 'Team queue' }).click();
    const first = page.locator('.queue-list [data-recommendation-id]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-recommendation-id')).toBe(uuid('aaaa', OLDER));
    await page.getByText('Showing the 1000 highest-priority recommendations in this state only').waitFor();

    await page.getByRole('tab', { name: 'Delivery failures' }).click();
    const failures = page.getByRole('table', { name: 'Delivery failures' }).locator('tbody tr');
    await failures.first().waitFor();
    expect(await failures.first().locator('th').textContent()).toBe(`LD-${uuid('bbbb', OLDER).slice(-6)}`);
    expect(await failures.count()).toBe(1000);
    await page.context().close();
  });

  it("compliance's decisions start with the latest", async () => {
    const page = await signIn('compliance', 'cmp-60', { tenant: TENANT });
    const decisions = page.getByRole('table', { name: 'Decisions' }).locator('tbody tr');
    await decisions.first().waitFor();
    expect(await decisions.first().locator('th').textContent()).toBe(`LD-${uuid('cccc', OLDER).slice(-6)}`);
    await page.getByText('Showing the 1000 latest decisions only').waitFor();
    await page.context().close();
  });
});

/** Lists that gain items while they are on screen, in a tenant of its own so that the counts above stay as they are. */
describe('the console shows what arrives while a screen is open', () => {
  const TENANT = 'globex';
  /** The screens' polling intervals (inbox.tsx, manager.tsx), which the tests jump over on the browser's clock. */
  const INBOX_POLL_MS = 10_000;
  const FAILURES_POLL_MS = 10_000;
  const crmOf = () => stack.token({ sub: 'crm-70', tenant: TENANT, roles: ['crm'] });

  it("a rep's call tasks show the call a recommendation approved meanwhile asks for", async () => {
    const phoneOnly = leadRecord({ owner_rep_id: 'rep-70', consent: { sms: false, email: false, phone_call: true } });
    expect((await gateway('PUT', '/api/v1/leads/LD-7001', crmOf(), phoneOnly)).status).toBe(201);
    // the browser's clock is the test's to move on: the screen's next poll comes without waiting its 10 s
    const page = await signIn('sales_rep', 'rep-70', { tenant: TENANT, beforeSignIn: (page) => page.clock.install() });
    await page.getByRole('tab', { name: 'Call tasks' }).click();
    await page.getByText('No calls to make.').waitFor();

    const globexRep = stack.token({ sub: 'rep-70', tenant: TENANT, roles: ['sales_rep'] });
    const answer = await gateway('POST', RECOMMEND, globexRep, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-7001' });
    expect(answer.body.recommended_channel).toBe('phone_call');
    const approval = await gateway('POST', `${RECOMMENDATIONS}/${answer.body.recommendation_id}/approve`, globexRep, {});
    expect(approval.status).toBe(200);
    // the task exists once compliance and delivery have handled the approval; the screen shows it at its next poll
    await eventually(async () => ((await gateway('GET', '/api/v1/tasks', globexRep)).body.items?.length === 1 ? true : undefined));
    await page.clock.fastForward(INBOX_POLL_MS);
    await page.locator('.queue-list li').getByText('LD-7001').waitFor();
    await page.context().close();
  });

  it("a manager's delivery failures show a failure recorded meanwhile", async () => {
    const page = await signIn('sales_manager', 'mgr-70', { tenant: TENANT, beforeSignIn: (page) => page.clock.install() });
    await page.getByRole('tab', { name: 'Delivery failures' }).click();
    await page.getByText('No failed deliveries.').waitFor();

    const failedId = '00000000-0000-4000-8000-000000007002';
    await stack
      .database('gateway')
      .collection('recommendation_requests')
      .insertOne(
        storedRecommendation({ recommendationId: failedId, tenant: TENANT, createdAt: new Date(), score: 40, lifecycle: 'failed' }),
      );
    await page.clock.fastForward(FAILURES_POLL_MS);
    await page
      .getByRole('table', { name: 'Delivery failures' })
      .getByText(`LD-${failedId.slice(-6)}`)
      .waitFor();
    await page.context().close();
  });

  it('an analyst applying the same filters again sees the audit events recorded since', async () => {
    const page = await signIn('analyst', 'an-70', { tenant: TENANT });
    await page.getByRole('tab', { name: 'Audit events' }).click();
    await page.getByLabel('Lead id').fill('LD-7003');
    const filtered = page.waitForResponse((response) => response.url().includes('/api/v1/audit/events?lead_id=LD-7003'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect((await (await filtered).json()).items).toEqual([]);

    expect((await gateway('PUT', '/api/v1/leads/LD-7003', crmOf(), leadRecord({ owner_rep_id: 'rep-70' }))).status).toBe(201);
    const analyst = stack.token({ sub: 'an-70', tenant: TENANT, roles: ['analyst'] });
    await eventually(async () => {
      const recorded = await gateway('GET', '/api/v1/audit/events?lead_id=LD-7003', analyst);
      return recorded.body.items?.length > 0 ? true : undefined;
    });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('table', { name: 'Audit events' }).getByRole('rowheader', { name: 'lead.upserted' }).waitFor();
    await page.context().close();
  });
});

/** The review queue's own leads and approvals, in a tenant of its own so that the counts above stay as they are. */
describe('what a reviewer approves in the queue', () => {
  const TENANT = 'hooli';
  let hooliCrm: string;

  async function recommendIn(leadId: string, request: Record<string, unknown> = {}): Promise<{ id: string; priority: number }> {
    const response = await gateway('POST', RECOMMEND, hooliCrm, { ...SPEC_EXAMPLE_REQUEST, ...request, lead_id: leadId });
    expect(response.status).toBe(200);
    return { id: response.body.recommendation_id, priority: response.body.priority_score };
  }

  const lifecycleOf = async (id: string) => (await gateway('GET', `${RECOMMENDATIONS}/${id}`, hooliCrm)).body.lifecycle;

  beforeAll(async () => {
    hooliCrm = stack.token({ sub: 'crm-50', tenant: TENANT, roles: ['crm'] });
    const owners = { 'LD-5001': 'rep-50', 'LD-5002': 'rep-50', 'LD-5003': 'rm-50', 'LD-5004': 'rep-51' };
    for (const [leadId, owner] of Object.entries(owners)) {
      expect((await gateway('PUT', `/api/v1/leads/${leadId}`, hooliCrm, leadRecord({ owner_rep_id: owner }))).status).toBe(201);
    }
  });

  it('approves the draft on screen, not one a poll sorts above it, and ignores `a` for a moment after the draft shown changes', async () => {
    const unresponsive = [1, 2, 3].map(() => ({ type: 'email', outcome: 'no_response' }));
    const shown = await recommendIn('LD-5001', {
      account_tier: 'smb',
      last_engagement_date: '2025-06-01',
      engagement_history: unresponsive,
    });
    const page = await signIn('sales_rep', 'rep-50', { tenant: TENANT });
    await page.locator(`[data-recommendation-id="${shown.id}"][aria-current="true"]`).waitFor();
    await page.getByRole('button', { name: 'Approve (a)', disabled: false }).waitFor();

    const urgent = await recommendIn('LD-5002');
    expect(urgent.priority).toBeGreaterThan(shown.priority);
    await page.locator(`[data-recommendation-id="${urgent.id}"]`).waitFor();
    await page.keyboard.press('a');
    await page
      .getByRole('status')
      .getByText(/^Approved/)
      .waitFor();
    expect(await lifecycleOf(shown.id)).not.toBe('pending_review');
    expect(await lifecycleOf(urgent.id)).toBe('pending_review');

    // the decision moves the pane on to the urgent draft: a second `a` at once is taken for the draft just approved
    await page.locator(`[data-recommendation-id="${urgent.id}"][aria-current="true"]`).waitFor();
    await page.keyboard.press('a');
    await page.waitForTimeout(1200);
    expect(await lifecycleOf(urgent.id)).toBe('pending_review');
    await page.keyboard.press('a');
    await eventually(async () => ((await lifecycleOf(urgent.id)) !== 'pending_review' ? true : undefined));
    await page.context().close();
  });

  it("shows a rep who is also a manager their own leads in My queue, and the tenant's in the team queue", async () => {
    const own = await recommendIn('LD-5003');
    const others = await recommendIn('LD-5004');
    const page = await signIn('sales_rep', 'rm-50', { tenant: TENANT, roles: ['sales_rep', 'sales_manager'] });
    await page.locator(`[data-recommendation-id="${own.id}"]`).waitFor();
    expect(await page.locator('.queue-list [data-recommendation-id]').count()).toBe(1);
    await page.getByRole('tab', { name: 'Team queue' }).click();
    await page.locator(`[data-recommendation-id="${others.id}"]`).waitFor();
    await page.context().close();
  });
});
