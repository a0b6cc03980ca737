import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app.ts';
import { TEST_PASSWORD, uniqueEmail } from '../support/factories.ts';

/** The production mail twin against a real SMTP server listening on loopback. */
describe('SMTP mail provider', () => {
  const received: { from: string; to: string[]; raw: string; user?: string }[] = [];
  let smtp: SMTPServer;
  let app: TestApp & { stop(): Promise<void> };

  before(async () => {
    smtp = new SMTPServer({
      authOptional: false,
      secure: false,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'mailer' && auth.password === 'mail-pass') cb(null, { user: auth.username });
        else cb(new Error('bad credentials'));
      },
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString()));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            user: String(session.user),
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const port = (smtp.server.address() as AddressInfo).port;
    app = await startTestApp({
      env: {
        MAIL_PROVIDER: 'smtp',
        SMTP_URL: `smtp://mailer:mail-pass@127.0.0.1:${port}`,
        MAIL_FROM: 'PartyStream <hello@partystream.test>',
      },
    });
  });

  after(async () => {
    await app?.stop();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  test('a registration mail is delivered over SMTP with the verification link', async () => {
    const email = uniqueEmail('smtp');
    const res = await app
      .client()
      .post('/api/auth/register', { email, password: TEST_PASSWORD, displayName: 'Mail Test', role: 'host' });
    assert.equal(res.status, 201);
    const mail = received.find((m) => m.to.includes(email));
    assert.ok(mail, 'the SMTP server received the mail');
    assert.equal(mail.from, 'hello@partystream.test');
    assert.equal(mail.user, 'mailer', 'authenticated with the configured credentials');
    assert.match(mail.raw, /Subject: Confirm your PartyStream email/);
    const unfolded = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    assert.match(unfolded, new RegExp(`${app.url.replace(/[.:/]/g, '\\$&')}/verify-email\\?token=[\\w-]{20,}`));
  });

  test('HTML and text alternatives, extra headers, an .ics attachment and the calendar part all reach the SMTP server', async () => {
    const to = uniqueEmail('smtp-parts');
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n';
    await app.deps.mail.send({
      to,
      subject: 'Parts',
      text: 'plain part',
      html: '<p>html part</p>',
      headers: { 'List-Unsubscribe': '<https://example.test/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      attachments: [{ filename: 'cancelled.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=CANCEL' }],
      calendar: { method: 'CANCEL', content: ics },
    });
    const mail = received.find((m) => m.to.includes(to));
    assert.ok(mail);
    assert.match(mail.raw, /^List-Unsubscribe: <https:\/\/example\.test\/u\/1>\r?$/m);
    assert.match(mail.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    assert.match(mail.raw, /Content-Type: text\/plain/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    assert.match(mail.raw, /Content-Type: text\/calendar; charset=utf-8; method=CANCEL/i);
    assert.match(mail.raw, /filename=cancelled\.ics/);
  });

  test('the dev outbox is not served when SMTP is the provider', async () => {
    assert.equal((await app.client().get('/api/dev/outbox')).status, 404);
  });
});
