import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MailSettings } from '@partystream/shared/notification/mail-settings.schemas';
import { settingsChange, zoneOptions } from './notification-settings.ts';

const saved: MailSettings = {
  locale: 'en',
  timeZone: null,
  categories: { reminders: true, reviews: true, invites: true },
};

test('only what changed is sent; nothing changed sends nothing', () => {
  assert.equal(settingsChange(saved, structuredClone(saved)), null);
  assert.deepEqual(settingsChange(saved, { ...saved, categories: { ...saved.categories, reminders: false } }), {
    categories: { reminders: false },
  });
  assert.deepEqual(settingsChange(saved, { ...saved, locale: 'fr', timeZone: 'Europe/Paris' }), {
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
});

test('the saved zone and the browser’s come first, once each', () => {
  const all = ['America/New_York', 'Europe/Berlin', 'Europe/Paris'];
  assert.deepEqual(zoneOptions('Europe/Paris', 'Europe/Berlin', all), ['Europe/Paris', 'Europe/Berlin', 'America/New_York']);
  assert.deepEqual(zoneOptions(null, 'Europe/Berlin', all), ['Europe/Berlin', 'America/New_York', 'Europe/Paris']);
});
