import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ical from 'node-ical';
import { MAIL_LOCALES } from './catalogue.ts';
import { createMailRenderer, MAIL_TEMPLATES, type MailData, type MailTemplateKey } from './render.ts';

const { renderMail } = createMailRenderer({
  now: () => new Date('2026-12-01T10:00:00Z'),
  organizerEmail: 'bookings@partystream.test',
});

const base: MailData = {
  name: 'Hana',
  other: 'DJ Mira',
  otherRole: 'dj',
  host: 'Hana',
  startsAt: '2026-12-04T19:00:00Z',
  endsAt: '2026-12-04T22:00:00Z',
  timeZone: 'Europe/Paris',
  otherTimeZone: 'Europe/London',
  link: 'https://party.test/bookings/b1',
  retryDays: 2,
  rsvpYes: 'https://party.test/rsvp?x=yes',
  rsvpNo: 'https://party.test/rsvp?x=no',
  unsubscribeUrl: 'https://party.test/api/notifications/unsubscribe?token=abc',
  settingsUrl: 'https://party.test/account/notifications',
  bookingId: '7d9f0c2e-0000-4000-8000-000000000001',
  sequence: 3,
};

/** The subjects these mails had before issue 18 (booking tests assert them). */
const ENGLISH_SUBJECTS: Partial<Record<MailTemplateKey, string>> = {
  'booking.requested': 'New booking request',
  'booking.confirmed': 'Your party is confirmed',
  'booking.declined': 'Your booking request was declined',
  'booking.request_expired': 'Your booking request expired',
  'booking.request_withdrawn': 'A booking request was withdrawn',
  'booking.cancelled_by_host': 'A party was cancelled',
  'booking.cancelled_by_dj': 'The DJ cancelled your party',
  'booking.payout_sent': 'Payout sent',
  'booking.payout_failed': 'Your payout could not be sent',
  'booking.capture_failed_host': 'Your payment could not be collected',
  'booking.capture_failed_dj': 'A booking fell through: the payment failed',
};

describe('mail rendering, every template in every language', () => {
  for (const key of Object.keys(MAIL_TEMPLATES) as MailTemplateKey[]) {
    for (const locale of MAIL_LOCALES) {
      test(`${key} in ${locale}`, async () => {
        const m = await renderMail(key, locale, base);
        assert.ok(m.subject.length > 5 && !m.subject.includes('{{'), m.subject);
        if (locale === 'en' && ENGLISH_SUBJECTS[key]) assert.equal(m.subject, ENGLISH_SUBJECTS[key]);
        for (const part of [m.text, m.html]) {
          assert.ok(part.includes(base.link), 'the main link is in both parts');
          assert.ok(!part.includes('{{'), 'no placeholder left');
        }
        assert.match(m.html, new RegExp(`<html[^>]*lang="${locale}"`));
        // The recipient's time (Paris) and the DJ's (London) where they differ.
        assert.match(m.text, /20:00|0?8:00\sPM/, 'Paris time');
        assert.match(m.text, /19:00|0?7:00\sPM/, 'London time on its own line');
        if (MAIL_TEMPLATES[key].category === 'essential') {
          assert.deepEqual(m.headers, {});
        } else {
          assert.equal(m.headers['List-Unsubscribe'], `<${base.unsubscribeUrl}>`);
          assert.equal(m.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
          assert.ok(m.text.includes(base.unsubscribeUrl!) && m.html.includes(base.unsubscribeUrl!.replace(/&/g, '&amp;')));
        }
        const kind = MAIL_TEMPLATES[key].ics;
        assert.equal(m.attachments.length, kind ? 1 : 0);
        if (kind) {
          const ics = m.attachments[0]!.content;
          assert.match(ics, new RegExp(`METHOD:${kind === 'cancel' ? 'CANCEL' : 'REQUEST'}`));
          const parsed = ical.sync.parseICS(ics);
          const ev = Object.values(parsed).find((c) => c?.type === 'VEVENT');
          assert.ok(ev && ev.type === 'VEVENT');
          assert.equal(ev.uid, `booking-${base.bookingId}@partystream`);
          assert.equal(Number(ev.sequence), 3);
          assert.equal(ev.start.getTime(), Date.parse(base.startsAt));
          assert.equal(ev.end?.getTime(), Date.parse(base.endsAt));
          assert.equal(String(ev.status), kind === 'cancel' ? 'CANCELLED' : 'CONFIRMED');
        }
      });
    }
  }

  test('French confirmation: French text, times in Paris with London alongside, the invitation attached', async () => {
    const m = await renderMail('booking.confirmed', 'fr', base);
    assert.equal(m.subject, 'Votre soirée est confirmée');
    assert.match(m.text, /^Bonjour Hana,/);
    assert.match(m.text, /vendredi 4 décembre 2026/);
    assert.match(m.text, /Votre heure\u00a0: ven\. 4 déc\., 20:00–23:00/);
    assert.match(m.text, /Heure de DJ Mira\u00a0: ven\. 4 déc\., 19:00–22:00/);
    assert.equal(m.attachments[0]!.filename, 'party.ics');
  });

  test('the same zone twice is one line; a payout retry counts days in the language', async () => {
    const m = await renderMail('booking.payout_failed', 'es', { ...base, otherTimeZone: 'Europe/Madrid', retryDays: 1 });
    assert.ok(!m.text.includes('Hora de'), m.text);
    assert.match(m.text, /en 1 día\./);
    const en = await renderMail('booking.payout_failed', 'en', { ...base, retryDays: 4 });
    assert.match(en.text, /try again in 4 days\./);
  });

  test('names are escaped in HTML; a non-essential mail without an unsubscribe address is refused', async () => {
    const m = await renderMail('party.invite', 'en', { ...base, host: '<b>Eve</b>', other: 'DJ "Q" & co' });
    assert.ok(!m.html.includes('<b>Eve</b>'));
    assert.ok(m.html.includes('&lt;b&gt;Eve&lt;/b&gt;'));
    assert.ok(m.text.includes(base.rsvpYes!) && m.html.includes(base.rsvpNo!));
    await assert.rejects(renderMail('party.reminder_1h', 'en', { ...base, unsubscribeUrl: undefined }), /unsubscribe/);
  });
});
