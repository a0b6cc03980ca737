/**
 * A local HTTP server that speaks the parts of the Stripe API PartyStream uses (PaymentIntents with manual
 * capture, refunds, payouts, Express accounts and account links), with Stripe's idempotency semantics: a
 * repeated Idempotency-Key returns the first response. The official SDK is pointed at it by host/port.
 *
 * For browser tests it also serves a stand-in Stripe.js (`/stripe.js`, see STRIPE_JS_STAND_IN) whose
 * `confirmPayment` confirms the PaymentIntent here, after which this server sends the signed
 * `payment_intent.amount_capturable_updated` webhook to the app, as Stripe would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

export interface FakeStripe {
  port: number;
  requests: { method: string; path: string; params: URLSearchParams; idempotencyKey?: string; account?: string }[];
  intents: Map<string, Record<string, unknown>>;
  refunds: Map<string, Record<string, unknown>>;
  accounts: Map<string, Record<string, unknown>>;
  /** What Stripe.js would do when the customer confirms in the browser: the intent becomes requires_capture (or fails). */
  confirmInBrowser(intentId: string, outcome?: 'authorized' | 'declined'): void;
  /**
   * A refund made outside the app (the Stripe dashboard): no metadata of ours. `reverseTransfer` as the
   * dashboard's "reverse transfer" box. Returns the Refund.
   */
  refundInDashboard(
    intentId: string,
    amount: number,
    o?: { reverseTransfer?: boolean; status?: 'succeeded' | 'pending' },
  ): Record<string, unknown>;
  /** Card disputes by id (`dp_…`); `openDispute` makes one as a cardholder's bank would. */
  disputes: Map<string, Record<string, unknown>>;
  openDispute(intentId: string, amount?: number): Record<string, unknown>;
  /** The next `times` requests whose path matches answer `status` (500: a Stripe outage; the SDK retries those). */
  failNext(path: RegExp, times: number, status?: number): void;
  /** What finishing Express onboarding does to the account. */
  completeOnboarding(accountId: string): void;
  /** Where to deliver signed webhooks for browser-confirmed intents (none until set). */
  sendWebhooksTo(url: string, secret: string): void;
  /** Webhooks delivered so far, with the app's HTTP status. */
  deliveries: { type: string; status: number }[];
  /** URL of the stand-in Stripe.js. */
  stripeJsUrl: string;
  close(): Promise<void>;
}

/** `now`: Stripe's clock for signatures and `created` (the test's app clock, so both sides agree on any real date). */
export async function startFakeStripe(opts: { now?: () => Date } = {}): Promise<FakeStripe> {
  const unixNow = () => Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const intents = new Map<string, Record<string, unknown>>();
  const accounts = new Map<string, Record<string, unknown>>();
  const refunds = new Map<string, Record<string, unknown>>();
  const disputes = new Map<string, Record<string, unknown>>();
  const failures: { path: RegExp; left: number; status: number }[] = [];
  let refundSeq = 0;
  const seen = new Map<string, { status: number; body: unknown }>();
  const requests: FakeStripe['requests'] = [];
  const deliveries: FakeStripe['deliveries'] = [];
  let webhook: { url: string; secret: string } | null = null;

  /** Signed like Stripe: `t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>")` (https://docs.stripe.com/webhooks#verify-manually). */
  function deliver(type: string, object: unknown) {
    if (!webhook) return;
    const body = JSON.stringify({
      id: id('evt'),
      object: 'event',
      type,
      api_version: '2026-10-28.endive',
      created: unixNow(),
      data: { object },
    });
    const t = unixNow();
    const v1 = createHmac('sha256', webhook.secret).update(`${t}.${body}`).digest('hex');
    const req = httpRequest(
      webhook.url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${v1}` } },
      (res) => {
        deliveries.push({ type, status: res.statusCode ?? 0 });
        res.resume();
      },
    );
    req.on('error', () => deliveries.push({ type, status: 0 }));
    req.end(body);
  }

  /** What Stripe.js's confirmPayment does: the browser confirms with the publishable key and the client secret. */
  function confirmFromBrowser(intentId: string, p: URLSearchParams): { status: number; body: unknown } {
    const pi = intents.get(intentId);
    if (!pi || p.get('client_secret') !== pi.client_secret || !p.get('key')?.startsWith('pk_test_')) {
      return { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } } };
    }
    if (pi.status !== 'requires_payment_method')
      return {
        status: 400,
        body: {
          error: {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `This PaymentIntent's status is ${pi.status}.`,
          },
        },
      };
    const number = (p.get('payment_method_data[card][number]') ?? '').replace(/\s/g, '');
    if (number === '4000000000000002')
      return { status: 402, body: { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } } };
    Object.assign(pi, { status: 'requires_capture', payment_method: id('pm') });
    // Stripe sends the event after answering the browser.
    setTimeout(() => deliver('payment_intent.amount_capturable_updated', pi), 50);
    return { status: 200, body: pi };
  }
  const id = (p: string) => `${p}_${randomBytes(8).toString('hex')}`;

  const route = (method: string, path: string, p: URLSearchParams): { status: number; body: unknown } => {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const pm = p.get('payment_method');
      if (pm === 'pm_card_chargeDeclined') {
        return {
          status: 402,
          body: {
            error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: 'generic_decline',
              message: 'Your card was declined.',
            },
          },
        };
      }
      const piId = id('pi');
      const pi = {
        id: piId,
        object: 'payment_intent',
        client_secret: `${piId}_secret_${randomBytes(6).toString('hex')}`,
        metadata: { booking_id: p.get('metadata[booking_id]') },
        amount: Number(p.get('amount')),
        currency: p.get('currency'),
        capture_method: p.get('capture_method'),
        application_fee_amount: p.get('application_fee_amount') ? Number(p.get('application_fee_amount')) : null,
        transfer_data: p.get('transfer_data[destination]') ? { destination: p.get('transfer_data[destination]') } : null,
        // Without confirm=true the customer confirms later with Stripe.js (the Payment Element).
        status:
          p.get('confirm') !== 'true'
            ? 'requires_payment_method'
            : pm === 'pm_card_authenticationRequired'
              ? 'requires_action'
              : 'requires_capture',
        amount_received: 0,
      };
      intents.set(pi.id, pi);
      return { status: 200, body: pi };
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/(pi_\w+)\/confirm$/))) return confirmFromBrowser(m[1]!, p);
    if ((m = path.match(/^\/v1\/payment_intents\/(pi_\w+)(\/(capture|cancel))?$/))) {
      const pi = intents.get(m[1]!);
      if (!pi) return { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } } };
      if (m[3] === 'capture') {
        if (pi.status !== 'requires_capture')
          return {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: `This PaymentIntent could not be captured because it has a status of ${pi.status}.`,
              },
            },
          };
        Object.assign(pi, { status: 'succeeded', amount_received: Number(p.get('amount_to_capture') ?? pi.amount) });
      } else if (m[3] === 'cancel') {
        Object.assign(pi, { status: 'canceled' });
      } else if (method === 'GET' && pi.status === 'requires_action') {
        Object.assign(pi, { status: 'requires_capture' }); // the customer completed 3-D Secure
      }
      return { status: 200, body: pi };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const r = makeRefund(p.get('payment_intent') ?? '', p.get('amount') ? Number(p.get('amount')) : null, {
        reverseTransfer: p.get('reverse_transfer') === 'true',
        metadata: Object.fromEntries(
          [...p.entries()].filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]),
        ),
      });
      return 'error' in r ? { status: 400, body: r } : { status: 200, body: r };
    }
    if (method === 'GET' && path === '/v1/refunds') {
      // Newest first, like Stripe; one page is enough here.
      const data = [...refunds.values()]
        .filter((r) => !p.get('payment_intent') || r.payment_intent === p.get('payment_intent'))
        .sort((a, b) => Number(b.seq) - Number(a.seq));
      return { status: 200, body: { object: 'list', url: '/v1/refunds', has_more: false, data } };
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/disputes\/(dp_\w+)$/))) {
      const d = disputes.get(m[1]!);
      return d
        ? { status: 200, body: d }
        : { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such dispute' } } };
    }
    if (method === 'POST' && path === '/v1/payouts')
      return {
        status: 200,
        body: { id: id('po'), object: 'payout', amount: Number(p.get('amount')), currency: p.get('currency'), status: 'pending' },
      };
    if (method === 'POST' && path === '/v1/accounts') {
      const a = {
        id: id('acct'),
        object: 'account',
        type: p.get('type'),
        email: p.get('email'),
        metadata: { dj_profile_id: p.get('metadata[dj_profile_id]') },
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        capabilities: { transfers: 'inactive' },
      };
      accounts.set(a.id, a);
      return { status: 200, body: a };
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/accounts\/(acct_\w+)$/))) {
      const a = accounts.get(m[1]!);
      return a
        ? { status: 200, body: a }
        : { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such account' } } };
    }
    if (method === 'POST' && path === '/v1/account_links')
      return { status: 200, body: { object: 'account_link', url: `https://connect.stripe.test/setup/${p.get('account')}` } };
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } },
    };
  };

  /** A refund of a captured intent, refused beyond what is left (as Stripe does). */
  function makeRefund(
    intentId: string,
    amount: number | null,
    o: { reverseTransfer?: boolean; metadata?: Record<string, string>; status?: string },
  ) {
    const pi = intents.get(intentId);
    if (!pi || pi.status !== 'succeeded')
      return {
        error: {
          type: 'invalid_request_error',
          code: 'charge_not_captured',
          message: 'This PaymentIntent has no captured charge to refund.',
        },
      };
    const left =
      Number(pi.amount_received) -
      [...refunds.values()]
        .filter((r) => r.payment_intent === intentId && r.status !== 'failed')
        .reduce((s, r) => s + Number(r.amount), 0);
    const value = amount ?? left;
    if (value <= 0 || value > left)
      return {
        error: {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          message: `Refund amount (${value}) is greater than unrefunded amount on charge (${left})`,
        },
      };
    const r = {
      id: id('re'),
      object: 'refund',
      amount: value,
      currency: pi.currency,
      payment_intent: intentId,
      charge: `ch_${intentId.slice(3)}`,
      status: o.status ?? 'succeeded',
      metadata: o.metadata ?? {},
      transfer_reversal: o.reverseTransfer && pi.transfer_data ? id('trr') : null,
      created: unixNow(),
      seq: ++refundSeq,
    };
    refunds.set(r.id, r);
    return r;
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'GET' && url.pathname === '/stripe.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(STRIPE_JS_STAND_IN);
        return;
      }
      // Stripe.js calls the API from the page's origin (CORS).
      res.setHeader('Access-Control-Allow-Origin', '*');
      const params = new URLSearchParams(req.method === 'GET' ? url.search : body);
      const key = req.headers['idempotency-key'] as string | undefined;
      requests.push({
        method: req.method!,
        path: url.pathname,
        params,
        idempotencyKey: key,
        account: req.headers['stripe-account'] as string | undefined,
      });
      const failure = failures.find((f) => f.left > 0 && f.path.test(url.pathname));
      if (failure) {
        failure.left--;
        // Not cached under the idempotency key: Stripe does not save results of requests that failed on its side.
        res.writeHead(failure.status, { 'Content-Type': 'application/json', 'Request-Id': id('req') });
        res.end(JSON.stringify({ error: { type: 'api_error', message: 'Simulated Stripe outage.' } }));
        return;
      }
      const cacheKey = key ? `${req.method} ${url.pathname} ${key}` : null;
      const out = (cacheKey && seen.get(cacheKey)) || route(req.method!, url.pathname, params);
      if (cacheKey && !seen.has(cacheKey)) seen.set(cacheKey, out);
      res.writeHead(out.status, { 'Content-Type': 'application/json', 'Request-Id': id('req') });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    intents,
    refunds,
    accounts,
    disputes,
    openDispute(intentId, amount) {
      const pi = intents.get(intentId)!;
      const d = {
        id: id('dp'),
        object: 'dispute',
        amount: amount ?? Number(pi.amount_received),
        currency: pi.currency,
        payment_intent: intentId,
        charge: `ch_${intentId.slice(3)}`,
        status: 'needs_response',
        reason: 'fraudulent',
      };
      disputes.set(d.id, d);
      return d;
    },
    failNext(path, times, status = 500) {
      failures.push({ path, left: times, status });
    },
    refundInDashboard(intentId, amount, o = {}) {
      const r = makeRefund(intentId, amount, { reverseTransfer: o.reverseTransfer, status: o.status });
      if ('error' in r) throw new Error(r.error.message);
      return r;
    },
    confirmInBrowser(intentId, outcome = 'authorized') {
      const pi = intents.get(intentId)!;
      Object.assign(
        pi,
        outcome === 'authorized'
          ? { status: 'requires_capture' }
          : { status: 'requires_payment_method', last_payment_error: { message: 'Your card was declined.' } },
      );
    },
    completeOnboarding(accountId) {
      Object.assign(accounts.get(accountId)!, {
        charges_enabled: false,
        payouts_enabled: true,
        details_submitted: true,
        capabilities: { transfers: 'active' },
      });
    },
    sendWebhooksTo(url, secret) {
      webhook = { url, secret };
    },
    deliveries,
    get stripeJsUrl() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/stripe.js`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A stand-in for Stripe.js with just what checkout uses: `Stripe(pk)`, `elements({ clientSecret })`,
 * `create('payment')` / `mount` / `destroy` (a plain card-number field in place of Stripe's iframe) and
 * `confirmPayment({ elements, redirect: 'if_required' })`, which confirms the PaymentIntent against the server it
 * was loaded from and answers `{ paymentIntent }` or `{ error }` as Stripe.js does. Plain ES5 in the page.
 */
export const STRIPE_JS_STAND_IN = `(function () {
  var api = new URL(document.currentScript.src).origin;
  function Stripe(pk) {
    if (typeof pk !== 'string' || pk.indexOf('pk_test_') !== 0) throw new Error('stand-in Stripe.js: a pk_test_ key is required');
    return {
      elements: function (opts) {
        var input = null;
        return {
          _clientSecret: opts.clientSecret,
          _card: function () { return input ? input.value : ''; },
          create: function (type) {
            if (type !== 'payment') throw new Error('stand-in Stripe.js: only the Payment Element');
            var box = null;
            return {
              mount: function (el) {
                box = document.createElement('label');
                box.textContent = 'Card number (stand-in Payment Element) ';
                input = document.createElement('input');
                input.setAttribute('autocomplete', 'cc-number');
                box.appendChild(input);
                el.appendChild(box);
              },
              destroy: function () { if (box && box.parentNode) box.parentNode.removeChild(box); },
            };
          },
        };
      },
      confirmPayment: function (o) {
        if (!o || !o.elements || o.redirect !== 'if_required') return Promise.reject(new Error('stand-in Stripe.js: pass elements and redirect: if_required'));
        var secret = o.elements._clientSecret;
        var body = new URLSearchParams({ key: pk, client_secret: secret, 'payment_method_data[card][number]': o.elements._card() });
        return fetch(api + '/v1/payment_intents/' + secret.split('_secret_')[0] + '/confirm', { method: 'POST', body: body })
          .then(function (r) { return r.json(); })
          .then(function (j) { return j.error ? { error: j.error } : { paymentIntent: j }; });
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();
`;
