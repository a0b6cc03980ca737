import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import { MAIL_LOCALES } from './catalogue.ts';
import { NOTICE_TEMPLATES, renderNotice, type NoticeData, type NoticeKey } from './notices.ts';

const link = 'https://party.test/some/page?token=abc';
const receipt: Receipt = {
  number: 'PS-0123456789',
  bookingId: 'b1',
  bookingState: 'confirmed',
  hostName: 'Hana',
  djStageName: 'DJ Mira',
  startsAt: '2026-12-04T19:00:00.000Z',
  endsAt: '2026-12-04T22:00:00.000Z',
  timeZone: 'Europe/Paris',
  djTimeZone: 'Europe/London',
  lines: [{ label: 'Live DJ set by DJ Mira · 3 hours', amountMinor: 45_000 }],
  total: { amountMinor: 45_000, currency: 'EUR' },
  payment: { status: 'partially_refunded', cardLast4: '4242', chargedAt: '2026-12-01T10:00:00.000Z' },
  refunds: [{ at: '2026-12-02T09:30:00.000Z', amountMinor: 15_000, reason: 'Cancelled by the DJ — full refund' }],
  refundedMinor: 15_000,
  netPaidMinor: 30_000,
  issuedAt: '2026-12-02T09:30:00.000Z',
};

const base: NoticeData = {
  name: 'Hana',
  timeZone: 'Europe/Paris',
  vars: {
    other: 'DJ Mira',
    inviter: 'Ada',
    newEmail: 'new@example.test',
    number: 'PS-0123456789',
    kind: 'PRO',
    territory: 'FR',
    last4: '4242',
    count: 14,
  },
  at: '2026-12-04T19:00:00Z',
  date: '2027-01-31',
  money: { amountMinor: 12_345, currency: 'EUR' },
  facts: [{ label: 'reason', value: 'Spam in the chat' }],
  link,
  unsubscribeUrl: 'https://party.test/api/mail/unsubscribe/tok',
  settingsUrl: 'https://party.test/account/notifications',
};

/** The English subjects these mails had before they were templates (tests and the dev outbox name them). */
const ENGLISH_SUBJECTS: Partial<Record<NoticeKey, string>> = {
  'auth.verify_email': 'Confirm your PartyStream email',
  'auth.reset_password': 'Reset your PartyStream password',
  'account.confirm_email_change': 'Confirm your new PartyStream email',
  'account.email_change_notice': 'Your PartyStream email is being changed',
  'payment.refund_failed': 'Your refund did not go through',
  'payment.dispute_opened': 'A payment for your party is disputed',
  'licence.approved': 'Your music licence is verified',
  'licence.rejected': 'Your music licence was not accepted',
  'review.request': 'How was your party with DJ Mira?',
};

describe('notices: every template in every language', () => {
  for (const key of Object.keys(NOTICE_TEMPLATES) as NoticeKey[]) {
    for (const locale of MAIL_LOCALES) {
      test(`${key} in ${locale}`, async () => {
        const data = key.startsWith('booking.receipt') ? { ...base, receipt } : base;
        const m = await renderNotice(key, locale, data);
        assert.ok(m.subject.length > 5 && !m.subject.includes('{{'), m.subject);
        if (locale === 'en' && ENGLISH_SUBJECTS[key]) assert.equal(m.subject, ENGLISH_SUBJECTS[key]);
        for (const part of [m.text, m.html]) {
          assert.ok(!part.includes('{{'), 'no placeholder left');
          assert.ok(part.includes('Hana'), 'greets the recipient by name');
        }
        // The main link: the first link of the text part (what people and tests follow), and a button in the HTML.
        const def = NOTICE_TEMPLATES[key] as { link?: false };
        if (def.link === false) assert.ok(!m.text.includes(link) && !m.html.includes(link), 'nothing to open');
        else {
          assert.equal(/https?:\/\/\S+/.exec(m.text)?.[0], link);
          assert.ok(m.html.includes(`href="${link.replace(/&/g, '&amp;')}"`));
        }
        assert.match(m.html, new RegExp(`<html[^>]*lang="${locale}"`));
        if (m.category === 'essential') {
          assert.deepEqual(m.headers, {}, 'essential mail has no unsubscribe');
          assert.ok(!m.text.includes(base.unsubscribeUrl!));
        } else {
          assert.equal(m.headers['List-Unsubscribe'], `<${base.unsubscribeUrl}>`);
          assert.equal(m.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
          assert.ok(m.text.includes(base.unsubscribeUrl!) && m.html.includes(base.unsubscribeUrl!));
        }
      });
    }
  }

  test('a notice without a link has no button and no link', async () => {
    const m = await renderNotice('account.deleted', 'fr', { ...base, link: undefined });
    assert.equal(m.subject, 'Votre compte PartyStream a été supprimé');
    assert.ok(!/https?:\/\//.test(m.text), m.text);
  });

  test('times in the recipient’s zone, sums and dates in their language, the wording by case', async () => {
    const fr = await renderNotice('payment.dispute_closed', 'fr', { ...base, variant: 'lost' });
    assert.match(fr.text, /123,45\s€/, 'French money');
    assert.match(fr.text, /20:00/, 'Paris time of 19:00 UTC');
    assert.match(fr.text, /l’argent vous reste acquis/);
    const ny = await renderNotice('payment.provider_refund', 'en', { ...base, timeZone: 'America/New_York' });
    assert.match(ny.text, /2:00\sPM \(EST\)/, 'the host in New York');
    assert.match(ny.text, /€123\.45/);
    const es = await renderNotice('licence.expiring', 'es', { ...base, variant: 'required' });
    assert.match(es.subject, /31 de enero de 2027/);
    assert.match(es.text, /seguir saliendo en directo/, 'the required-policy wording');
    const removed = await renderNotice('moderation.removed', 'en', { ...base, variant: 'review' });
    assert.equal(removed.subject, 'Your review was removed');
    assert.match(removed.text, /Reason: Spam in the chat/);
  });

  test('a receipt lists the set, total, refund and net in the host’s language and zone', async () => {
    const en = await renderNotice('booking.receipt_refunded', 'en', { ...base, variant: 'card', receipt });
    assert.equal(en.subject, 'Refund receipt PS-0123456789: your party with DJ Mira');
    assert.match(en.text, /your card ending 4242/);
    assert.match(en.text, /Live DJ set by DJ Mira · 3 hours: €450\.00/);
    assert.match(en.text, /Party: Friday, December 4, 2026 at 8:00\sPM \(GMT\+1\) – 11:00\sPM/);
    assert.match(en.text, /Refunded December 2, 2026 \(Cancelled by the DJ — full refund\): −€150\.00/);
    assert.match(en.text, /Net paid: €300\.00/);
    const fr = await renderNotice('booking.receipt_charged', 'fr', { ...base, variant: 'card', receipt });
    assert.match(fr.text, /Set de DJ en direct par DJ Mira · 3 heures\s:\s450,00\s€/);
    assert.match(fr.text, /Annulée par le DJ — remboursement intégral/);
  });

  test('a non-essential notice without an unsubscribe link is refused', async () => {
    await assert.rejects(renderNotice('review.reminder', 'en', { ...base, unsubscribeUrl: undefined }), /not essential/);
  });
});
