/** Issue 17 item 7: a guest who knows another viewer's WHEP session id cannot end (or change) it. */
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
  (url: string, sessions: string[], headers: Record<string, string> = {}) =>
  async (offer: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: offer });
    assert.equal(res.status, 201, await res.clone().text());
    const sessionId = new URL(res.headers.get('location')!, url).pathname.split('/').pop()!;
    sessions.push(sessionId);
    return { sessionId, answerSdp: await res.text() };
  };

test("another guest's DELETE of a viewer's session is 404 (PATCH refused too) and the viewer keeps watching", async () => {
  const { dj, token, invites } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z', guests: ['Alex', 'Bea'] });
  app.clock.set('2026-12-04T18:30:00Z');
  const [alex, bea] = invites;
  const key = (await dj.client.post(`/api/streams/${token}/key`)).body;
  const publisher = new TestPublisher();
  peers.push(publisher);
  await publisher.connect(answerer(key.whipUrl, [], { Authorization: `Bearer ${key.streamKey}` }));
  assert.equal((await dj.client.post(`/api/streams/${token}/doors`)).status, 200);
  const sessions: string[] = [];
  const viewer = new TestViewer();
  peers.push(viewer);
  await viewer.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${alex!.code}`, sessions));
  const alexSession = sessions[0]!;
  const status = () => app.client().get(`/api/streams/${token}/status?invite=${alex!.code}`);
  const viewersBecome = async (n: number) => {
    for (let i = 0; i < 100 && (await status()).body.viewers !== n; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await status()).body.viewers, n);
  };
  await viewersBecome(1);

  const asBea = `${app.url}/api/streams/${token}/whep/${alexSession}?invite=${bea!.code}`;
  assert.equal((await fetch(asBea, { method: 'DELETE' })).status, 404);
  const patch = await fetch(asBea, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/trickle-ice-sdpfrag' },
    body: 'a=ice-ufrag:x\r\n',
  });
  assert.ok(patch.status === 404 || patch.status === 405, `PATCH by another guest: ${patch.status}`);
  assert.equal((await dj.client.delete(`/api/streams/${token}/whep/${alexSession}`)).status, 404, 'not even the DJ');
  assert.equal((await status()).body.viewers, 1, 'the viewer is still watching');

  const own = await fetch(`${app.url}/api/streams/${token}/whep/${alexSession}?invite=${alex!.code}`, { method: 'DELETE' });
  assert.ok(own.status < 300, `own DELETE: ${own.status}`);
  await viewersBecome(0);
});
