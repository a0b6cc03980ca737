import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUnsubscribeTokens } from './unsubscribe-token.ts';

describe('unsubscribe tokens', () => {
  const tokens = createUnsubscribeTokens('test-secret-test-secret-test-secret-0123');
  const user = { userId: '4f7d2c1e-0000-4000-8000-000000000001' };

  it('round-trip the account or address and the category', () => {
    assert.deepEqual(tokens.verify(tokens.sign(user, 'reminders')), { who: user, category: 'reminders' });
    assert.deepEqual(tokens.verify(tokens.sign({ email: 'Guest@Example.org' }, 'invites')), {
      who: { email: 'guest@example.org' },
      category: 'invites',
    });
  });

  it('refuse a token changed to another category or person, or signed with another secret', () => {
    const t = tokens.sign(user, 'reminders');
    const [, sig] = t.split('.');
    const other = Buffer.from(`reviews:u:${user.userId}`).toString('base64url');
    assert.equal(tokens.verify(`${other}.${sig}`), null);
    assert.equal(createUnsubscribeTokens('another-secret-another-secret-01234').verify(t), null);
    assert.equal(tokens.verify(t.slice(0, -2)), null);
    assert.equal(tokens.verify('nonsense'), null);
  });
});
