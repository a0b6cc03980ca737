import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookedParty, createUser, loginAs } from '../support/factories.ts';
import { startFakeIvs, type FakeIvs } from '../support/ivs-server.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { parties } from '../../src/db/schema/party.ts';
import { streamGuestParticipants } from '../../src/db/schema/stream.ts';
import { createIvsClient, ivsStreaming } from '../../src/providers/streaming/ivs.ts';
import { roomStore } from '../../src/features/stream/stream.repo.ts';

// The party is Friday 19:00–22:00 UTC; "now" is inside the soundcheck window. Credentials end at 22:30 (grace).
describe('Amazon IVS Real-Time twin against a local IVS-speaking server', () => {
  let fake: FakeIvs;
  let app: TestApp & { stop(): Promise<void>; _expecting?: boolean };
  let IVS_ENV: Record<string, string>;

  before(async () => {
    fake = await startFakeIvs({ now: () => app.clock.now() });
    IVS_ENV = {
      STREAMING_PROVIDER: 'ivs',
      IVS_REGION: 'eu-west-1',
      IVS_ENDPOINT: fake.url,
      IVS_ACCESS_KEY_ID: 'AKIAPARTYSTREAMTEST',
      IVS_SECRET_ACCESS_KEY: 'test-secret-access-key-0000',
    };
    app = await startTestApp({ now: '2026-12-04T18:30:00Z', env: IVS_ENV });
  });
  afterEach(() => {
    const logs = app.errorLogs.splice(0);
    if (!app._expecting && logs.length) assert.fail(`unexpected error logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`);
    app._expecting = false;
  });
  after(async () => {
    await app?.stop();
    await fake?.close();
  });

  async function party() {
    const { dj, host, token, invites } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z', guests: ['Aunt Mary'] });
    app.clock.set('2026-12-04T18:30:00Z');
    // Guests may watch once the DJ opens the doors (stream.test.ts covers the waiting).
    assert.equal((await dj.client.post(`/api/streams/${token}/doors`)).status, 200);
    const [row] = await app.deps.db.select().from(parties).where(eq(parties.token, token));
    return { dj, host, token, invite: invites[0]!, code: invites[0]!.code, partyId: row!.id };
  }
  const stageArnOf = async (partyId: string) =>
    (await app.deps.db.select({ arn: parties.stageArn }).from(parties).where(eq(parties.id, partyId)))[0]!.arn;
  const tokenFor = (participantId: string) => fake.tokens.find((t) => t.participantId === participantId)!;

  test('one stage per party even when the DJ and guests ask at the same moment; its ARN is kept on the party', async () => {
    const { dj, host, token, code, partyId } = await party();
    const before = fake.ops('CreateStage').length;
    fake.createDelayMs = 60;
    const answers = await Promise.all([
      dj.client.get(`/api/streams/${token}/publish-credentials`),
      host.client.get(`/api/streams/${token}/view-credentials`),
      ...Array.from({ length: 4 }, () => app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`)),
    ]);
    fake.createDelayMs = 0;
    for (const a of answers) assert.equal(a.status, 200, a.text);
    const created = fake.ops('CreateStage').slice(before);
    assert.equal(created.length, 1, 'CreateStage called once');
    assert.equal(created[0]!.body.name, `partystream-${partyId}`);
    assert.deepEqual(created[0]!.body.tags, { 'partystream:party': partyId });
    assert.match(
      created[0]!.auth ?? '',
      /^AWS4-HMAC-SHA256 Credential=AKIAPARTYSTREAMTEST\/\d{8}\/eu-west-1\/ivs\/aws4_request/,
      'signed for IVS in the configured region',
    );
    const arn = await stageArnOf(partyId);
    assert.ok(arn && fake.stages.has(arn));
    assert.deepEqual(new Set(answers.map((a) => a.body.stageArn)), new Set([arn]));
    // A later request reuses the stored stage.
    assert.equal((await host.client.get(`/api/streams/${token}/view-credentials`)).body.stageArn, arn);
    assert.equal(fake.ops('CreateStage').length, before + 1);
  });

  test('the booked DJ gets a PUBLISH token bounded by the party window, and OBS gets the stage’s WHIP endpoint', async () => {
    const { dj, token, partyId } = await party();
    const res = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const arn = (await stageArnOf(partyId))!;
    assert.equal(res.body.provider, 'ivs');
    assert.equal(res.body.stageArn, arn);
    assert.equal(res.body.whipUrl, fake.stages.get(arn)!.endpoints.whip);
    const minted = tokenFor(res.body.participantId);
    assert.equal(res.body.token, minted.token);
    assert.deepEqual(minted.capabilities.sort(), ['PUBLISH', 'SUBSCRIBE']);
    assert.equal(minted.userId, dj.user.id);
    assert.equal(minted.attributes?.role, 'dj');
    assert.equal(minted.duration, 240, '18:30 → 22:30 (end + 30 min grace)');
    assert.equal(res.body.expiresAt, '2026-12-04T22:30:00.000Z');

    const obs = await dj.client.post(`/api/streams/${token}/key`);
    assert.equal(obs.status, 200, obs.text);
    assert.equal(obs.body.whipUrl, fake.stages.get(arn)!.endpoints.whip);
    assert.deepEqual(fake.tokens.find((t) => t.token === obs.body.streamKey)?.capabilities.sort(), ['PUBLISH', 'SUBSCRIBE']);
  });

  test('the host and invited guests get SUBSCRIBE-only tokens that carry no names', async () => {
    const { host, token, code, invite } = await party();
    const h = await host.client.get(`/api/streams/${token}/view-credentials`);
    const g = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(h.status, 200, h.text);
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(tokenFor(h.body.participantId).capabilities, ['SUBSCRIBE']);
    assert.deepEqual(tokenFor(g.body.participantId).capabilities, ['SUBSCRIBE']);
    assert.equal(tokenFor(h.body.participantId).userId, host.user.id);
    assert.equal(tokenFor(g.body.participantId).userId, `guest:${invite.id}`);
    assert.deepEqual(tokenFor(g.body.participantId).attributes, { role: 'guest' });
    assert.ok(!JSON.stringify(fake.tokens).includes('Aunt Mary'), 'the guest’s label is not sent to IVS');
    assert.equal('whipUrl' in g.body, false);
  });

  test('an invite holds one stage seat: a second device’s token cuts the first participant off (the host is not a guest)', async () => {
    const { host, token, code } = await party();
    const h = await host.client.get(`/api/streams/${token}/view-credentials`);
    const first = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(first.status, 200);
    const cut = (id: string) => fake.disconnected.some((d) => d.participantId === id);
    assert.equal(cut(first.body.participantId), false, 'one device alone keeps its seat');
    const second = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(second.status, 200);
    assert.ok(cut(first.body.participantId), 'the first device is disconnected from the stage');
    assert.equal(cut(second.body.participantId), false);
    assert.equal(cut(h.body.participantId), false, 'the host keeps watching');
    const rows = await app.deps.db
      .select()
      .from(streamGuestParticipants)
      .where(eq(streamGuestParticipants.participantId, first.body.participantId));
    assert.deepEqual(rows, [], 'the cut participant is forgotten');
  });

  test('strangers, wrong invites and non-DJs are refused and nothing is minted', async () => {
    const { host, token, code } = await party();
    const stranger = await loginAs(app, await createUser(app));
    const minted = fake.tokens.length;
    assert.equal((await stranger.get(`/api/streams/${token}/view-credentials`)).status, 404);
    assert.equal((await app.client().get(`/api/streams/${token}/view-credentials`)).status, 404);
    assert.equal((await app.client().get(`/api/streams/${token}/view-credentials?invite=${'x'.repeat(22)}`)).status, 404);
    const hostPublish = await host.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(hostPublish.status, 404);
    assert.match(hostPublish.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal((await stranger.get(`/api/streams/${token}/publish-credentials`)).status, 404);
    assert.equal((await app.client().get(`/api/streams/${token}/publish-credentials?invite=${code}`)).status, 401);
    assert.equal(fake.tokens.length, minted);
  });

  test('publishing is refused before the soundcheck and after the party; watching after the party', async () => {
    const { dj, host, token } = await party();
    const minted = fake.tokens.length;
    app.clock.set('2026-12-04T17:59:00Z');
    const early = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(early.status, 403);
    assert.equal(early.body.code, 'FORBIDDEN');
    assert.equal((await dj.client.post(`/api/streams/${token}/key`)).status, 403, 'no OBS key outside the window either');
    app.clock.set('2026-12-04T22:31:00Z');
    assert.equal((await dj.client.get(`/api/streams/${token}/publish-credentials`)).status, 403);
    assert.equal((await host.client.get(`/api/streams/${token}/view-credentials`)).status, 403);
    assert.equal(fake.tokens.length, minted);
    app.clock.set('2026-12-04T18:30:00Z');
  });

  test('revoking an invite refuses new credentials and disconnects the guest’s stage participant', async () => {
    const { host, token, code, invite } = await party();
    const g = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(g.status, 200);
    await host.client.delete(`/api/parties/${token}/invites/${invite.id}`);
    for (let i = 0; i < 50 && !fake.disconnected.some((d) => d.participantId === g.body.participantId); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      fake.disconnected.find((d) => d.participantId === g.body.participantId),
      { stageArn: g.body.stageArn, participantId: g.body.participantId },
    );
    assert.equal((await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`)).status, 404);
  });

  test('when IVS fails to disconnect a revoked guest, a job retries until it does', async () => {
    const { host, token, code, invite } = await party();
    const g = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(g.status, 200);
    const gone = () => fake.disconnected.some((d) => d.participantId === g.body.participantId);
    await app.deps.jobs.drain(); // nothing else pending that could disconnect
    fake.failNext('DisconnectParticipant', 6); // the SDK itself tries 3 times per call
    await host.client.delete(`/api/parties/${token}/invites/${invite.id}`);
    let due = 0;
    for (let i = 0; i < 100 && due === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      due = await app.deps.jobs.runDue(); // the retry job appears once the first try has given up
    }
    assert.ok(due >= 1, 'a retry job was scheduled');
    assert.equal(gone(), false, 'the second try failed too; the job backs off');
    app.clock.advance(2 * 60_000);
    await app.deps.jobs.drain();
    assert.equal(gone(), true, 'disconnected on a later attempt');
    app.clock.advance(60 * 60_000);
    await app.deps.jobs.drain();
    assert.equal(fake.disconnected.filter((d) => d.participantId === g.body.participantId).length, 1, 'once');
    app.clock.set('2026-12-04T18:30:00Z');
  });

  test('a guest’s stage participant is disconnected when the invite is revoked through another server process (or after a restart)', async () => {
    const { host, token, code, invite, partyId } = await party();
    const g1 = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    const g2 = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`); // a second device
    assert.equal(g1.status, 200);
    assert.equal(g2.status, 200);
    const rows = async () =>
      (await app.deps.db.select().from(streamGuestParticipants).where(eq(streamGuestParticipants.partyId, partyId)))
        .map((r) => r.participantId)
        .sort();

    // A fresh process on the same database knows nothing in memory about the participants this one minted.
    const peer = await startTestApp({ peerOf: app, env: IVS_ENV });
    try {
      const hostOnPeer = await loginAs(peer, host.user);
      assert.equal((await hostOnPeer.delete(`/api/parties/${token}/invites/${invite.id}`)).status, 204);
      const gone = (id: string) => fake.disconnected.some((d) => d.participantId === id);
      for (let i = 0; i < 100 && !(gone(g1.body.participantId) && gone(g2.body.participantId)); i++)
        await new Promise((r) => setTimeout(r, 10));
      for (const g of [g1, g2])
        assert.deepEqual(
          fake.disconnected.find((d) => d.participantId === g.body.participantId),
          { stageArn: g.body.stageArn, participantId: g.body.participantId },
        );
      for (let i = 0; i < 50 && (await rows()).length; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(await rows(), [], 'disconnected participants are forgotten');
    } finally {
      await peer.stop();
    }
  });

  test('an invite revoked while the guest’s token is being minted: the guest gets 404 and the participant is disconnected', async () => {
    const { host, token, code, invite } = await party();
    await host.client.get(`/api/streams/${token}/view-credentials`); // the stage exists; only the token is slow
    const tokensBefore = fake.tokens.length;
    fake.tokenDelayMs = 150;
    const pending = app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    await new Promise((r) => setTimeout(r, 50));
    await host.client.delete(`/api/parties/${token}/invites/${invite.id}`);
    const res = await pending;
    fake.tokenDelayMs = 0;
    assert.equal(res.status, 404);
    const minted = fake.tokens.slice(tokensBefore);
    assert.equal(minted.length, 1, 'the token was minted before the revoke was seen');
    assert.ok(
      fake.disconnected.some((d) => d.participantId === minted[0]!.participantId),
      'and its participant is cut off',
    );
  });

  test('the stage is deleted by the end-of-party job, not before; a stage already gone is fine', async () => {
    const first = await party();
    const second = await party();
    await first.dj.client.get(`/api/streams/${first.token}/publish-credentials`);
    await second.dj.client.get(`/api/streams/${second.token}/publish-credentials`);
    const arn1 = (await stageArnOf(first.partyId))!;
    const arn2 = (await stageArnOf(second.partyId))!;
    fake.stages.delete(arn2); // someone removed it in the AWS console

    app.clock.set('2026-12-04T22:20:00Z');
    await app.deps.jobs.drain();
    assert.ok(fake.stages.has(arn1), 'still there during the grace period');
    assert.ok(!fake.ops('DeleteStage').some((c) => c.body.arn === arn1));

    app.clock.set('2026-12-04T22:31:00Z');
    await app.deps.jobs.drain();
    assert.ok(!fake.stages.has(arn1), 'deleted after the party');
    assert.ok(
      fake.ops('DeleteStage').some((c) => c.body.arn === arn2),
      'DeleteStage was tried for the missing stage too',
    );
    assert.equal(await stageArnOf(first.partyId), null);
    assert.equal(await stageArnOf(second.partyId), null);
    // Running the clean-up again (at-least-once delivery) is harmless.
    await app.deps.stream.endParty(first.partyId);
    app.clock.set('2026-12-04T18:30:00Z');
  });

  test('a stage deleted outside PartyStream is replaced on the next request', async () => {
    const { dj, token, partyId } = await party();
    await dj.client.get(`/api/streams/${token}/publish-credentials`);
    const old = (await stageArnOf(partyId))!;
    fake.stages.delete(old);
    const res = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(res.status, 200, res.text);
    assert.notEqual(res.body.stageArn, old);
    assert.equal(await stageArnOf(partyId), res.body.stageArn);
  });

  test('two server processes racing for the same party agree on one stage and remove the other', async () => {
    const { partyId, token } = await party();
    const store = roomStore(app.deps.db);
    const mk = () =>
      ivsStreaming({
        client: createIvsClient({
          region: 'eu-west-1',
          endpoint: fake.url,
          accessKeyId: 'AKIAPARTYSTREAMTEST',
          secretAccessKey: 'test-secret-access-key-0000',
        }),
        store,
        now: () => app.clock.now(),
      });
    const room = { partyId, token, expiresAt: new Date('2026-12-04T22:30:00Z') };
    fake.createDelayMs = 30;
    const [a, b] = await Promise.all([
      mk().viewCredentials(room, { userId: 'u1', role: 'host', displayName: 'H' }),
      mk().viewCredentials(room, { userId: 'u2', role: 'host', displayName: 'H' }),
    ]);
    fake.createDelayMs = 0;
    const arn = await stageArnOf(partyId);
    assert.equal(a.provider === 'ivs' && a.stageArn, arn);
    assert.equal(b.provider === 'ivs' && b.stageArn, arn);
    const ours = [...fake.stages.values()].filter((s) => s.tags['partystream:party'] === partyId);
    assert.deepEqual(
      ours.map((s) => s.arn),
      [arn],
      'exactly one stage left for the party',
    );
  });

  test('the embedded WHIP/WHEP routes refuse while IVS is on; status comes from the stage', async () => {
    const { dj, token, code } = await party();
    const key = await fetch(`${app.url}/api/streams/${token}/whip`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Origin: app.url },
      body: 'v=0\r\n',
    });
    assert.equal(key.status, 409);
    assert.equal(
      (
        await fetch(`${app.url}/api/streams/${token}/whep?invite=${code}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp' },
          body: 'v=0\r\n',
        })
      ).status,
      409,
    );
    assert.equal(
      (
        await fetch(`${app.url}/api/streams/whip`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${'k'.repeat(43)}` },
          body: 'v=0\r\n',
        })
      ).status,
      409,
    );
    assert.deepEqual((await app.client().get(`/api/streams/${token}/status?invite=${code}`)).body, {
      live: false,
      viewers: null,
      doors: { open: true, openedAt: '2026-12-04T18:30:00.000Z', opensAt: '2026-12-04T19:00:00.000Z' },
    });
    const pub = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    fake.stages.get(pub.body.stageArn)!.activeSessionId = 'st-session-1';
    assert.deepEqual((await app.client().get(`/api/streams/${token}/status?invite=${code}`)).body, {
      live: true,
      viewers: null,
      doors: { open: true, openedAt: '2026-12-04T18:30:00.000Z', opensAt: '2026-12-04T19:00:00.000Z' },
    });
    assert.equal((await dj.client.get(`/api/streams/${token}/preshow`)).body.ingest, null, 'IVS measures on its side');
  });

  test('an IVS failure is a 503 problem the web can retry, with the AWS message kept out of the answer', async () => {
    const { dj, token } = await party();
    app.expectErrors();
    fake.failNext('CreateStage', 3);
    const res = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.code, 'STREAMING_UNAVAILABLE');
    assert.ok(!res.text.includes('injected failure'));
    assert.equal((await dj.client.get(`/api/streams/${token}/publish-credentials`)).status, 200, 'the next try works');
  });
});

describe('IVS settings', () => {
  test('STREAMING_PROVIDER=ivs without IVS_REGION stops start-up naming the setting', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32), STREAMING_PROVIDER: 'ivs' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.issues.some((i) => i.name === 'IVS_REGION' && /required when STREAMING_PROVIDER=ivs/.test(i.message)),
    );
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'test',
          SESSION_SECRET: 'x'.repeat(32),
          STREAMING_PROVIDER: 'ivs',
          IVS_REGION: 'eu-west-1',
          IVS_ACCESS_KEY_ID: 'AKIAPARTYSTREAMTEST',
        }),
      (e: unknown) => e instanceof ConfigError && e.issues.some((i) => i.name === 'IVS_SECRET_ACCESS_KEY'),
    );
    assert.equal(
      loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32), STREAMING_PROVIDER: 'ivs', IVS_REGION: 'eu-west-1' })
        .IVS_REGION,
      'eu-west-1',
    );
    assert.equal(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32) }).STREAMING_PROVIDER, 'embedded');
  });
});
