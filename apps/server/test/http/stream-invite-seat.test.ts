/**
 * Issue 17 item 5 ("an invite opens one party seat at a time"), for viewing: a second WHEP session opened with the
 * same invite takes the seat and the first session ends — the party room's rule (newest device wins, see
 * limits.test.ts). Real HTTP and real WebRTC peers (werift) against the embedded SFU.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { TestPublisher, TestViewer } from '../../../../packages/media/test/support/peers.ts';

const app = useTestApp({ now: '2026-12-04T18:30:00Z', env: { SFU_ICE_LOOPBACK: 'true' } });

const peers: { close(): Promise<void> }[] = [];
after(async () => {
  for (const p of peers) await p.close().catch(() => {});
});

const answerer =
  (url: string, headers: Record<string, string> = {}) =>
  async (offer: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: offer });
    assert.equal(res.status, 201, await res.clone().text());
    const sessionId = new URL(res.headers.get('location')!, url).pathname.split('/').pop()!;
    return { sessionId, answerSdp: await res.text() };
  };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a second viewing session with the same invite ends the first; other guests keep watching', async () => {
  const { dj, token, invites } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z', guests: ['Alex', 'Bea'] });
  app.clock.set('2026-12-04T18:30:00Z');
  const [alex, bea] = invites;
  const key = (await dj.client.post(`/api/streams/${token}/key`)).body;
  const publisher = new TestPublisher();
  peers.push(publisher);
  await publisher.connect(answerer(key.whipUrl, { Authorization: `Bearer ${key.streamKey}` }));
  assert.equal((await dj.client.post(`/api/streams/${token}/doors`)).status, 200);
  const whep = (code: string) => `${app.url}/api/streams/${token}/whep?invite=${code}`;
  const watch = async (code: string) => {
    const v = new TestViewer();
    peers.push(v);
    await v.connect(answerer(whep(code)));
    return v;
  };
  const viewers = async () => (await app.client().get(`/api/streams/${token}/status?invite=${bea!.code}`)).body.viewers;
  const viewersBecome = async (n: number) => {
    for (let i = 0; i < 100 && (await viewers()) !== n; i++) await sleep(100);
    assert.equal(await viewers(), n);
  };
  /** Sends audio until `until` has received some (or 5 s pass). */
  const flowTo = async (until: TestViewer) => {
    const before = until.count.audio;
    for (let i = 0; i < 100 && until.count.audio <= before; i++) {
      publisher.send('audio', Buffer.alloc(40, i), { tsStep: 960 });
      await sleep(50);
    }
  };

  const alexPhone = await watch(alex!.code);
  const beaTv = await watch(bea!.code);
  await viewersBecome(2);
  await flowTo(alexPhone);
  assert.ok(alexPhone.count.audio > 0, 'the first device receives the stream');

  const alexLaptop = await watch(alex!.code);
  await viewersBecome(2);
  await flowTo(alexLaptop);
  await flowTo(beaTv);
  const phoneBefore = alexPhone.count.audio;
  await flowTo(alexLaptop);
  assert.ok(alexLaptop.count.audio > 0, 'the new device has the seat');
  assert.equal(alexPhone.count.audio, phoneBefore, 'the first device gets nothing more');
  assert.ok(beaTv.count.audio > 0, 'another guest is not affected');

  // The first device's session is gone: its own DELETE finds nothing; the laptop's ends its own.
  const del = (sessionId: string) =>
    fetch(`${app.url}/api/streams/${token}/whep/${sessionId}?invite=${alex!.code}`, { method: 'DELETE' });
  assert.equal((await del(alexPhone.sessionId)).status, 404);
  assert.ok((await del(alexLaptop.sessionId)).status < 300);
  await viewersBecome(1);
});
